/**
 * A SQL Server Browser stand-in for the lab, written from [MC-SQLR] (no SQL Server runs on Linux
 * here): answers CLNT_BCAST_EX / CLNT_UCAST_EX (2.2.1, 2.2.2) with every instance, CLNT_UCAST_INST
 * (2.2.3) with the named one, CLNT_UCAST_DAC (2.2.4) with the DAC port (2.2.6), and ignores
 * anything else, as the spec's server does (3.2.5). With --tds PORT it also answers a TDS PRELOGIN
 * ([MS-TDS] 2.2.6.5) on that TCP port with the default instance's version, so a client can go
 * from the browser's answer to the instance's port.
 *
 * Deliberately independent of src/protocols (it builds its bytes by hand), so it checks portq's
 * codecs instead of mirroring them.
 *
 *   node --import tsx test/lab/responders/sqlr-responder.ts [--address A] [--udp PORT] [--tds PORT]
 *
 * Prints "sqlr-responder ready udp=PORT tds=PORT" once listening; exits on SIGTERM/SIGINT.
 */
import { createSocket } from 'node:dgram';
import { createServer, type Socket } from 'node:net';
import { resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';

export const SERVER_NAME = 'SVC';

/** The instances this responder advertises (ground truth for tests). */
export const INSTANCES = [
  {
    InstanceName: 'MSSQLSERVER',
    IsClustered: 'No',
    Version: '15.0.2000.5',
    np: `\\\\${SERVER_NAME}\\pipe\\sql\\query`,
    tcp: '1433',
    dac: 0,
  },
  {
    InstanceName: 'PORTQ',
    IsClustered: 'No',
    Version: '16.0.1000.6',
    np: `\\\\${SERVER_NAME}\\pipe\\MSSQL$PORTQ\\sql\\query`,
    tcp: '49733',
    dac: 0,
  },
].map((inst, i) => ({ ...inst, dac: 1434 + 100 + i }));

function instanceText(inst: (typeof INSTANCES)[number]): string {
  // 2.2.5 CLNT_UCAST_INST_RESPONSE: fixed four pairs, then NP_INFO, TCP_INFO, then ";;".
  return `ServerName;${SERVER_NAME};InstanceName;${inst.InstanceName};IsClustered;${inst.IsClustered};Version;${inst.Version};np;${inst.np};tcp;${inst.tcp};;`;
}

function svrResp(text: string): Buffer {
  const data = Buffer.from(text, 'latin1');
  const out = Buffer.alloc(3 + data.length);
  out[0] = 0x05; // SVR_RESP
  out.writeUInt16LE(data.length, 1); // RESP_SIZE
  data.copy(out, 3);
  return out;
}

/** The answer to one datagram, or null to stay silent (unknown opcode or instance). */
export function answer(msg: Buffer): Buffer | null {
  if (msg.length === 0) return null;
  const op = msg[0];
  if ((op === 0x02 || op === 0x03) && msg.length === 1) return svrResp(INSTANCES.map(instanceText).join(''));
  const nameAt = op === 0x04 ? 1 : op === 0x0f ? 2 : -1;
  if (nameAt < 0 || (op === 0x0f && msg[1] !== 0x01)) return null;
  const nul = msg.indexOf(0, nameAt);
  if (nul < 0 || nul - nameAt > 32) return null; // INSTANCENAME: null-terminated, at most 32 bytes
  const name = msg.subarray(nameAt, nul).toString('latin1').toUpperCase();
  const inst = INSTANCES.find((i) => i.InstanceName === name);
  if (!inst) return null;
  if (op === 0x04) return svrResp(instanceText(inst));
  // 2.2.6: SVR_RESP, RESP_SIZE 0x0006, PROTOCOLVERSION 0x01, TCP_DAC_PORT (little-endian).
  const out = Buffer.from([0x05, 0x06, 0x00, 0x01, 0, 0]);
  out.writeUInt16LE(inst.dac, 4);
  return out;
}

/** [MS-TDS] 2.2.6.5: the server's PRELOGIN answer inside a tabular-result packet (2.2.3.1). */
export function preloginAnswer(): Buffer {
  const [major, minor, build] = INSTANCES[0]!.Version.split('.').map(Number) as [number, number, number];
  const version = Buffer.from([major, minor, build >> 8, build & 0xff, 0, 0]);
  const options: [number, Buffer][] = [
    [0x00, version],
    [0x01, Buffer.from([0x02])], // ENCRYPT_NOT_SUP: this stand-in has no TLS
    [0x02, Buffer.from([0x00])], // INSTOPT: accepted
    [0x03, Buffer.alloc(0)], // THREADID: empty from a server
    [0x04, Buffer.from([0x00])], // MARS off
  ];
  const tableLength = options.length * 5 + 1;
  const parts: Buffer[] = [];
  const table = Buffer.alloc(tableLength);
  let offset = tableLength;
  options.forEach(([token, data], i) => {
    table[i * 5] = token;
    table.writeUInt16BE(offset, i * 5 + 1);
    table.writeUInt16BE(data.length, i * 5 + 3);
    offset += data.length;
    parts.push(data);
  });
  table[tableLength - 1] = 0xff;
  const payload = Buffer.concat([table, ...parts]);
  const header = Buffer.from([0x04, 0x01, 0, 0, 0, 0, 0x01, 0x00]);
  header.writeUInt16BE(8 + payload.length, 2);
  return Buffer.concat([header, payload]);
}

function serveTds(sock: Socket): void {
  let buf = Buffer.alloc(0);
  sock.setTimeout(10_000, () => sock.destroy());
  sock.on('error', () => sock.destroy());
  sock.on('data', (chunk) => {
    buf = Buffer.concat([buf, chunk]);
    if (buf.length > 65536) return sock.destroy();
    while (buf.length >= 8) {
      const len = buf.readUInt16BE(2);
      if (len < 8) return sock.destroy();
      if (buf.length < len) return;
      const type = buf[0];
      buf = buf.subarray(len);
      // Only PRELOGIN is understood; anything else (a LOGIN7, TLS) ends the conversation.
      if (type === 0x12) sock.write(preloginAnswer());
      else return sock.end();
    }
  });
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const address = arg('--address') ?? '::';
  const udpPort = Number(arg('--udp') ?? 1434);
  const tdsPort = arg('--tds');
  const udp = createSocket({ type: address.includes(':') ? 'udp6' : 'udp4' });
  udp.on('message', (msg, rinfo) => {
    const reply = answer(msg);
    if (reply) udp.send(reply, rinfo.port, rinfo.address);
  });
  udp.on('error', (err) => {
    console.error(`sqlr-responder: ${err.message}`);
    process.exit(1);
  });
  await new Promise<void>((resolve) => udp.bind(udpPort, address, resolve));
  let tdsBound = '-';
  const server = tdsPort ? createServer(serveTds) : null;
  if (server) {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(Number(tdsPort), address, resolve);
    });
    const a = server.address();
    tdsBound = typeof a === 'object' && a ? String(a.port) : tdsPort!;
  }
  console.log(`sqlr-responder ready udp=${udp.address().port} tds=${tdsBound}`);
  const stop = () => {
    udp.close();
    server?.close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolvePath(process.argv[1])).href) {
  main().catch((err) => {
    console.error(`sqlr-responder: ${(err as Error).message}`);
    process.exit(1);
  });
}
