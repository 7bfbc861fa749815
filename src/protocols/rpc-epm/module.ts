/**
 * RPC endpoint mapper dump, TCP and UDP 135: PortQry's RPC query. Binds to the endpoint mapper
 * (TCP) or calls it connectionless (UDP), repeats ept_lookup with the context handle until the
 * server ends the list, and prints every endpoint PortQry-style. Beyond PortQry, the dynamic TCP
 * ports the mapper hands out are returned as `discovered` for the engine to probe.
 * The UDP side (connectionless DCE/RPC, C706 chapter 12.5) is built and unit-tested from the
 * specification only: neither Samba nor anything else in the lab answers ept_lookup over UDP.
 */
import { randomUUID } from 'node:crypto';
import type { ModuleResult, ProtocolModule, QueryAnswer, QueryChannel } from '../types.js';
import { DecodeError } from '../decode-error.js';
import {
  FragmentAssembler,
  coFrameLength,
  decodeBindAnswer,
  decodeCallFragment,
  encodeBind,
  encodeRequest,
  statusName,
} from '../dcerpc/co-pdu.js';
import { ClCallAssembler, encodeClFack, encodeClRequest } from '../dcerpc/cl-pdu.js';
import {
  EPM_INTERFACE,
  EPT_LOOKUP_OPNUM,
  EPT_S_NOT_REGISTERED,
  type EntryHandle,
  type LookupResult,
  NULL_HANDLE,
  type RawEptEntry,
  decodeLookupStub,
  encodeLookupStub,
  isNullHandle,
} from './ept-lookup.js';
import { decodeTower } from './tower.js';
import { interfaceName } from './well-known-interfaces.js';

/** More calls than any real mapper needs (500 entries each); a server that never ends is cut off. */
const MAX_LOOKUP_CALLS = 40;

export interface EndpointEntry {
  object: string;
  interfaceUuid: string | null;
  interfaceVersion: string | null;
  interfaceName: string | null;
  annotation: string;
  protocolSequence: string;
  networkAddress: string;
  endpoint: string;
  port: number | null;
  /** rpcdump form: ncacn_np:\\DC1[\pipe\lsass]. */
  binding: string;
  /** Set when the tower could not be decoded. */
  towerError?: string;
}

export function toEndpointEntry(raw: RawEptEntry): EndpointEntry {
  const base = { object: raw.object, annotation: raw.annotation };
  if (!raw.tower) {
    return { ...base, interfaceUuid: null, interfaceVersion: null, interfaceName: null, protocolSequence: 'none', networkAddress: '', endpoint: '', port: null, binding: '(no tower)' };
  }
  try {
    const t = decodeTower(raw.tower);
    return {
      ...base,
      interfaceUuid: t.interfaceUuid,
      interfaceVersion: t.interfaceVersion,
      interfaceName: t.interfaceUuid ? interfaceName(t.interfaceUuid) : null,
      protocolSequence: t.protocolSequence,
      networkAddress: t.networkAddress,
      endpoint: t.endpoint,
      port: t.port,
      binding: t.binding,
    };
  } catch (err) {
    if (!(err instanceof DecodeError)) throw err;
    return { ...base, interfaceUuid: null, interfaceVersion: null, interfaceName: null, protocolSequence: 'unknown', networkAddress: '', endpoint: '', port: null, binding: '(bad tower)', towerError: err.message };
  }
}

/** PortQry prints string bindings with backslashes escaped, as RpcBindingToStringBinding does. */
export function portqryBinding(binding: string): string {
  return binding.replace(/\\/g, '\\\\');
}

export function formatEndpoints(entries: readonly EndpointEntry[]): string {
  const lines = ['Querying Endpoint Mapper Database...', "Server's response:", ''];
  for (const e of entries) {
    // PortQry prints the server's annotation; when it is empty, portq names a well-known interface.
    const label = e.annotation || e.interfaceName || '';
    lines.push(`UUID: ${e.interfaceUuid ?? e.object}${label ? ` ${label}` : ''}`);
    lines.push(portqryBinding(e.binding));
    lines.push('');
  }
  lines.push(`Total endpoints found: ${entries.length}`, '', '==== End of RPC Endpoint Mapper query response ====');
  return lines.join('\n');
}

/** The dynamic TCP ports the mapper handed out (not 135 itself), for the engine to probe. */
export function discoveredPorts(entries: readonly EndpointEntry[], mapperPort: number): NonNullable<QueryAnswer['discovered']> {
  const seen = new Map<number, string>();
  for (const e of entries) {
    if (e.protocolSequence !== 'ncacn_ip_tcp' || e.port === null || e.port === mapperPort || e.port === 0) continue;
    if (!seen.has(e.port)) seen.set(e.port, `RPC endpoint ${e.annotation || e.interfaceName || e.interfaceUuid || ''}`.trim());
  }
  return [...seen].sort((a, b) => a[0] - b[0]).map(([port, why]) => ({ protocol: 'tcp' as const, port, why }));
}

type LookupCall = (handle: EntryHandle, callNumber: number) => Promise<LookupResult | { fault: number }>;

/**
 * The ept_lookup loop shared by both transports. The list ends when the server says
 * EPT_S_NOT_REGISTERED (as a status or a fault: Samba does so after a full first reply, Windows on
 * its last call), returns no entries, or hands back a null context handle.
 */
async function dumpEndpoints(channel: QueryChannel, lookup: LookupCall): Promise<{ entries: RawEptEntry[]; calls: number; endStatus: number }> {
  const entries: RawEptEntry[] = [];
  let handle: EntryHandle = NULL_HANDLE;
  for (let call = 1; call <= MAX_LOOKUP_CALLS; call++) {
    const result = await lookup(handle, call);
    if ('fault' in result) {
      if (result.fault === EPT_S_NOT_REGISTERED && call > 1) return { entries, calls: call, endStatus: result.fault };
      throw new DecodeError('epm', `ept_lookup fault ${statusName(result.fault)}`);
    }
    entries.push(...result.entries);
    if (result.status === EPT_S_NOT_REGISTERED) return { entries, calls: call, endStatus: result.status };
    if (result.status !== 0) throw new DecodeError('epm', `ept_lookup status ${statusName(result.status)}`);
    if (result.entries.length === 0 || isNullHandle(result.handle)) return { entries, calls: call, endStatus: 0 };
    handle = result.handle;
  }
  channel.note(`stopped after ${MAX_LOOKUP_CALLS} ept_lookup calls`);
  return { entries, calls: MAX_LOOKUP_CALLS, endStatus: -1 };
}

async function overTcp(channel: QueryChannel): Promise<{ entries: RawEptEntry[]; calls: number; endStatus: number }> {
  await channel.send(encodeBind(1, EPM_INTERFACE), 'DCE/RPC bind');
  const bind = decodeBindAnswer(await channel.receive({ framer: coFrameLength, label: 'DCE/RPC bind_ack' }));
  if (bind.kind === 'nak') throw new DecodeError('dcerpc', `bind rejected (bind_nak reason ${bind.rejectReason})`);
  if (!bind.accepted) throw new DecodeError('dcerpc', `endpoint mapper context rejected (result ${bind.result}, reason ${bind.reason})`);
  return dumpEndpoints(channel, async (handle, call) => {
    const callId = call + 1;
    await channel.send(encodeRequest(callId, EPT_LOOKUP_OPNUM, encodeLookupStub(handle)), `ept_lookup #${call}`);
    const assembler = new FragmentAssembler(callId);
    // A response is at most a few hundred fragments; the channel's byte bound applies as well.
    for (let i = 0; i < 4096; i++) {
      const done = assembler.add(decodeCallFragment(await channel.receive({ framer: coFrameLength, label: `ept_lookup #${call} response` })));
      if (!done) continue;
      if ('fault' in done) return { fault: done.fault };
      return decodeLookupStub(done.stub, done.littleEndian);
    }
    throw new DecodeError('dcerpc', 'response has too many fragments');
  });
}

async function overUdp(channel: QueryChannel): Promise<{ entries: RawEptEntry[]; calls: number; endStatus: number }> {
  const activityUuid = randomUUID();
  return dumpEndpoints(channel, async (handle, call) => {
    const clCall = { interfaceUuid: EPM_INTERFACE.uuid, interfaceVersion: EPM_INTERFACE.version, activityUuid, seqnum: call - 1, opnum: EPT_LOOKUP_OPNUM };
    await channel.send(encodeClRequest(clCall, encodeLookupStub(handle)), `ept_lookup #${call}`);
    const assembler = new ClCallAssembler(activityUuid, clCall.seqnum);
    for (let i = 0; i < 4096; i++) {
      const event = assembler.add(await channel.receive({ label: `ept_lookup #${call} response` }));
      switch (event.kind) {
        case 'done':
          return decodeLookupStub(event.stub, event.littleEndian);
        case 'fault':
          return { fault: event.status };
        case 'reject':
          throw new DecodeError('dcerpc-cl', `call rejected: ${statusName(event.status)}`);
        case 'nocall':
          throw new DecodeError('dcerpc-cl', 'server has no record of the call (nocall)');
        case 'fragment':
          if (event.wantsFack) await channel.send(encodeClFack({ ...clCall, serverBoot: event.serverBoot }, event.fragnum, event.serial), 'fack');
          break;
        case 'working':
        case 'stray':
          break;
      }
    }
    throw new DecodeError('dcerpc-cl', 'response never completed');
  });
}

export const rpcEpmModule: ProtocolModule = {
  name: 'rpc-epm',
  title: 'RPC endpoint mapper',
  services: ['epmap'],
  transports: ['tcp', 'udp'],
  runInRange: (options) => options.rpcDump,
  async run(channel): Promise<ModuleResult> {
    const dump = channel.transport === 'tcp' ? await overTcp(channel) : await overUdp(channel);
    const entries = dump.entries.map(toEndpointEntry);
    const discovered = discoveredPorts(entries, channel.port);
    const interfaces = new Set(entries.map((e) => e.interfaceUuid).filter(Boolean)).size;
    return {
      listening: true,
      summary: `${entries.length} endpoints, ${interfaces} interfaces, ${discovered.length} dynamic TCP ports`,
      fields: {
        transport: channel.transport === 'tcp' ? 'ncacn_ip_tcp' : 'ncadg_ip_udp',
        totalEndpoints: entries.length,
        lookupCalls: dump.calls,
        endStatus: dump.endStatus,
        endpoints: entries.map((e) => ({ ...e })),
        dynamicTcpPorts: discovered.map((d) => d.port),
      },
      text: formatEndpoints(entries),
      discovered,
    };
  },
};
