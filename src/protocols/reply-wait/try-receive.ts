/**
 * Waiting for a reply that may never come. Over UDP silence is an answer of its own (a wrong SNMP
 * community, a v1-only agent ignoring v2c), so modules that send several requests at once need
 * "the next reply, or null when the wait ran out" rather than an exception.
 */
import type { Framer, QueryChannel } from '../types.js';

/** True for the channel's timeout rejection (QueryTimeoutError, code QUERY_TIMEOUT). */
export function isQueryTimeout(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; name?: unknown };
  return e.code === 'QUERY_TIMEOUT' || e.name === 'QueryTimeoutError';
}

/** The next reply, or null when the wait ran out. Any other failure propagates. */
export async function tryReceive(
  channel: QueryChannel,
  opts?: { framer?: Framer; timeoutMs?: number; label?: string },
): Promise<Buffer | null> {
  try {
    return await channel.receive(opts);
  } catch (err) {
    if (isQueryTimeout(err)) return null;
    throw err;
  }
}

/** How long to keep listening for the rest of a batch once the first reply came (ms). */
export function straggler(channel: QueryChannel): number {
  return channel.options.slowLink ? 2000 : 1000;
}
