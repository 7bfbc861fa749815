/**
 * IMAP (RFC 3501, RFC 9051) on 143 and over implicit TLS on 993: the greeting as PortQry prints
 * it, the CAPABILITY list, STARTTLS (RFC 3501 6.2.1) offered or not and, when offered, the
 * upgrade's certificate and the capabilities after it. Never LOGIN; the session ends with LOGOUT.
 */
import { DecodeError } from '../decode-error.js';
import type { ModuleResult, QueryChannel, TlsSummary } from '../types.js';
import { tryReceive } from '../reply-wait/try-receive.js';
import { lineFramer, linesUntil, printableLines, splitLines } from '../text-reply/lines.js';
import { tlsFields, tlsOneLine, tlsSummaryLines } from '../tls/summary-text.js';

const CODEC = 'imap';

/** RFC 3501 7.1: the greeting is "* OK", "* PREAUTH" or "* BYE". */
function greetingKind(line: string): 'OK' | 'PREAUTH' | 'BYE' {
  const m = /^\* (OK|PREAUTH|BYE)\b/i.exec(line);
  if (!m) throw new DecodeError(CODEC, `not an IMAP greeting: ${JSON.stringify(line.slice(0, 40))}`, 0);
  return m[1]!.toUpperCase() as 'OK' | 'PREAUTH' | 'BYE';
}

/** Capabilities in a "* CAPABILITY ..." line or a "[CAPABILITY ...]" response code. */
export function capabilitiesIn(line: string): string[] | null {
  const m = /^\* CAPABILITY (.*)$/i.exec(line) ?? /\[CAPABILITY ([^\]]*)\]/i.exec(line);
  return m ? m[1]!.trim().split(/\s+/).filter(Boolean) : null;
}

/** Send a tagged command; collect untagged lines until the tagged completion (RFC 3501 2.2.2). */
async function command(channel: QueryChannel, tag: string, cmd: string): Promise<{ status: string; lines: string[] }> {
  await channel.send(Buffer.from(`${tag} ${cmd}\r\n`), cmd);
  const framer = linesUntil(CODEC, (line) => line.startsWith(`${tag} `));
  const lines = splitLines(printableLines(await channel.receive({ framer, label: `${cmd} reply` })));
  const done = lines[lines.length - 1] ?? '';
  const status = /^\S+ (OK|NO|BAD)\b/i.exec(done)?.[1]?.toUpperCase();
  if (!status) throw new DecodeError(CODEC, `tagged reply without OK/NO/BAD: ${JSON.stringify(done.slice(0, 40))}`, 0);
  return { status, lines };
}

async function capability(channel: QueryChannel, tag: string): Promise<string[] | null> {
  const r = await command(channel, tag, 'CAPABILITY');
  if (r.status !== 'OK') return null;
  for (const l of r.lines) {
    const caps = capabilitiesIn(l);
    if (caps) return caps;
  }
  return [];
}

export interface ImapSession {
  greeting: string;
  kind: 'OK' | 'PREAUTH' | 'BYE';
  capabilities: string[] | null;
  starttlsOffered: boolean;
  tls: TlsSummary | null;
  tlsError: string | null;
  capabilitiesAfterTls: string[] | null;
}

export async function imapSession(channel: QueryChannel, implicitTls: boolean): Promise<ImapSession> {
  const greeting = printableLines(await channel.receive({ framer: lineFramer(CODEC), label: 'IMAP greeting' }));
  const kind = greetingKind(greeting);
  const s: ImapSession = { greeting, kind, capabilities: null, starttlsOffered: false, tls: null, tlsError: null, capabilitiesAfterTls: null };
  if (kind === 'BYE') return s;
  s.capabilities = await capability(channel, 'pq1');
  s.starttlsOffered = !!s.capabilities?.some((c) => c.toUpperCase() === 'STARTTLS');
  if (s.starttlsOffered && !implicitTls && kind === 'OK') {
    const go = await command(channel, 'pq2', 'STARTTLS');
    if (go.status === 'OK') {
      try {
        s.tls = await channel.startTls();
        // RFC 3501 6.2.1: capabilities may change after STARTTLS; ask again.
        s.capabilitiesAfterTls = await capability(channel, 'pq3');
      } catch (err) {
        s.tlsError = (err as Error).message;
        return s;
      }
    } else {
      s.tlsError = `STARTTLS refused: ${go.lines[go.lines.length - 1]}`;
    }
  }
  try {
    await channel.send(Buffer.from('pq9 LOGOUT\r\n'), 'LOGOUT');
    await tryReceive(channel, { framer: linesUntil(CODEC, (l) => l.startsWith('pq9 ')), timeoutMs: 500, label: 'LOGOUT reply' });
  } catch {
    // LOGOUT is a courtesy.
  }
  return s;
}

export function imapResult(s: ImapSession, implicitTls: TlsSummary | null): ModuleResult {
  const lines = ['Data returned from port:', s.greeting];
  if (s.capabilities) lines.push('', `CAPABILITY: ${s.capabilities.join(' ')}`);
  if (!implicitTls && s.kind !== 'BYE') lines.push('', `STARTTLS: ${s.starttlsOffered ? 'offered' : 'not offered'}`);
  const tls = implicitTls ?? s.tls;
  if (tls) lines.push('', ...tlsSummaryLines(tls));
  if (s.tlsError) lines.push('', `STARTTLS failed: ${s.tlsError}`);
  if (s.capabilitiesAfterTls) lines.push('', `CAPABILITY after STARTTLS: ${s.capabilitiesAfterTls.join(' ')}`);
  return {
    listening: true,
    summary: [
      s.greeting.replace(/\[CAPABILITY [^\]]*\]\s*/i, '').slice(0, 100),
      s.capabilities ? `${s.capabilities.length} capabilities` : 'no CAPABILITY',
      implicitTls ? tlsOneLine(implicitTls) : s.starttlsOffered ? `STARTTLS${s.tls ? ` (${tlsOneLine(s.tls)})` : ''}` : 'no STARTTLS',
    ].join(', '),
    fields: {
      banner: s.greeting,
      greeting: s.kind,
      capabilities: s.capabilities,
      starttls: s.starttlsOffered,
      tls: tls ? tlsFields(tls) : null,
      tlsError: s.tlsError,
      capabilitiesAfterTls: s.capabilitiesAfterTls,
    },
    text: lines.join('\n'),
  };
}
