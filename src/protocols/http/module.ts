/**
 * HTTP on 80/8080 and HTTPS on 443/8443: HEAD / (RFC 9110 9.3.2) with the Host the user typed;
 * the status, the Server header and a few telling fields. Over TLS, the negotiated version,
 * cipher and certificate first.
 */
import type { ModuleResult, ProtocolModule, QueryChannel, TlsSummary } from '../types.js';
import { printableLines } from '../text-reply/lines.js';
import { tlsFields, tlsOneLine, tlsSummaryLines } from '../tls/summary-text.js';
import { header, parseResponseHead, responseHeadFramer } from './response-head.js';

/** Headers worth a line in the text block. */
const SHOWN = ['server', 'date', 'content-type', 'content-length', 'location', 'strict-transport-security', 'www-authenticate', 'x-powered-by'];

/** RFC 9110 7.2: Host is the name (or bracketed IPv6 literal) and the port when not the default. */
export function hostHeader(host: string, port: number, defaultPort: number): string {
  const name = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return port === defaultPort ? name : `${name}:${port}`;
}

export function headRequest(host: string): Buffer {
  return Buffer.from(`HEAD / HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: portq\r\nAccept: */*\r\nConnection: close\r\n\r\n`, 'latin1');
}

export async function runHttp(channel: QueryChannel, tls: TlsSummary | null): Promise<ModuleResult> {
  await channel.send(headRequest(hostHeader(channel.host, channel.port, tls ? 443 : 80)), 'HEAD /');
  const raw = await channel.receive({ framer: responseHeadFramer, label: 'HTTP response head' });
  const head = parseResponseHead(raw);
  const server = header(head, 'server');
  const lines: string[] = [];
  if (tls) lines.push(...tlsSummaryLines(tls), '');
  lines.push('HTTP response to HEAD /:', printableLines(raw).split('\n')[0]!);
  for (const name of SHOWN) {
    const v = header(head, name);
    if (v !== null) lines.push(`${name}: ${v}`);
  }
  return {
    listening: true,
    summary: [`HTTP ${head.status} ${head.reason}`.trim(), server ? `Server: ${server}` : null, tls ? tlsOneLine(tls) : null].filter(Boolean).join(', '),
    fields: {
      httpVersion: head.version,
      status: head.status,
      reason: head.reason,
      server,
      headers: Object.fromEntries(head.headers.map(([n]) => [n, head.headers.filter(([m]) => m === n).map(([, v]) => v).join(', ')])),
      tls: tls ? tlsFields(tls) : null,
    },
    text: lines.join('\n'),
  };
}

export const httpModule: ProtocolModule = {
  name: 'http',
  title: 'HTTP',
  services: ['http', 'http-alt'],
  transports: ['tcp'],
  run: (channel) => runHttp(channel, null),
};

export const httpsModule: ProtocolModule = {
  name: 'https',
  title: 'HTTPS',
  services: ['https', 'https-alt', 'pcsync-https'],
  transports: ['tcp'],
  run: async (channel) => runHttp(channel, await channel.startTls({ alpn: ['http/1.1'] })),
};
