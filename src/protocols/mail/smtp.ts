/**
 * SMTP (RFC 5321) on 25 and 587, and over implicit TLS on 465 (RFC 8314): the greeting as
 * PortQry prints it (`Data returned from port:`), the EHLO keywords (RFC 5321 4.1.1.1; HELO when
 * EHLO is refused), STARTTLS (RFC 3207) offered or not and, when offered, the upgrade's
 * certificate and the keywords after it. No mail is sent and no AUTH attempted; the session ends
 * with QUIT.
 */
import type { ModuleResult, QueryChannel, TlsSummary } from '../types.js';
import { numericReplyFramer, parseNumericReply, type NumericReply } from '../text-reply/numeric-reply.js';
import { tryReceive } from '../reply-wait/try-receive.js';
import { tlsFields, tlsOneLine, tlsSummaryLines } from '../tls/summary-text.js';

const CODEC = 'smtp';
/** RFC 5321 4.1.4 wants the client's FQDN; a probe has none, and .invalid names nobody. */
export const EHLO_NAME = 'portq.invalid';

async function command(channel: QueryChannel, line: string): Promise<NumericReply> {
  await channel.send(Buffer.from(`${line}\r\n`, 'latin1'), line.split(' ')[0]);
  return parseNumericReply(CODEC, await channel.receive({ framer: numericReplyFramer(CODEC), label: `${line.split(' ')[0]} reply` }));
}

/** EHLO keywords: every line of the 250 reply after the first (RFC 5321 4.1.1.1). */
function keywords(reply: NumericReply): string[] {
  return reply.code === 250 ? reply.lines.slice(1).map((l) => l.trim()).filter(Boolean) : [];
}

export interface SmtpSession {
  greeting: NumericReply;
  ehlo: NumericReply | null;
  usedHelo: boolean;
  capabilities: string[];
  starttlsOffered: boolean;
  tls: TlsSummary | null;
  tlsError: string | null;
  capabilitiesAfterTls: string[] | null;
}

/** The SMTP conversation; `implicitTls` when the channel is already TLS (465). */
export async function smtpSession(channel: QueryChannel, implicitTls: boolean): Promise<SmtpSession> {
  const greeting = parseNumericReply(CODEC, await channel.receive({ framer: numericReplyFramer(CODEC), label: 'SMTP greeting' }));
  const s: SmtpSession = {
    greeting, ehlo: null, usedHelo: false, capabilities: [], starttlsOffered: false, tls: null, tlsError: null, capabilitiesAfterTls: null,
  };
  // RFC 5321 3.1: 554 instead of 220 means no service; say so and stop.
  if (greeting.code !== 220) return s;
  let ehlo = await command(channel, `EHLO ${EHLO_NAME}`);
  if (ehlo.code >= 500) {
    s.usedHelo = true;
    ehlo = await command(channel, `HELO ${EHLO_NAME}`);
  }
  s.ehlo = ehlo;
  s.capabilities = keywords(ehlo);
  s.starttlsOffered = s.capabilities.some((k) => k.toUpperCase() === 'STARTTLS');
  if (s.starttlsOffered && !implicitTls) {
    const go = await command(channel, 'STARTTLS');
    if (go.code === 220) {
      try {
        s.tls = await channel.startTls();
        // RFC 3207 4.2: forget what was learned before TLS and ask again.
        s.capabilitiesAfterTls = keywords(await command(channel, `EHLO ${EHLO_NAME}`));
      } catch (err) {
        s.tlsError = (err as Error).message;
        return s;
      }
    } else {
      s.tlsError = `STARTTLS refused: ${go.raw}`;
    }
  }
  await quit(channel);
  return s;
}

async function quit(channel: QueryChannel): Promise<void> {
  try {
    await channel.send(Buffer.from('QUIT\r\n'), 'QUIT');
    await tryReceive(channel, { framer: numericReplyFramer(CODEC), timeoutMs: 500, label: 'QUIT reply' });
  } catch {
    // The verdict is already made; a server that hangs up on QUIT changes nothing.
  }
}

export function smtpResult(s: SmtpSession, implicitTls: TlsSummary | null): ModuleResult {
  const lines = ['Data returned from port:', s.greeting.raw];
  if (s.ehlo) {
    lines.push('', `${s.usedHelo ? 'HELO' : 'EHLO'} reply:`, s.ehlo.raw);
    if (!implicitTls) lines.push('', `STARTTLS: ${s.starttlsOffered ? 'offered' : 'not offered'}`);
  }
  const tls = implicitTls ?? s.tls;
  if (tls) lines.push('', ...tlsSummaryLines(tls));
  if (s.tlsError) lines.push('', `STARTTLS failed: ${s.tlsError}`);
  if (s.capabilitiesAfterTls) lines.push('', `EHLO keywords after STARTTLS: ${s.capabilitiesAfterTls.join(', ')}`);
  const first = s.greeting.lines[0] ?? '';
  const summary = [
    `${s.greeting.code} ${first}`.trim(),
    s.greeting.code === 220 ? `${s.capabilities.length} EHLO keyword(s)` : 'no service',
    implicitTls ? tlsOneLine(implicitTls) : s.starttlsOffered ? `STARTTLS${s.tls ? ` (${tlsOneLine(s.tls)})` : ''}` : 'no STARTTLS',
  ].join(', ');
  return {
    listening: true,
    summary,
    fields: {
      banner: s.greeting.raw,
      greetingCode: s.greeting.code,
      ehloCode: s.ehlo?.code ?? null,
      usedHelo: s.usedHelo,
      capabilities: s.capabilities,
      starttls: s.starttlsOffered,
      tls: tls ? tlsFields(tls) : null,
      tlsError: s.tlsError,
      capabilitiesAfterTls: s.capabilitiesAfterTls,
    },
    text: lines.join('\n'),
  };
}
