/**
 * The LDAP ping ([MS-ADTS] 6.3.3) and the NETLOGON_SAM_LOGON_RESPONSE_EX it returns
 * ([MS-ADTS] 6.3.1.9): how a Windows client finds a domain controller over CLDAP (UDP 389).
 */
import { DecodeError, need } from '../decode-error.js';
import { andFilter, encodeSearchRequest, equalityFilter } from '../ldap/ldap-messages.js';
import { readUuidLe } from '../dcerpc/uuid.js';

const CODEC = 'netlogon';

/** [MS-ADTS] 6.3.1.1 NETLOGON_NT_VERSION options. */
export const NT_VERSION = {
  V1: 0x1,
  V5: 0x2,
  V5EX: 0x4,
  V5EX_WITH_IP: 0x8,
  WITH_CLOSEST_SITE: 0x10,
  AVOID_NT4EMUL: 0x1000000,
  PDC: 0x10000000,
  IP: 0x20000000,
  LOCAL: 0x40000000,
  GC: 0x80000000,
} as const;

/** What portq asks for: the 5EX response, with the DC's socket address and the next closest site. */
export const PING_NT_VERSION = NT_VERSION.V5 | NT_VERSION.V5EX | NT_VERSION.V5EX_WITH_IP | NT_VERSION.WITH_CLOSEST_SITE;

/**
 * The ping: base "" search, filter (&(DnsDomain=...)(NtVer=...)), attribute Netlogon
 * ([MS-ADTS] 6.3.3.1-6.3.3.2). Without DnsDomain the DC answers for its own domain.
 */
export function encodeLdapPing(messageId: number, opts: { dnsDomain?: string; ntVersion?: number } = {}): Buffer {
  const ntVer = Buffer.alloc(4);
  // NtVer is a 32-bit little-endian value carried as the octets of the assertion value.
  ntVer.writeUInt32LE((opts.ntVersion ?? PING_NT_VERSION) >>> 0, 0);
  const terms = [];
  if (opts.dnsDomain) terms.push(equalityFilter('DnsDomain', opts.dnsDomain));
  terms.push(equalityFilter('NtVer', ntVer));
  return encodeSearchRequest({
    messageId,
    baseObject: '',
    scope: 'base',
    filter: andFilter(...terms),
    attributes: ['Netlogon'],
  });
}

/** [MS-ADTS] 6.3.1.2 DS_FLAG bits, lowest first, with the names `samba-tool domain info` prints. */
export const DS_FLAGS: readonly { bit: number; name: string; meaning: string }[] = [
  { bit: 0x00000001, name: 'PDC', meaning: 'holds the PDC emulator role' },
  { bit: 0x00000004, name: 'GC', meaning: 'global catalog' },
  { bit: 0x00000008, name: 'LDAP', meaning: 'LDAP server' },
  { bit: 0x00000010, name: 'DS', meaning: 'domain controller' },
  { bit: 0x00000020, name: 'KDC', meaning: 'Kerberos KDC' },
  { bit: 0x00000040, name: 'TIMESERV', meaning: 'time service' },
  { bit: 0x00000080, name: 'CLOSEST', meaning: "in the client's site" },
  { bit: 0x00000100, name: 'WRITABLE', meaning: 'writable (not an RODC)' },
  { bit: 0x00000200, name: 'GOOD_TIMESERV', meaning: 'reliable time source' },
  { bit: 0x00000400, name: 'NDNC', meaning: 'application partition' },
  { bit: 0x00000800, name: 'SELECT_SECRET_DOMAIN_6', meaning: 'RODC (Windows 2008+)' },
  { bit: 0x00001000, name: 'FULL_SECRET_DOMAIN_6', meaning: 'writable DC (Windows 2008+)' },
  { bit: 0x00002000, name: 'WS', meaning: 'Active Directory Web Services' },
  { bit: 0x00004000, name: 'DS_8', meaning: 'Windows 2012+' },
  { bit: 0x00008000, name: 'DS_9', meaning: 'Windows 2012 R2+' },
  { bit: 0x00010000, name: 'DS_10', meaning: 'Windows 2016+' },
  { bit: 0x00020000, name: 'KEY_LIST', meaning: 'key list requests' },
  { bit: 0x00040000, name: 'DS_13', meaning: 'Windows 2025+' },
  { bit: 0x20000000, name: 'DNS_CONTROLLER', meaning: 'DC name is a DNS name' },
  { bit: 0x40000000, name: 'DNS_DOMAIN', meaning: 'domain name is a DNS name' },
  { bit: 0x80000000, name: 'DNS_FOREST', meaning: 'forest name is a DNS name' },
];

/** [MS-ADTS] 6.3.1.3 operation codes of a ping response. */
export const NETLOGON_OPCODES: Readonly<Record<number, string>> = {
  19: 'LOGON_PRIMARY_RESPONSE',
  21: 'LOGON_SAM_PAUSE_RESPONSE_EX',
  23: 'LOGON_SAM_LOGON_RESPONSE_EX',
  25: 'LOGON_SAM_USER_UNKNOWN_EX',
};

export interface SamLogonResponseEx {
  opcode: number;
  opcodeName: string;
  flags: number;
  flagNames: string[];
  domainGuid: string;
  dnsForestName: string;
  dnsDomainName: string;
  dnsHostName: string;
  netbiosDomainName: string;
  netbiosComputerName: string;
  userName: string;
  dcSiteName: string;
  clientSiteName: string;
  /** IPv4 address from DcSockAddr, when the server included it (NtVer V5EX_WITH_IP). */
  dcAddress: string | null;
  nextClosestSiteName: string | null;
  ntVersion: number;
  lmNtToken: number;
  lm20Token: number;
}

/** Longest name a compressed string may expand to: RFC 1035 2.3.4 allows 255 octets. */
const MAX_NAME = 255;

/**
 * A string in RFC 1035 4.1.4 compressed form, offsets relative to the start of the structure
 * ([MS-ADTS] 6.3.1.9: "compressed ... as specified in [RFC1035]", UTF-8 labels).
 * A pointer must point strictly before where it sits, so a loop cannot be built.
 */
function readCompressedName(buf: Buffer, offset: number): { name: string; next: number } {
  const labels: string[] = [];
  let pos = offset;
  let next = -1;
  let total = 0;
  let floor = offset; // pointers must land before this
  for (;;) {
    need(CODEC, buf, pos, 1, 'name label length');
    const len = buf[pos];
    if (len === 0) {
      if (next < 0) next = pos + 1;
      break;
    }
    if ((len & 0xc0) === 0xc0) {
      need(CODEC, buf, pos, 2, 'name pointer');
      const target = ((len & 0x3f) << 8) | buf[pos + 1];
      if (target >= floor) throw new DecodeError(CODEC, `name pointer to ${target} does not point backwards`, pos);
      if (next < 0) next = pos + 2;
      floor = target;
      pos = target;
      continue;
    }
    if (len & 0xc0) throw new DecodeError(CODEC, `reserved label type 0x${len.toString(16)}`, pos);
    need(CODEC, buf, pos + 1, len, 'name label');
    total += len + 1;
    if (total > MAX_NAME) throw new DecodeError(CODEC, 'name longer than 255 octets', pos);
    labels.push(buf.toString('utf8', pos + 1, pos + 1 + len));
    pos += 1 + len;
  }
  return { name: labels.join('.'), next };
}

/** Decode the Netlogon attribute value of an LDAP ping response. */
export function decodeSamLogonResponseEx(value: Uint8Array): SamLogonResponseEx {
  const buf = Buffer.from(value.buffer, value.byteOffset, value.length);
  need(CODEC, buf, 0, 24, 'fixed header');
  const opcode = buf.readUInt16LE(0);
  if (opcode !== 23 && opcode !== 25 && opcode !== 21) {
    throw new DecodeError(CODEC, `opcode ${opcode} is not a NETLOGON_SAM_LOGON_RESPONSE_EX`, 0);
  }
  const flags = buf.readUInt32LE(4);
  const domainGuid = readUuidLe(buf, 8, CODEC);
  // The last 8 bytes are NtVersion, LmNtToken and Lm20Token; the names sit between.
  need(CODEC, buf, 24, 8, 'trailer');
  const tail = buf.length - 8;
  const names: string[] = [];
  let pos = 24;
  for (let i = 0; i < 8; i++) {
    if (pos > tail) throw new DecodeError(CODEC, 'names run into the trailer', pos);
    const { name, next } = readCompressedName(buf.subarray(0, tail), pos);
    names.push(name);
    pos = next;
  }
  let dcAddress: string | null = null;
  let nextClosestSiteName: string | null = null;
  // DcSockAddrSize + DcSockAddr (a 16-byte SOCKADDR_IN) are present only for V5EX_WITH_IP.
  if (tail - pos >= 17 && buf[pos] === 16) {
    const family = buf.readUInt16LE(pos + 1);
    if (family === 2) dcAddress = `${buf[pos + 5]}.${buf[pos + 6]}.${buf[pos + 7]}.${buf[pos + 8]}`;
    pos += 17;
  }
  // NextClosestSiteName only with WITH_CLOSEST_SITE.
  if (pos < tail) {
    const { name, next } = readCompressedName(buf.subarray(0, tail), pos);
    nextClosestSiteName = name;
    pos = next;
  }
  if (pos !== tail) throw new DecodeError(CODEC, `${tail - pos} unexplained bytes before the trailer`, pos);
  return {
    opcode,
    opcodeName: NETLOGON_OPCODES[opcode] ?? `opcode ${opcode}`,
    flags,
    flagNames: DS_FLAGS.filter((f) => (flags & f.bit) >>> 0 !== 0).map((f) => f.name),
    domainGuid,
    dnsForestName: names[0],
    dnsDomainName: names[1],
    dnsHostName: names[2],
    netbiosDomainName: names[3],
    netbiosComputerName: names[4],
    userName: names[5],
    dcSiteName: names[6],
    clientSiteName: names[7],
    dcAddress,
    nextClosestSiteName,
    ntVersion: buf.readUInt32LE(tail),
    lmNtToken: buf.readUInt16LE(tail + 4),
    lm20Token: buf.readUInt16LE(tail + 6),
  };
}
