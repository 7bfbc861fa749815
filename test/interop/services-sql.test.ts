/**
 * The SQL Server Browser module against the lab's [MC-SQLR] responder (UDP 1434), compared with
 * impacket's getInstances, and the TDS pre-login module against the responder's TCP 1433.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { sqlrModule } from '../../src/protocols/sqlr/module.js';
import { tdsModule } from '../../src/protocols/tds/module.js';
import { INSTANCES, SERVER_NAME } from '../lab/responders/sqlr-responder.js';
import { loadLab, requireLabClient } from './lab.js';
import { runOk } from './lab-exec.js';
import { openSocketChannel } from './services-socket-channel.js';
import { portqJson } from './services-cli.js';

const lab = loadLab();
const svc = lab.host('svc');
before(requireLabClient);

interface InstanceFields {
  serverName: string;
  instanceName: string;
  isClustered: boolean;
  version: string;
  tcp: number | null;
  np: string | null;
}

for (const family of [4, 6] as const) {
  test(`instance list equals impacket's getInstances (IPv${family})`, async () => {
    const address = family === 4 ? svc.ipv4 : svc.ipv6;
    const ch = await openSocketChannel({ transport: 'udp', address, port: 1434 });
    const r = await sqlrModule.run(ch).finally(() => ch.close());
    assert.equal(r.listening, true);
    const ours = r.fields.instances as InstanceFields[];
    const script =
      'import json,sys\nfrom impacket import tds\n' +
      'print(json.dumps(tds.MSSQL(sys.argv[1]).getInstances(3)))';
    const theirs = JSON.parse(await runOk('/usr/bin/python3', ['-c', script, address])) as Record<string, string>[];
    assert.equal(theirs.length, ours.length);
    ours.forEach((inst, i) => {
      const t = theirs[i]!;
      assert.deepEqual(
        [inst.serverName, inst.instanceName, inst.isClustered ? 'Yes' : 'No', inst.version, String(inst.tcp), inst.np],
        [t.ServerName, t.InstanceName, t.IsClustered, t.Version, t.tcp, t.np],
      );
    });
    assert.deepEqual(ours.map((i) => i.instanceName), INSTANCES.map((i) => i.InstanceName));
    assert.ok(ours.every((i) => i.serverName === SERVER_NAME));
    assert.match(r.text, /==== End of SQL Server query response ====$/);
  });
}

test('TDS pre-login on TCP 1433: the default instance version and the encryption setting', async () => {
  const ch = await openSocketChannel({ transport: 'tcp', address: svc.ipv4, port: 1433 });
  const r = await tdsModule.run(ch).finally(() => ch.close());
  assert.equal(r.listening, true);
  assert.equal(r.fields.version, INSTANCES[0]!.Version.split('.').slice(0, 3).join('.'));
  assert.equal(r.fields.release, 'SQL Server 2019');
  assert.equal(r.fields.encryption, 'ENCRYPT_NOT_SUP');
});

test('CLI: UDP 1434 is LISTENING with the instances and their TCP ports discovered; TCP 1433 gets the pre-login', async () => {
  const [udp] = await portqJson(['-n', svc.ipv4, '-p', 'udp', '-e', '1434']);
  assert.equal(udp!.state, 'LISTENING');
  assert.equal(udp!.query?.protocol, 'sqlr');
  assert.deepEqual(udp!.query?.discovered?.map((d) => d.port), INSTANCES.map((i) => Number(i.tcp)));
  const [tcp] = await portqJson(['-n', svc.ipv4, '-p', 'tcp', '-e', '1433']);
  assert.equal(tcp!.state, 'LISTENING');
  assert.equal(tcp!.query?.protocol, 'tds');
  assert.equal(tcp!.query?.fields.encryption, 'ENCRYPT_NOT_SUP');
});
