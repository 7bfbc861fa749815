/**
 * --json: one JSON object per port, one per line, for pipelines (jq, scripts). Raw bytes are hex.
 */
import type { ProbeResult, ResolvedTarget } from '../engine/types.js';

export function resultToJson(r: ProbeResult, target: ResolvedTarget | null): Record<string, unknown> {
  const out: Record<string, unknown> = {
    target: r.target,
    address: r.address,
    ...(target?.reverseName ? { hostname: target.reverseName } : {}),
    port: r.port,
    protocol: r.protocol,
    service: r.service,
    state: r.state,
    reason: r.reason,
    reasonText: r.reasonText,
    rttMs: r.rttMs,
    tries: r.tries,
    time: new Date(r.finishedAt).toISOString(),
  };
  if (r.query) {
    const q = r.query;
    out.query = {
      protocol: q.protocol,
      listening: q.listening,
      summary: q.summary,
      fields: q.fields,
      ...(q.error ? { error: q.error } : {}),
      ...(q.notes.length ? { notes: q.notes } : {}),
      ...(q.discovered?.length ? { discovered: q.discovered } : {}),
    };
    out.raw = q.exchanges.map((e) => ({
      direction: e.direction,
      atMs: e.atMs,
      ...(e.label ? { label: e.label } : {}),
      hex: Buffer.from(e.bytes).toString('hex'),
    }));
  }
  return out;
}

/**
 * The same text as JSON.stringify(resultToJson(r, target)). Most ports of a big scan carry no
 * query, and building then stringifying an object for each was a third of a 65535-port --json
 * scan's main thread: those lines are written directly (test/report checks both agree).
 */
export function resultToJsonLine(r: ProbeResult, target: ResolvedTarget | null): string {
  if (r.query) return JSON.stringify(resultToJson(r, target));
  const q = JSON.stringify;
  return (
    `{"target":${q(r.target)},"address":${q(r.address)}${target?.reverseName ? `,"hostname":${q(target.reverseName)}` : ''}` +
    `,"port":${r.port},"protocol":"${r.protocol}","service":${q(r.service)},"state":"${r.state}","reason":"${r.reason}"` +
    `,"reasonText":${q(r.reasonText)},"rttMs":${q(r.rttMs)},"tries":${r.tries},"time":"${new Date(r.finishedAt).toISOString()}"}`
  );
}
