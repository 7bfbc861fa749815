/**
 * SNMP on UDP 161: PortQry's community query, plus SNMPv3 engine discovery.
 *
 * Three requests leave at once (so silence costs one wait, not three): a v2c GetRequest and a v1
 * GetRequest for the six `system` scalars with the -cn community, and an RFC 3414 4 discovery
 * request. An agent with another community stays silent to the first two (RFC 3584 / RFC 1157 4.1:
 * bad communities are dropped), yet any v3-capable agent answers the discovery with a Report: so
 * the port is proven LISTENING without knowing the community, and silence to the community is
 * reported as "the community may be wrong".
 */
import { randomInt } from 'node:crypto';
import { DecodeError } from '../decode-error.js';
import { straggler, tryReceive } from '../reply-wait/try-receive.js';
import type { ModuleResult, ProtocolModule, QueryChannel } from '../types.js';
import {
  ERROR_STATUS,
  SYSTEM_OIDS,
  USM_STATS,
  decodeSnmpMessage,
  encodeGetRequest,
  encodeV3Discovery,
  type CommunityMessage,
  type SnmpValue,
  type V3Message,
} from './codec.js';
import { describeEngineId } from './engine-id.js';
import { formatTimeTicks } from './time-ticks.js';

const SYSTEM_NAMES = Object.keys(SYSTEM_OIDS) as (keyof typeof SYSTEM_OIDS)[];
const SYSTEM_OID_LIST = SYSTEM_NAMES.map((n) => SYSTEM_OIDS[n]);

export interface SnmpRequestIds {
  v2c: number;
  v1: number;
  v3: number;
}

function displayValue(v: SnmpValue): string {
  switch (v.type) {
    case 'TimeTicks':
      return formatTimeTicks(v.value);
    case 'noSuchObject':
    case 'noSuchInstance':
    case 'endOfMibView':
      return `(${v.type})`;
    default:
      return v.value === null ? '' : String(v.value);
  }
}

/** The system group out of a response, by name; missing scalars are left out. */
function systemGroup(msg: CommunityMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const vb of msg.pdu.varbinds) {
    const name = SYSTEM_NAMES.find((n) => SYSTEM_OIDS[n] === vb.oid);
    if (name && vb.value.type !== 'noSuchObject' && vb.value.type !== 'noSuchInstance' && vb.value.type !== 'endOfMibView') {
      out[name] = vb.value.type === 'TimeTicks' ? vb.value.value : displayValue(vb.value);
    }
  }
  return out;
}

function v3Fields(msg: V3Message) {
  const report = msg.scoped?.pdu.varbinds[0];
  return {
    engineId: msg.usm?.engineId ?? null,
    engineIdInfo: msg.usm ? describeEngineId(msg.usm.engineId) : null,
    engineBoots: msg.usm?.engineBoots ?? null,
    engineTime: msg.usm?.engineTime ?? null,
    pduType: msg.scoped?.pdu.type ?? null,
    report: report ? { oid: report.oid, name: USM_STATS[report.oid] ?? null, value: displayValue(report.value) } : null,
  };
}

/** Render the PortQry-style block. Exported for the report layer and tests. */
export function snmpText(
  community: string,
  answer: CommunityMessage | null,
  v3: V3Message | null,
): string {
  const lines = ['community name for query:', community, ''];
  if (answer) {
    const { pdu } = answer;
    lines.push(`SNMP${answer.version} agent answered (community accepted):`);
    if (pdu.errorStatus !== 0) {
      lines.push(`error-status: ${ERROR_STATUS[pdu.errorStatus] ?? pdu.errorStatus} (error-index ${pdu.errorIndex})`);
    }
    for (const vb of pdu.varbinds) {
      const name = SYSTEM_NAMES.find((n) => SYSTEM_OIDS[n] === vb.oid) ?? vb.oid;
      lines.push(`${name}: ${displayValue(vb.value)}`);
    }
  } else {
    lines.push('No response to the community name query: the community name may be wrong');
    lines.push('(agents silently drop requests with a community they do not accept).');
  }
  lines.push('');
  if (v3 && v3.usm) {
    const info = describeEngineId(v3.usm.engineId);
    lines.push('SNMPv3 engine discovery response:');
    lines.push(`authoritative engine ID: ${v3.usm.engineId || '(empty)'}`);
    if (info) {
      const vendor = info.enterpriseName ? `${info.enterprise} (${info.enterpriseName})` : String(info.enterprise);
      lines.push(`engine ID enterprise: ${vendor}, format ${info.format}${info.value ? `: ${info.value}` : ''}`);
    }
    lines.push(`engine boots: ${v3.usm.engineBoots}`);
    lines.push(`engine time: ${v3.usm.engineTime} s`);
  } else {
    lines.push('No response to SNMPv3 engine discovery.');
  }
  lines.push('==== End of SNMP query response ====');
  return lines.join('\n');
}

function summaryLine(community: string, answer: CommunityMessage | null, v3: V3Message | null): string {
  const parts: string[] = [];
  if (answer) {
    const sys = systemGroup(answer);
    const descr = sys.sysDescr ? `: ${sys.sysDescr.split(/\r?\n/)[0]}` : '';
    const status = answer.pdu.errorStatus ? ` (${ERROR_STATUS[answer.pdu.errorStatus] ?? answer.pdu.errorStatus})` : '';
    parts.push(`SNMP${answer.version} community '${community}' accepted${status}${descr}`);
  } else {
    parts.push(`no answer to community '${community}' (the community may be wrong)`);
  }
  if (v3?.usm) parts.push(`SNMPv3 engine ${v3.usm.engineId || '(empty)'}`);
  else if (answer) parts.push('no SNMPv3');
  else parts.push('no answer to SNMPv3 discovery');
  return parts.join('; ');
}

/** Run the SNMP conversation with given request IDs (tests pass fixed ones). */
export async function runSnmp(channel: QueryChannel, ids: SnmpRequestIds): Promise<ModuleResult> {
  const community = channel.options.community || 'public';
  await channel.send(encodeGetRequest({ version: 'v2c', community, requestId: ids.v2c, oids: SYSTEM_OID_LIST }), 'SNMPv2c GetRequest');
  await channel.send(encodeGetRequest({ version: 'v1', community, requestId: ids.v1, oids: SYSTEM_OID_LIST }), 'SNMPv1 GetRequest');
  await channel.send(encodeV3Discovery({ msgId: ids.v3, requestId: ids.v3 }), 'SNMPv3 discovery');

  let v2c: CommunityMessage | null = null;
  let v1: CommunityMessage | null = null;
  let v3: V3Message | null = null;
  const ignored: string[] = [];
  let first = true;
  // Stop once v3 and a community answer are in; after the first reply only wait for stragglers.
  while (!(v3 && (v2c || v1))) {
    const reply = await tryReceive(channel, first ? { label: 'SNMP reply' } : { timeoutMs: straggler(channel), label: 'SNMP reply' });
    if (!reply) break;
    first = false;
    let msg;
    try {
      msg = decodeSnmpMessage(reply);
    } catch (err) {
      if (!(err instanceof DecodeError)) throw err;
      ignored.push(err.message);
      continue;
    }
    if (msg.version === 'v3') {
      if (msg.msgId === ids.v3) v3 = msg;
      else ignored.push(`SNMPv3 message with unexpected msgID ${msg.msgId}`);
    } else if (msg.pdu.type !== 'response') {
      ignored.push(`unexpected ${msg.pdu.type} PDU`);
    } else if (msg.version === 'v2c' && msg.pdu.requestId === ids.v2c) {
      v2c = msg;
    } else if (msg.version === 'v1' && msg.pdu.requestId === ids.v1) {
      v1 = msg;
    } else {
      ignored.push(`${msg.version} response with unexpected request-id ${msg.pdu.requestId}`);
    }
  }
  for (const why of ignored) channel.note(`ignored a datagram: ${why}`);

  const answer = v2c ?? v1;
  const listening = answer !== null || v3 !== null;
  const fields: Record<string, unknown> = {
    community,
    communityAccepted: answer !== null,
    version: answer?.version ?? null,
    errorStatus: answer ? (ERROR_STATUS[answer.pdu.errorStatus] ?? answer.pdu.errorStatus) : null,
    errorIndex: answer?.pdu.errorIndex ?? null,
    system: answer ? systemGroup(answer) : null,
    varbinds: answer ? answer.pdu.varbinds.map((vb) => ({ oid: vb.oid, type: vb.value.type, value: vb.value.value })) : [],
    v3: v3 ? v3Fields(v3) : null,
  };
  const result: ModuleResult = {
    listening,
    summary: summaryLine(community, answer, v3),
    fields,
    text: snmpText(community, answer, v3),
  };
  if (!listening && ignored.length) result.error = `no valid SNMP reply (${ignored[0]})`;
  return result;
}

export const snmpModule: ProtocolModule = {
  name: 'snmp',
  title: 'SNMP',
  services: ['snmp'],
  transports: ['udp'],
  run(channel) {
    // Request IDs are random so a stale reply from an earlier probe cannot be taken for ours.
    const base = randomInt(1, 0x3fffffff);
    return runSnmp(channel, { v2c: base, v1: base + 1, v3: base + 2 });
  },
};
