/**
 * NTP on UDP 123 (beyond PortQry): one client request (RFC 5905 mode 3). The answer proves a
 * server; it gives the stratum, the reference ID and time, and with the four timestamps the
 * clock offset and round-trip delay (RFC 5905 8). A kiss-o'-death (stratum 0, e.g. RATE or DENY)
 * still proves the server and is reported as such.
 */
import { randomBytes } from 'node:crypto';
import { DecodeError } from '../decode-error.js';
import type { ModuleResult, ProtocolModule, QueryChannel } from '../types.js';
import { decodeNtp, describeReferenceId, encodeClientRequest, isZero, toUnixMs, type NtpTimestamp } from './codec.js';

/** Wall clock in milliseconds with sub-millisecond resolution. */
export type Clock = () => number;
const wallClock: Clock = () => performance.timeOrigin + performance.now();

const LEAP = ['no warning', 'last minute has 61 s', 'last minute has 59 s', 'unsynchronized'];

function iso(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : String(ms);
}

export async function runNtp(channel: QueryChannel, clock: Clock, cookie: NtpTimestamp): Promise<ModuleResult> {
  // RFC 9109-style data minimisation: a random transmit timestamp, matched against the answer's
  // origin; our own send/receive times are kept locally for the offset.
  const t1 = clock();
  await channel.send(encodeClientRequest(cookie), 'NTP client request');
  const reply = await channel.receive({ label: 'NTP reply' });
  const t4 = clock();
  const p = decodeNtp(reply);
  if (p.mode !== 4) throw new DecodeError('ntp', `answer in mode ${p.mode} (${p.modeName}), expected 4 (server)`, 0);
  if (p.origin.seconds !== cookie.seconds || p.origin.fraction !== cookie.fraction) {
    throw new DecodeError('ntp', 'origin timestamp does not echo our request (RFC 5905 8: bogus packet)', 24);
  }
  const ref = describeReferenceId(p.stratum, p.referenceIdHex);
  const kiss = p.stratum === 0;
  const t2 = toUnixMs(p.receive);
  const t3 = toUnixMs(p.transmit);
  // RFC 5905 8: offset = ((T2 - T1) + (T3 - T4)) / 2, delay = (T4 - T1) - (T3 - T2).
  const offsetMs = kiss ? null : ((t2 - t1) + (t3 - t4)) / 2;
  const delayMs = kiss ? null : (t4 - t1) - (t3 - t2);
  const fields = {
    version: p.version,
    leap: p.leap,
    leapText: LEAP[p.leap],
    stratum: p.stratum,
    kissCode: kiss ? ref.text : null,
    referenceId: ref.text,
    referenceIdKind: ref.kind,
    referenceIdHex: p.referenceIdHex,
    referenceTime: isZero(p.reference) ? null : iso(toUnixMs(p.reference)),
    poll: p.poll,
    precision: p.precision,
    rootDelayMs: p.rootDelay * 1000,
    rootDispersionMs: p.rootDispersion * 1000,
    serverTransmitTime: iso(t3),
    offsetMs,
    delayMs,
  };
  const lines = [
    `NTP server answered (version ${p.version}):`,
    `stratum: ${p.stratum}${kiss ? ` (kiss-o'-death ${ref.text})` : ''}`,
    `reference ID: ${ref.text} (${ref.kind}, ${p.referenceIdHex})`,
    `reference time: ${fields.referenceTime ?? 'never synchronized'}`,
    `leap indicator: ${p.leap} (${LEAP[p.leap]})`,
    `root delay: ${fields.rootDelayMs.toFixed(3)} ms, root dispersion: ${fields.rootDispersionMs.toFixed(3)} ms`,
  ];
  if (offsetMs !== null && delayMs !== null) lines.push(`offset: ${offsetMs >= 0 ? '+' : ''}${offsetMs.toFixed(3)} ms, delay: ${delayMs.toFixed(3)} ms`);
  lines.push('==== End of NTP query response ====');
  return {
    listening: true,
    summary: kiss
      ? `NTP kiss-o'-death ${ref.text}`
      : `stratum ${p.stratum}, reference ${ref.text}, offset ${offsetMs! >= 0 ? '+' : ''}${offsetMs!.toFixed(3)} ms${p.leap === 3 ? ', unsynchronized' : ''}`,
    fields,
    text: lines.join('\n'),
  };
}

export const ntpModule: ProtocolModule = {
  name: 'ntp',
  title: 'NTP',
  services: ['ntp'],
  transports: ['udp'],
  run(channel) {
    const r = randomBytes(8);
    return runNtp(channel, wallClock, { seconds: r.readUInt32BE(0), fraction: r.readUInt32BE(4) });
  },
};
