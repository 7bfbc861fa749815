/**
 * IP address text: one spelling for every source, so that the same socket read from /proc, ss,
 * lsof or netstat gets the same key. IPv6 is written as RFC 5952 recommends.
 */
import { isIPv4, isIPv6 } from 'node:net';

/** RFC 5952 text for 16 address bytes (caller guarantees the length). */
export function formatIpv6(bytes: Uint8Array): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i]! << 8) | bytes[i + 1]!);
  // RFC 5952 5: IPv4-mapped addresses keep the dotted quad (::ffff:127.0.0.1).
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `::ffff:${bytes[12]}.${bytes[13]}.${bytes[14]}.${bytes[15]}`;
  }
  // RFC 5952 4.2: '::' replaces the longest run of two or more zero groups, the first on a tie.
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = (g: number) => g.toString(16); // RFC 5952 4.1 and 4.3: no leading zeros, lower case
  if (bestStart < 0) return groups.map(hex).join(':');
  const head = groups.slice(0, bestStart).map(hex).join(':');
  const tail = groups.slice(bestStart + bestLength).map(hex).join(':');
  return `${head}::${tail}`;
}

/** The 16 bytes of an IPv6 literal (no zone), or null when it is not one. */
export function parseIpv6(text: string): Uint8Array | null {
  if (!isIPv6(text)) return null;
  let body = text;
  const bytes = new Uint8Array(16);
  // A trailing dotted quad fills the last four bytes (RFC 4291 2.2, form 3).
  const lastColon = body.lastIndexOf(':');
  const tailPart = body.slice(lastColon + 1);
  let tailBytes: number[] = [];
  if (tailPart.includes('.')) {
    tailBytes = tailPart.split('.').map(Number);
    body = `${body.slice(0, lastColon + 1)}0:0`;
  }
  const [headText, tailText] = body.includes('::') ? body.split('::') : [body, null];
  const head = headText ? headText.split(':') : [];
  const tail = tailText ? tailText.split(':') : [];
  const groups = [...head, ...Array<string>(8 - head.length - tail.length).fill('0'), ...tail];
  groups.forEach((g, i) => {
    const value = parseInt(g, 16);
    bytes[i * 2] = value >> 8;
    bytes[i * 2 + 1] = value & 0xff;
  });
  if (tailBytes.length === 4) bytes.set(tailBytes, 12);
  return bytes;
}

/**
 * One spelling for an address as a tool printed it: IPv6 re-written per RFC 5952 (the zone after
 * `%` kept as printed), IPv4 as is. Anything else is returned unchanged.
 */
export function normalizeAddress(text: string): string {
  const percent = text.indexOf('%');
  const bare = percent < 0 ? text : text.slice(0, percent);
  const zone = percent < 0 ? '' : text.slice(percent);
  if (isIPv4(bare)) return text;
  const bytes = parseIpv6(bare);
  return bytes === null ? text : formatIpv6(bytes) + zone;
}

/** 4 or 6 for an address as normalized above (zone allowed), null when it is neither. */
export function addressFamily(text: string): 4 | 6 | null {
  const bare = text.split('%')[0]!;
  if (isIPv4(bare)) return 4;
  if (isIPv6(bare)) return 6;
  return null;
}

/** True for 0.0.0.0 and :: (no specific address). */
export function isWildcardAddress(address: string): boolean {
  return address === '0.0.0.0' || address === '::';
}
