/**
 * FTP control connection (RFC 959) on TCP 21: the greeting as PortQry prints it
 * (`Data returned from port:`), FEAT (RFC 2389) with AUTH TLS (RFC 4217) offered or not, and
 * PortQry's anonymous login attempt (RFC 1635: USER anonymous, an address-like password). No other
 * credentials are ever sent. After a successful login SYST names the system; then QUIT.
 */
import type { ModuleResult, ProtocolModule, QueryChannel } from '../types.js';
import { tryReceive } from '../reply-wait/try-receive.js';
import { numericReplyFramer, parseNumericReply, type NumericReply } from '../text-reply/numeric-reply.js';

const CODEC = 'ftp';
/** RFC 1635: anonymous FTP asks for an e-mail address as the password; .invalid names nobody. */
export const ANONYMOUS_PASSWORD = 'portq@portq.invalid';

async function command(channel: QueryChannel, line: string, label = line.split(' ')[0]!): Promise<NumericReply> {
  await channel.send(Buffer.from(`${line}\r\n`, 'latin1'), label);
  return parseNumericReply(CODEC, await channel.receive({ framer: numericReplyFramer(CODEC), label: `${label} reply` }));
}

/** FEAT lines between "211-" and "211 End": one feature per line, indented by a space. */
function features(reply: NumericReply): string[] | null {
  if (reply.code !== 211) return null;
  return reply.lines.slice(1, -1).map((l) => l.trim()).filter(Boolean);
}

export async function runFtp(channel: QueryChannel): Promise<ModuleResult> {
  let greeting = parseNumericReply(CODEC, await channel.receive({ framer: numericReplyFramer(CODEC), label: 'FTP greeting' }));
  // RFC 959 5.4: 120 "service ready in nnn minutes" comes before the real greeting.
  if (greeting.code === 120) {
    const next = await tryReceive(channel, { framer: numericReplyFramer(CODEC), label: 'FTP greeting' });
    if (next) greeting = parseNumericReply(CODEC, next);
  }
  const lines = ['Data returned from port:', greeting.raw];
  const fields: Record<string, unknown> = { banner: greeting.raw, greetingCode: greeting.code };
  if (greeting.code !== 220) {
    return { listening: true, summary: `${greeting.raw.split('\n')[0]} (not ready)`, fields, text: lines.join('\n') };
  }
  const feat = await command(channel, 'FEAT');
  const feats = features(feat);
  const authTls = !!feats?.some((f) => /^AUTH\b.*\bTLS\b/i.test(f));
  fields.features = feats;
  fields.authTls = authTls;
  lines.push('', feats ? `FEAT: ${feats.join(', ')}` : `FEAT: not supported (${feat.code})`, `AUTH TLS: ${authTls ? 'offered' : 'not offered'}`);

  // PortQry's anonymous login attempt.
  const user = await command(channel, 'USER anonymous');
  let pass: NumericReply | null = null;
  if (user.code === 331) pass = await command(channel, `PASS ${ANONYMOUS_PASSWORD}`, 'PASS');
  const loggedIn = user.code === 230 || pass?.code === 230;
  fields.anonymous = { userReply: user.raw, passReply: pass?.raw ?? null, loggedIn };
  lines.push('', 'Anonymous login:', `USER anonymous`, user.raw);
  if (pass) lines.push(`PASS ${ANONYMOUS_PASSWORD}`, pass.raw);
  lines.push(`Anonymous login ${loggedIn ? 'succeeded' : 'failed'}`);
  if (loggedIn) {
    const syst = await command(channel, 'SYST');
    fields.system = syst.code === 215 ? syst.lines.join(' ') : null;
    if (syst.code === 215) lines.push('', `System: ${syst.lines.join(' ')}`);
  }
  try {
    await channel.send(Buffer.from('QUIT\r\n'), 'QUIT');
    await tryReceive(channel, { framer: numericReplyFramer(CODEC), timeoutMs: 500, label: 'QUIT reply' });
  } catch {
    // QUIT is a courtesy.
  }
  return {
    listening: true,
    summary: `${greeting.raw.split('\n')[0]}, anonymous login ${loggedIn ? 'allowed' : 'refused'}${authTls ? ', AUTH TLS' : ''}`,
    fields,
    text: lines.join('\n'),
  };
}

export const ftpModule: ProtocolModule = {
  name: 'ftp',
  title: 'FTP',
  services: ['ftp'],
  transports: ['tcp'],
  run: runFtp,
};
