/**
 * SnmpEngineID, the textual convention of RFC 3411 5: what an agent's engine ID says about it
 * (the vendor's enterprise number, and an address, MAC or text the vendor chose).
 */

export interface EngineIdInfo {
  /** IANA private enterprise number (e.g. 8072 net-snmp, 311 Microsoft, 9 Cisco). */
  enterprise: number | null;
  enterpriseName: string | null;
  /** RFC 3411 format name: ipv4, ipv6, mac, text, octets, enterprise-specific, reserved, rfc1910. */
  format: string;
  /** The rest of the ID in the format's natural notation. */
  value: string;
}

/** A few enterprise numbers worth naming in output; anything else prints as the number. */
const ENTERPRISES: Record<number, string> = {
  9: 'Cisco',
  11: 'Hewlett-Packard',
  311: 'Microsoft',
  2021: 'UC Davis (ucd-snmp)',
  2636: 'Juniper',
  4526: 'Netgear',
  8072: 'net-snmp',
  14988: 'MikroTik',
};

export function describeEngineId(hex: string): EngineIdInfo | null {
  const id = Buffer.from(hex, 'hex');
  if (id.length < 5) return null;
  const enterprise = id.readUInt32BE(0) & 0x7fffffff;
  const enterpriseName = ENTERPRISES[enterprise] ?? null;
  if ((id[0]! & 0x80) === 0) {
    // RFC 3411 5: first bit 0 is the SNMPv1/RFC 1910 form, enterprise then 8 vendor bytes.
    return { enterprise, enterpriseName, format: 'rfc1910', value: id.subarray(4).toString('hex') };
  }
  const format = id[4]!;
  const rest = id.subarray(5);
  switch (format) {
    case 1:
      if (rest.length === 4) return { enterprise, enterpriseName, format: 'ipv4', value: Array.from(rest).join('.') };
      break;
    case 2:
      if (rest.length === 16) {
        const groups: string[] = [];
        for (let i = 0; i < 16; i += 2) groups.push(rest.readUInt16BE(i).toString(16));
        return { enterprise, enterpriseName, format: 'ipv6', value: groups.join(':') };
      }
      break;
    case 3:
      if (rest.length === 6) {
        return { enterprise, enterpriseName, format: 'mac', value: Array.from(rest, (b) => b.toString(16).padStart(2, '0')).join(':') };
      }
      break;
    case 4: {
      const text = rest.toString('utf8');
      if (!/[\x00-\x1f\x7f\ufffd]/.test(text)) return { enterprise, enterpriseName, format: 'text', value: text };
      break;
    }
    case 5:
      return { enterprise, enterpriseName, format: 'octets', value: rest.toString('hex') };
    default:
      if (format >= 128) return { enterprise, enterpriseName, format: 'enterprise-specific', value: rest.toString('hex') };
      return { enterprise, enterpriseName, format: 'reserved', value: rest.toString('hex') };
  }
  return { enterprise, enterpriseName, format: 'malformed', value: rest.toString('hex') };
}
