import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sqlrModule } from '../../../src/protocols/sqlr/module.js';
import { fakeChannel } from '../../helpers/fake-channel.js';
import { loadHexFixture } from '../../helpers/hex-fixture.js';

const fixture = (name: string) => loadHexFixture(new URL(`./fixtures/${name}`, import.meta.url));

test('PortQry block, fields and discovered TCP ports from a two-instance answer', async () => {
  const ch = fakeChannel({ transport: 'udp', port: 1434, replies: [fixture('ucast-ex-two-instances.hex')] });
  const r = await sqlrModule.run(ch);
  assert.deepEqual(ch.sent.map((b) => b.toString('hex')), ['03']);
  assert.equal(r.listening, true);
  assert.equal(
    r.text,
    [
      'Sending SQL Server query to UDP port 1434...',
      '',
      "Server's response:",
      '',
      'ServerName SVC',
      'InstanceName MSSQLSERVER',
      'IsClustered No',
      'Version 15.0.2000.5',
      'np \\\\SVC\\pipe\\sql\\query',
      'tcp 1433',
      '',
      'ServerName SVC',
      'InstanceName PORTQ',
      'IsClustered No',
      'Version 16.0.1000.6',
      'np \\\\SVC\\pipe\\MSSQL$PORTQ\\sql\\query',
      'tcp 49733',
      '',
      '==== End of SQL Server query response ====',
    ].join('\n'),
  );
  assert.deepEqual(r.discovered?.map((d) => [d.protocol, d.port]), [['tcp', 1433], ['tcp', 49733]]);
  const instances = r.fields.instances as { release: string }[];
  assert.equal(instances[0]!.release, 'SQL Server 2019');
  assert.match(r.summary, /^2 instance\(s\): SVC\\MSSQLSERVER 15\.0\.2000\.5 tcp\/1433/);
});

test('silence rejects (the engine reports the timeout)', async () => {
  const ch = fakeChannel({ transport: 'udp', port: 1434, replies: [] });
  await assert.rejects(sqlrModule.run(ch), /timed out/);
});
