/**
 * `address:port` as the tools print it: `127.0.0.1:80`, `[::1]:80`, `[fe80::1%7]:123` (netstat),
 * `fe80::1%eth0:546` or `127.0.0.53%lo:53` (ss, zone outside brackets), `*:80`, `*:*`.
 */
import { normalizeAddress } from './ip-address.js';

export interface EndpointText {
  /** null for `*` (any address). IPv6 normalized, zone kept after `%`. */
  address: string | null;
  /** null for `*` (any port). */
  port: number | null;
}

/** Parses one endpoint; null when the text does not have the shape (the caller skips the line). */
export function parseEndpointText(text: string): EndpointText | null {
  const colon = text.lastIndexOf(':');
  if (colon <= 0) return null;
  let host = text.slice(0, colon);
  const portText = text.slice(colon + 1);
  let port: number | null;
  if (portText === '*') port = null;
  else if (/^\d{1,5}$/.test(portText) && Number(portText) <= 65535) port = Number(portText);
  else return null;
  // ss puts the zone after the bracket (`[fe80::1]%eth0`); move it inside so one rule fits all.
  const zoneAfterBracket = /^\[(.*)\](%.+)$/.exec(host);
  if (zoneAfterBracket) host = `[${zoneAfterBracket[1]}${zoneAfterBracket[2]}]`;
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (host === '*') return { address: null, port };
  if (host.length === 0 || /\s/.test(host)) return null;
  return { address: normalizeAddress(host), port };
}
