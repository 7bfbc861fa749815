/**
 * POP3 (RFC 1939) on 110 and over implicit TLS on 995: the greeting as PortQry prints it, the
 * CAPA list (RFC 2449), STLS (RFC 2595 4) offered or not and, when offered, the upgrade's
 * certificate and the CAPA list after it. Never USER/PASS; the session ends with QUIT.
 */
import { DecodeError } from '../decode-error.js';
import type { ModuleResult, QueryChannel, TlsSummary } from '../types.js';
import { tryReceive } from '../reply-wait/try-receive.js';
import { lineFramer, linesUntil, printableLines, splitLines } from '../text-reply/lines.js';
import { tlsFields, tlsOneLine, tlsSummaryLines } from '../tls/summary-text.js';

const CODEC = 'pop3';

/** RFC 1939 3: a status line starts with "+OK" or "-ERR". */
function status(line: string): boolean {
  if (line.startsWith('+OK')) return true;
  if (line.startsWith('-ERR')) return false;
  throw new DecodeError(CODEC, `not a POP3 status line: ${JSON.stringify(line.slice(0, 40))}`, 0);
}

/** RFC 1939 3: a multi-line answer ends with a line holding a single '.'; -ERR is one line. */
const multiLineFramer = linesUntil(CODEC, (line, index) => (index === 0 ? !status(line) : line === '.'));

async function capa(channel: QueryChannel): Promise<string[] | null> {
  await channel.send(Buffer.from('CAPA\r\n'), 'CAPA');
  const lines = splitLines(printableLines(await channel.receive({ framer: multiLineFramer, label: 'CAPA reply' })));
  if (!status(lines[0] ?? '')) return null;
  // RFC 1939 3: a leading '.' in a data line is doubled ("byte-stuffed").
  return lines.slice(1, -1).map((l) => (l.startsWith('..') ? l.slice(1) : l));
}

async function statusCommand(channel: QueryChannel, line: string): Promise<string> {
  await channel.send(Buffer.from(`${line}\r\n`), line);
  const reply = printableLines(await channel.receive({ framer: lineFramer(CODEC), label: `${line} reply` }));
  status(reply);
  return reply;
}

export interface Pop3Session {
  greeting: string;
  ok: boolean;
  capabilities: string[] | null;
  stlsOffered: boolean;
  tls: TlsSummary | null;
  tlsError: string | null;
  capabilitiesAfterTls: string[] | null;
}

export async function pop3Session(channel: QueryChannel, implicitTls: boolean): Promise<Pop3Session> {
  const greeting = printableLines(await channel.receive({ framer: lineFramer(CODEC), label: 'POP3 greeting' }));
  const s: Pop3Session = { greeting, ok: status(greeting), capabilities: null, stlsOffered: false, tls: null, tlsError: null, capabilitiesAfterTls: null };
  if (!s.ok) return s;
  s.capabilities = await capa(channel);
  s.stlsOffered = !!s.capabilities?.some((c) => c.toUpperCase() === 'STLS');
  if (s.stlsOffered && !implicitTls) {
    const go = await statusCommand(channel, 'STLS');
    if (go.startsWith('+OK')) {
      try {
        s.tls = await channel.startTls();
        s.capabilitiesAfterTls = await capa(channel);
      } catch (err) {
        s.tlsError = (err as Error).message;
        return s;
      }
    } else {
      s.tlsError = `STLS refused: ${go}`;
    }
  }
  try {
    await channel.send(Buffer.from('QUIT\r\n'), 'QUIT');
    await tryReceive(channel, { framer: lineFramer(CODEC), timeoutMs: 500, label: 'QUIT reply' });
  } catch {
    // QUIT is a courtesy.
  }
  return s;
}

export function pop3Result(s: Pop3Session, implicitTls: TlsSummary | null): ModuleResult {
  const lines = ['Data returned from port:', s.greeting];
  if (s.capabilities) lines.push('', 'CAPA:', ...s.capabilities.map((c) => `  ${c}`));
  else if (s.ok) lines.push('', 'CAPA: not supported');
  if (!implicitTls && s.ok) lines.push('', `STLS: ${s.stlsOffered ? 'offered' : 'not offered'}`);
  const tls = implicitTls ?? s.tls;
  if (tls) lines.push('', ...tlsSummaryLines(tls));
  if (s.tlsError) lines.push('', `STLS failed: ${s.tlsError}`);
  if (s.capabilitiesAfterTls) lines.push('', `CAPA after STLS: ${s.capabilitiesAfterTls.join(', ')}`);
  return {
    listening: true,
    summary: [
      s.greeting.slice(0, 100),
      s.capabilities ? `${s.capabilities.length} capabilities` : 'no CAPA',
      implicitTls ? tlsOneLine(implicitTls) : s.stlsOffered ? `STLS${s.tls ? ` (${tlsOneLine(s.tls)})` : ''}` : 'no STLS',
    ].join(', '),
    fields: {
      banner: s.greeting,
      ok: s.ok,
      capabilities: s.capabilities,
      stls: s.stlsOffered,
      tls: tls ? tlsFields(tls) : null,
      tlsError: s.tlsError,
      capabilitiesAfterTls: s.capabilitiesAfterTls,
    },
    text: lines.join('\n'),
  };
}
