/**
 * The SQL Server Resolution Protocol ([MC-SQLR]), spoken by the SQL Server Browser on UDP 1434:
 * client requests (2.2.1-2.2.4) and the server's SVR_RESP (2.2.5, 2.2.6).
 */
import { DecodeError, need } from '../decode-error.js';

const CODEC = 'sqlr';

/** [MC-SQLR] 2.2: request opcodes. */
export const CLNT_BCAST_EX = 0x02;
export const CLNT_UCAST_EX = 0x03;
export const CLNT_UCAST_INST = 0x04;
export const CLNT_UCAST_DAC = 0x0f;
export const SVR_RESP = 0x05;

/** 2.2.3 / 2.2.4: INSTANCENAME is at most 32 bytes before its null terminator. */
const MAX_INSTANCE_NAME = 32;

/** CLNT_UCAST_EX (2.2.2): one byte, asks for every instance on the host. */
export function encodeUcastEx(): Buffer {
  return Buffer.from([CLNT_UCAST_EX]);
}

function instanceName(name: string): Buffer {
  const bytes = Buffer.from(name, 'latin1');
  if (bytes.length > MAX_INSTANCE_NAME) throw new RangeError(`instance name longer than ${MAX_INSTANCE_NAME} bytes`);
  return Buffer.concat([bytes, Buffer.from([0])]);
}

/** CLNT_UCAST_INST (2.2.3): one named instance. */
export function encodeUcastInst(name: string): Buffer {
  return Buffer.concat([Buffer.from([CLNT_UCAST_INST]), instanceName(name)]);
}

/** CLNT_UCAST_DAC (2.2.4): the dedicated admin connection's TCP port; PROTOCOLVERSION is 0x01. */
export function encodeUcastDac(name: string): Buffer {
  return Buffer.concat([Buffer.from([CLNT_UCAST_DAC, 0x01]), instanceName(name)]);
}

/** One instance of a CLNT_UCAST_EX / CLNT_UCAST_INST response (2.2.5 ABNF). */
export interface SqlInstance {
  serverName: string;
  instanceName: string;
  isClustered: boolean;
  version: string;
  /** TCP_INFO: the instance's TCP port, when it listens on TCP. */
  tcp: number | null;
  /** NP_INFO: the named pipe. */
  np: string | null;
  /** The remaining transports (via, rpc, spx, adsp, bv) as sent. */
  other: Record<string, string>;
  /** Every key/value in order, as sent (for PortQry-style printing). */
  pairs: [string, string][];
}

const REQUIRED = ['ServerName', 'InstanceName', 'IsClustered', 'Version'] as const;

/** Parse RESP_DATA of an instance listing: instances end with ";;" (2.2.5 Note 1). */
export function parseInstances(text: string): SqlInstance[] {
  const tokens = text.split(';');
  const out: SqlInstance[] = [];
  let i = 0;
  for (;;) {
    // Skip the empty tokens that end the data; anything non-empty starts another instance.
    while (i < tokens.length && tokens[i] === '') i++;
    if (i >= tokens.length) break;
    const pairs: [string, string][] = [];
    while (i < tokens.length && tokens[i] !== '') {
      const key = tokens[i]!;
      if (key === 'bv') {
        // BV_INFO: "bv" ; ITEMNAME ; GROUPNAME ... runs to the end of the instance.
        const rest: string[] = [];
        i++;
        while (i < tokens.length && tokens[i] !== '') rest.push(tokens[i++]!);
        pairs.push([key, rest.join(';')]);
        break;
      }
      if (i + 1 >= tokens.length) throw new DecodeError(CODEC, `key "${key}" has no value`);
      pairs.push([key, tokens[i + 1]!]);
      i += 2;
    }
    if (i >= tokens.length || tokens[i] !== '') throw new DecodeError(CODEC, 'instance not terminated by ";;"');
    out.push(toInstance(pairs));
  }
  return out;
}

function toInstance(pairs: [string, string][]): SqlInstance {
  const get = (k: string) => pairs.find(([key]) => key === k)?.[1];
  for (const [n, k] of REQUIRED.entries()) {
    if (pairs[n]?.[0] !== k) throw new DecodeError(CODEC, `instance field ${n + 1} is "${pairs[n]?.[0] ?? ''}", expected "${k}"`);
  }
  const clustered = get('IsClustered')!;
  if (clustered !== 'Yes' && clustered !== 'No') throw new DecodeError(CODEC, `IsClustered is "${clustered}", expected Yes or No`);
  const tcpText = get('tcp');
  let tcp: number | null = null;
  if (tcpText !== undefined) {
    if (!/^\d{1,5}$/.test(tcpText) || Number(tcpText) > 65535) throw new DecodeError(CODEC, `tcp port "${tcpText}" is not a port number`);
    tcp = Number(tcpText);
  }
  const other: Record<string, string> = {};
  for (const [k, v] of pairs.slice(4)) if (k !== 'tcp' && k !== 'np') other[k] = v;
  return {
    serverName: get('ServerName')!,
    instanceName: get('InstanceName')!,
    isClustered: clustered === 'Yes',
    version: get('Version')!,
    tcp,
    np: get('np') ?? null,
    other,
    pairs,
  };
}

/** SVR_RESP header (2.2.5): 0x05, RESP_SIZE (little-endian), RESP_DATA. Returns RESP_DATA. */
export function decodeSvrResp(buf: Uint8Array): Buffer {
  need(CODEC, buf, 0, 3, 'SVR_RESP header');
  if (buf[0] !== SVR_RESP) throw new DecodeError(CODEC, `first byte 0x${buf[0]!.toString(16)} is not SVR_RESP (0x05)`, 0);
  const size = buf[1]! | (buf[2]! << 8);
  need(CODEC, buf, 3, size, 'RESP_DATA');
  if (buf.length !== 3 + size) throw new DecodeError(CODEC, `${buf.length - 3 - size} bytes after RESP_DATA`, 3 + size);
  return Buffer.from(buf.subarray(3, 3 + size));
}

/** A whole instance-listing reply: SVR_RESP with its MBCS text parsed (2.2.5). */
export function decodeInstanceResponse(buf: Uint8Array): SqlInstance[] {
  // MBCS in the server's code page; latin1 keeps every byte and the syntax is ASCII.
  return parseInstances(decodeSvrResp(buf).toString('latin1'));
}

/** The CLNT_UCAST_DAC answer (2.2.6): RESP_SIZE 6, PROTOCOLVERSION 1, TCP_DAC_PORT. */
export function decodeDacResponse(buf: Uint8Array): number {
  need(CODEC, buf, 0, 6, 'DAC response');
  if (buf.length !== 6) throw new DecodeError(CODEC, `DAC response of ${buf.length} bytes, expected 6`);
  if (buf[0] !== SVR_RESP) throw new DecodeError(CODEC, 'DAC response does not start with SVR_RESP', 0);
  if ((buf[1]! | (buf[2]! << 8)) !== 6) throw new DecodeError(CODEC, 'DAC response RESP_SIZE is not 6', 1);
  if (buf[3] !== 0x01) throw new DecodeError(CODEC, `DAC PROTOCOLVERSION ${buf[3]} is not 1`, 3);
  return buf[4]! | (buf[5]! << 8);
}

/** Encode an instance listing (for the lab responder and tests): the 2.2.5 ABNF in reverse. */
export function encodeInstanceResponse(instances: readonly Pick<SqlInstance, 'pairs'>[]): Buffer {
  const text = instances.map((inst) => inst.pairs.map(([k, v]) => `${k};${v}`).join(';') + ';;').join('');
  const data = Buffer.from(text, 'latin1');
  if (data.length > 0xffff) throw new RangeError('RESP_DATA longer than 65,535 bytes');
  const header = Buffer.from([SVR_RESP, data.length & 0xff, data.length >> 8]);
  return Buffer.concat([header, data]);
}
