/** SNMP TimeTicks (RFC 2578 7.1.8): hundredths of a second since an epoch. */

/** TimeTicks (hundredths of a second) the way net-snmp prints them: "(12345) 0:02:03.45". */
export function formatTimeTicks(ticks: string): string {
  const n = BigInt(ticks);
  const hundredths = n % 100n;
  const totalSeconds = n / 100n;
  const days = totalSeconds / 86400n;
  const h = (totalSeconds % 86400n) / 3600n;
  const m = (totalSeconds % 3600n) / 60n;
  const s = totalSeconds % 60n;
  const pad = (v: bigint) => v.toString().padStart(2, '0');
  const clock = `${h}:${pad(m)}:${pad(s)}.${pad(hundredths)}`;
  return `(${ticks}) ${days > 0n ? `${days} day${days === 1n ? '' : 's'}, ` : ''}${clock}`;
}
