/**
 * SQL Server Browser on UDP 1434 ([MC-SQLR]): PortQry's instance enumeration. One CLNT_UCAST_EX
 * datagram; the SVR_RESP lists every instance (server, instance, clustering, version, TCP port,
 * named pipe), printed in PortQry's block. Each instance's TCP port is handed back as a discovered
 * port so the engine can probe it (TDS pre-login) when asked.
 */
import type { ModuleResult, ProtocolModule, QueryChannel } from '../types.js';
import { decodeInstanceResponse, encodeUcastEx, type SqlInstance } from './codec.js';
import { sqlServerRelease } from './sql-server-release.js';

/** PortQry's block: key and value per line, one paragraph per instance. */
export function sqlrText(port: number, instances: readonly SqlInstance[]): string {
  const lines = [`Sending SQL Server query to UDP port ${port}...`, '', "Server's response:", ''];
  for (const inst of instances) {
    for (const [k, v] of inst.pairs) lines.push(`${k} ${v}`);
    lines.push('');
  }
  lines.push('==== End of SQL Server query response ====');
  return lines.join('\n');
}

async function run(channel: QueryChannel): Promise<ModuleResult> {
  await channel.send(encodeUcastEx(), 'CLNT_UCAST_EX');
  const reply = await channel.receive({ label: 'SVR_RESP' });
  const instances = decodeInstanceResponse(reply);
  const names = instances.map((i) => (i.instanceName ? `${i.serverName}\\${i.instanceName}` : i.serverName));
  const summary =
    instances.length === 0
      ? 'SQL Server Browser answered with no instances'
      : `${instances.length} instance(s): ${instances
          .map((i, n) => `${names[n]} ${i.version}${i.tcp !== null ? ` tcp/${i.tcp}` : ''}`)
          .join(', ')}`;
  const result: ModuleResult = {
    listening: true,
    summary,
    fields: {
      instances: instances.map((i) => ({
        serverName: i.serverName,
        instanceName: i.instanceName,
        isClustered: i.isClustered,
        version: i.version,
        release: sqlServerRelease(i.version),
        tcp: i.tcp,
        np: i.np,
        ...(Object.keys(i.other).length ? { other: i.other } : {}),
      })),
    },
    text: sqlrText(channel.port, instances),
  };
  const discovered = instances.flatMap((i) =>
    i.tcp !== null ? [{ protocol: 'tcp' as const, port: i.tcp, why: `SQL Server instance ${i.instanceName} (${i.version})` }] : [],
  );
  if (discovered.length) result.discovered = discovered;
  return result;
}

export const sqlrModule: ProtocolModule = {
  name: 'sqlr',
  title: 'SQL Server Browser',
  services: ['ms-sql-m'],
  transports: ['udp'],
  run,
};
