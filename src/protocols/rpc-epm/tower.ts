/**
 * Protocol towers (C706 Appendix L, [MS-RPCE] 2.2.1.1 and 2.1) decoded into string bindings.
 * A tower is floor_count (u16 LE) then floors of lhs (protocol ID + data) and rhs (address data),
 * each prefixed by a u16 LE length. Floor 1 names the interface, floor 2 the transfer syntax,
 * floor 3 the RPC protocol (0x0b connection-oriented, 0x0a connectionless, 0x0c local RPC),
 * floors 4 and 5 the transport endpoint and host. Ports and IPv4 addresses are big-endian.
 */
import { DecodeError, need } from '../decode-error.js';
import { readUuidLe } from '../dcerpc/uuid.js';

const CODEC = 'tower';

/** C706 Appendix I protocol identifiers, with Microsoft's additions ([MS-RPCE] 2.1). */
export const PROTOCOL_IDS: Readonly<Record<number, string>> = {
  0x02: 'DNA session control',
  0x03: 'DNA session control V3',
  0x04: 'DNA NSP transport',
  0x05: 'OSI TP4',
  0x06: 'OSI CLNS / DNA routing',
  0x07: 'TCP port',
  0x08: 'UDP port',
  0x09: 'IP address',
  0x0a: 'RPC connectionless',
  0x0b: 'RPC connection-oriented',
  0x0c: 'local RPC',
  0x0d: 'UUID',
  0x0e: 'IPX',
  0x0f: 'named pipe',
  0x10: 'LRPC endpoint name',
  0x11: 'NetBIOS name',
  0x12: 'NetBEUI / NetBIOS over TCP',
  0x13: 'SPX',
  0x14: 'NetBIOS over IPX',
  0x16: 'AppleTalk stream',
  0x17: 'AppleTalk datagram',
  0x18: 'AppleTalk',
  0x1a: 'Vines SPP',
  0x1b: 'Vines IPC',
  0x1c: 'StreetTalk',
  0x1f: 'HTTP port',
  0x20: 'Unix domain socket',
  0x21: 'null',
};

export interface Floor {
  protocol: number;
  lhsData: Buffer;
  rhs: Buffer;
}

export interface TowerBinding {
  /** Interface UUID and version from floor 1, when it is a UUID floor. */
  interfaceUuid: string | null;
  interfaceVersion: string | null;
  /** ncacn_ip_tcp, ncadg_ip_udp, ncacn_np, ncalrpc, ncacn_http, ncacn_nb_tcp, ... or "unknown". */
  protocolSequence: string;
  /** Network address (IP, \\HOST, NetBIOS name) or "" for local RPC. */
  networkAddress: string;
  /** Port number, pipe name or LRPC endpoint name. */
  endpoint: string;
  /** For TCP/UDP/HTTP endpoints, the port as a number. */
  port: number | null;
  /** The string binding as rpcdump prints it: ncacn_np:\\DC1[\pipe\lsass]. */
  binding: string;
  floors: { protocol: number; name: string }[];
}

export function parseFloors(tower: Uint8Array): Floor[] {
  const buf = Buffer.from(tower.buffer, tower.byteOffset, tower.length);
  need(CODEC, buf, 0, 2, 'floor count');
  const count = buf.readUInt16LE(0);
  if (count > 16) throw new DecodeError(CODEC, `${count} floors is more than any tower has`, 0);
  const floors: Floor[] = [];
  let pos = 2;
  for (let i = 0; i < count; i++) {
    need(CODEC, buf, pos, 2, `floor ${i + 1} lhs length`);
    const lhsLength = buf.readUInt16LE(pos);
    if (lhsLength < 1) throw new DecodeError(CODEC, `floor ${i + 1} has an empty protocol identifier`, pos);
    need(CODEC, buf, pos + 2, lhsLength + 2, `floor ${i + 1} lhs`);
    const lhs = buf.subarray(pos + 2, pos + 2 + lhsLength);
    pos += 2 + lhsLength;
    const rhsLength = buf.readUInt16LE(pos);
    need(CODEC, buf, pos + 2, rhsLength, `floor ${i + 1} rhs`);
    floors.push({ protocol: lhs[0], lhsData: lhs.subarray(1), rhs: buf.subarray(pos + 2, pos + 2 + rhsLength) });
    pos += 2 + rhsLength;
  }
  return floors;
}

function cString(b: Buffer): string {
  return b.toString('latin1').replace(/\0.*$/s, '');
}

function portOf(floor: Floor | undefined): number | null {
  return floor && floor.rhs.length >= 2 ? floor.rhs.readUInt16BE(0) : null;
}

function ipOf(floor: Floor | undefined): string {
  if (!floor || floor.protocol !== 0x09 || floor.rhs.length < 4) return '';
  return `${floor.rhs[0]}.${floor.rhs[1]}.${floor.rhs[2]}.${floor.rhs[3]}`;
}

/** Decode a tower into its binding. Unknown shapes still decode, as protocolSequence "unknown". */
export function decodeTower(tower: Uint8Array): TowerBinding {
  const floors = parseFloors(tower);
  let interfaceUuid: string | null = null;
  let interfaceVersion: string | null = null;
  const f1 = floors[0];
  if (f1 && f1.protocol === 0x0d && f1.lhsData.length >= 18) {
    interfaceUuid = readUuidLe(f1.lhsData, 0, CODEC);
    const minor = f1.rhs.length >= 2 ? f1.rhs.readUInt16LE(0) : 0;
    interfaceVersion = `${f1.lhsData.readUInt16LE(16)}.${minor}`;
  }
  const rpc = floors[2]?.protocol;
  const f4 = floors[3];
  const f5 = floors[4];
  let protocolSequence = 'unknown';
  let networkAddress = '';
  let endpoint = '';
  let port: number | null = null;
  if (rpc === 0x0b && f4?.protocol === 0x07) {
    protocolSequence = 'ncacn_ip_tcp';
    port = portOf(f4);
    networkAddress = ipOf(f5);
  } else if (rpc === 0x0a && f4?.protocol === 0x08) {
    protocolSequence = 'ncadg_ip_udp';
    port = portOf(f4);
    networkAddress = ipOf(f5);
  } else if (rpc === 0x0b && f4?.protocol === 0x1f) {
    protocolSequence = 'ncacn_http';
    port = portOf(f4);
    networkAddress = ipOf(f5);
  } else if (rpc === 0x0b && f4?.protocol === 0x0f) {
    protocolSequence = 'ncacn_np';
    endpoint = cString(f4.rhs);
    networkAddress = f5 && f5.protocol === 0x11 ? cString(f5.rhs) : '';
  } else if (rpc === 0x0c && f4?.protocol === 0x10) {
    protocolSequence = 'ncalrpc';
    endpoint = cString(f4.rhs);
  } else if (rpc === 0x0b && f4?.protocol === 0x12) {
    protocolSequence = 'ncacn_nb_tcp';
    endpoint = f4.rhs.length >= 1 ? String(f4.rhs[0]) : '';
    networkAddress = f5 && f5.protocol === 0x11 ? cString(f5.rhs) : '';
  } else if (rpc === 0x0b && f4?.protocol === 0x11) {
    protocolSequence = 'ncacn_nb_nb';
    endpoint = cString(f4.rhs);
  }
  if (port !== null) endpoint = String(port);
  const binding =
    protocolSequence === 'unknown'
      ? `unknown:[${floors.map((f) => `0x${f.protocol.toString(16).padStart(2, '0')}`).join(' ')}]`
      : protocolSequence === 'ncalrpc'
        ? `ncalrpc:[${endpoint}]`
        : `${protocolSequence}:${networkAddress}[${endpoint}]`;
  return {
    interfaceUuid,
    interfaceVersion,
    protocolSequence,
    networkAddress,
    endpoint,
    port,
    binding,
    floors: floors.map((f) => ({ protocol: f.protocol, name: PROTOCOL_IDS[f.protocol] ?? 'unknown' })),
  };
}
