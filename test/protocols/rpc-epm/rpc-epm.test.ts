import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DecodeError } from '../../../src/protocols/decode-error.js';
import { FragmentAssembler, coFrameLength, decodeCallFragment } from '../../../src/protocols/dcerpc/co-pdu.js';
import { CL_PTYPE } from '../../../src/protocols/dcerpc/cl-pdu.js';
import { NULL_HANDLE, decodeLookupStub, encodeLookupStub } from '../../../src/protocols/rpc-epm/ept-lookup.js';
import { decodeTower, parseFloors } from '../../../src/protocols/rpc-epm/tower.js';
import { discoveredPorts, formatEndpoints, portqryBinding, rpcEpmModule, toEndpointEntry } from '../../../src/protocols/rpc-epm/module.js';
import { interfaceName } from '../../../src/protocols/rpc-epm/well-known-interfaces.js';
import { fakeChannel } from '../../helpers/fake-channel.js';
import { frames, loadCapture, receivedStream } from '../windows-shared/lab-capture.js';
import { mutationFuzz, truncationFuzz } from '../../helpers/fuzz-decoder.js';
import { type FakeEntry, bindAck, buildLookupStub, buildTower, clAnswer, clResponses, coResponse, ipv4, tcpPort } from './ept-response-builder.js';

const capture = loadCapture('rpc-epm', 'samba-dc-tcp135');
const replyFrames = frames(receivedStream(capture), coFrameLength);

function firstStub(): Buffer {
  const asm = new FragmentAssembler(2);
  asm.add(decodeCallFragment(replyFrames[1]));
  const done = asm.add(decodeCallFragment(replyFrames[2]));
  if (!done || !('stub' in done)) throw new Error('no stub');
  return done.stub;
}

test('ept_lookup request stub (C706 ept.idl opnum 2): all elements, null object and interface, 500 entries', () => {
  const stub = encodeLookupStub(NULL_HANDLE);
  assert.equal(stub.toString('hex'), '00000000' + '00000000' + '00000000' + '01000000' + '00'.repeat(20) + 'f4010000');
  // the captured first request carries exactly this stub after its 24-byte header
  assert.deepEqual(capture.exchanges[2].bytes.subarray(24), stub);
});

test('Samba\'s 53 entries decode, with annotations and towers', () => {
  const r = decodeLookupStub(firstStub());
  assert.equal(r.status, 0);
  assert.equal(r.entries.length, 53);
  const entries = r.entries.map(toEndpointEntry);
  assert.ok(entries.every((e) => !e.towerError), 'every tower decodes');
  const seqs = new Set(entries.map((e) => e.protocolSequence));
  assert.deepEqual([...seqs].sort(), ['ncacn_http', 'ncacn_ip_tcp', 'ncacn_np', 'ncalrpc']);
  const epm = entries.find((e) => e.binding === 'ncacn_ip_tcp:0.0.0.0[135]');
  assert.equal(epm?.interfaceUuid, 'e1af8308-5d1f-11c9-91a4-08002b14a0fa');
  assert.equal(epm?.annotation, 'epmapper');
  assert.equal(epm?.interfaceVersion, '3.0');
  assert.ok(entries.some((e) => e.binding === 'ncacn_np:[\\pipe\\lsass]' || e.binding.startsWith('ncacn_np:')));
});

test('the module dumps the capture: 53 endpoints, dynamic ports discovered, PortQry block', async () => {
  const replies = capture.exchanges.filter((e) => e.direction === 'received').map((e) => e.bytes);
  const r = await rpcEpmModule.run(fakeChannel({ transport: 'tcp', port: 135, replies }));
  assert.equal(r.listening, true);
  assert.equal(r.fields.totalEndpoints, 53);
  assert.equal(r.fields.endStatus, 0x16c9a0d6);
  assert.equal(r.fields.lookupCalls, 2);
  assert.match(r.text, /^Querying Endpoint Mapper Database\.\.\.\nServer's response:\n\nUUID: /);
  assert.match(r.text, /\nTotal endpoints found: 53\n\n==== End of RPC Endpoint Mapper query response ====$/);
  assert.match(r.text, /^ncacn_ip_tcp:0\.0\.0\.0\[135\]$/m);
  const ports = (r.discovered ?? []).map((d) => d.port);
  assert.ok(ports.length >= 1 && ports.every((p) => p >= 1024 && p !== 135), `dynamic ports ${ports}`);
  assert.deepEqual(ports, [...ports].sort((a, b) => a - b));
  assert.equal(rpcEpmModule.runInRange?.({ community: 'public', slowLink: false, rpcDump: false }), false);
  assert.equal(rpcEpmModule.runInRange?.({ community: 'public', slowLink: false, rpcDump: true }), true);
});

const windowsEntries: FakeEntry[] = [
  { interfaceUuid: '12345778-1234-abcd-ef00-0123456789ac', annotation: '', transport: [[0x0b, Buffer.from([0, 0])], [0x07, tcpPort(49664)], [0x09, ipv4('10.0.0.5')]] },
  { interfaceUuid: '12345778-1234-abcd-ef00-0123456789ab', annotation: 'LSA', transport: [[0x0b, Buffer.from([0, 0])], [0x0f, Buffer.from('\\PIPE\\lsass\0')], [0x11, Buffer.from('\\\\DC01\0')]] },
  { interfaceUuid: 'd95afe70-a6d5-4259-822e-2c84da1ddb0d', annotation: '', transport: [[0x0c, Buffer.from([0, 0])], [0x10, Buffer.from('LRPC-8f1e\0')]] },
  { interfaceUuid: '897e2e5f-93f3-4376-9c9c-fd2277495c27', annotation: 'Frs2 Service', transport: [[0x0b, Buffer.from([0, 0])], [0x1f, tcpPort(593)], [0x09, ipv4('10.0.0.5')]] },
  { interfaceUuid: '6bffd098-a112-3610-9833-46c3f87e345a', annotation: '', transport: [[0x0a, Buffer.from([0, 0])], [0x08, tcpPort(49700)], [0x09, ipv4('10.0.0.5')]] },
  { interfaceUuid: '12345678-1234-abcd-ef00-01234567cffb', annotation: 'Netlogon', transport: [[0x0b, Buffer.from([0, 0])], [0x07, tcpPort(49664)], [0x09, ipv4('10.0.0.5')]] },
];

test('towers for every protocol sequence, and PortQry\'s escaped binding text', () => {
  const bindings = windowsEntries.map((e) => decodeTower(buildTower(e.interfaceUuid, e.transport)).binding);
  assert.deepEqual(bindings, [
    'ncacn_ip_tcp:10.0.0.5[49664]',
    'ncacn_np:\\\\DC01[\\PIPE\\lsass]',
    'ncalrpc:[LRPC-8f1e]',
    'ncacn_http:10.0.0.5[593]',
    'ncadg_ip_udp:10.0.0.5[49700]',
    'ncacn_ip_tcp:10.0.0.5[49664]',
  ]);
  assert.equal(portqryBinding('ncacn_np:\\\\DC01[\\PIPE\\lsass]'), 'ncacn_np:\\\\\\\\DC01[\\\\PIPE\\\\lsass]');
  const odd = decodeTower(buildTower('12345678-1234-abcd-ef00-01234567cffb', [[0x0b, Buffer.from([0, 0])], [0x13, Buffer.from([1, 2])]]));
  assert.equal(odd.protocolSequence, 'unknown');
  assert.equal(odd.binding, 'unknown:[0x0d 0x0d 0x0b 0x13]');
  assert.throws(() => parseFloors(Buffer.from([0x20, 0])), DecodeError);
  assert.throws(() => parseFloors(Buffer.from([1, 0, 0, 0, 0, 0])), DecodeError, 'empty protocol id');
  assert.equal(interfaceName('12345778-1234-ABCD-EF00-0123456789AC'), 'SAM (MS-SAMR samr)');
});

test('a Windows-style mapper: batches with a live handle, then EPT_S_NOT_REGISTERED with a null handle', async () => {
  const handle = Buffer.alloc(20, 7);
  const replies = [
    bindAck(1),
    ...coResponse(2, buildLookupStub(windowsEntries.slice(0, 3), handle, 0), 100),
    ...coResponse(3, buildLookupStub(windowsEntries.slice(3), handle, 0)),
    ...coResponse(4, buildLookupStub([], NULL_HANDLE, 0x16c9a0d6)),
  ];
  const channel = fakeChannel({ transport: 'tcp', port: 135, replies });
  const r = await rpcEpmModule.run(channel);
  assert.equal(r.fields.totalEndpoints, 6);
  assert.equal(r.fields.lookupCalls, 3);
  // the second and third calls carried the server's handle back
  assert.deepEqual(channel.sent[2].subarray(24 + 16, 24 + 36), handle);
  assert.deepEqual(r.discovered, [{ protocol: 'tcp', port: 49664, why: 'RPC endpoint SAM (MS-SAMR samr)' }]);
  assert.match(r.text, /^UUID: 12345778-1234-abcd-ef00-0123456789ac SAM \(MS-SAMR samr\)$/m);
  assert.match(r.text, /^UUID: 897e2e5f-93f3-4376-9c9c-fd2277495c27 Frs2 Service\nncacn_http:10\.0\.0\.5\[593\]$/m);
  assert.match(r.text, /^ncacn_np:\\\\\\\\DC01\[\\\\PIPE\\\\lsass\]$/m);
});

test('a mapper that ends with a null handle, or faults on the first call', async () => {
  const ended = await rpcEpmModule.run(fakeChannel({ transport: 'tcp', port: 135, replies: [bindAck(1), ...coResponse(2, buildLookupStub(windowsEntries, NULL_HANDLE, 0))] }));
  assert.equal(ended.fields.totalEndpoints, 6);
  const fault = Buffer.alloc(32);
  fault.set([5, 0, 3, 3, 0x10], 0);
  fault.writeUInt16LE(32, 8);
  fault.writeUInt32LE(2, 12);
  fault.writeUInt32LE(5, 24);
  await assert.rejects(rpcEpmModule.run(fakeChannel({ transport: 'tcp', port: 135, replies: [bindAck(1), fault] })), /access denied/);
  await assert.rejects(rpcEpmModule.run(fakeChannel({ transport: 'tcp', port: 135, replies: [bindAck(1, false)] })), /context rejected/);
});

test('UDP 135 (ncadg_ip_udp, C706 12.5): fragments acknowledged, list ended by status', async () => {
  const stub1 = buildLookupStub(windowsEntries, Buffer.alloc(20, 9), 0);
  const stub2 = buildLookupStub([], NULL_HANDLE, 0x16c9a0d6);
  const size = Math.ceil(stub1.length / 4);
  const replies = [
    (req: Buffer) => clAnswer(req, CL_PTYPE.working, Buffer.alloc(0)),
    (req: Buffer) => clResponses(req, stub1, size)[1],
    (req: Buffer) => clResponses(req, stub1, size)[0],
    (req: Buffer) => clResponses(req, stub1, size)[3],
    (req: Buffer) => clResponses(req, stub1, size)[2],
    (req: Buffer) => clResponses(req, stub2, 300)[0],
  ];
  const channel = fakeChannel({ transport: 'udp', port: 135, replies });
  const r = await rpcEpmModule.run(channel);
  assert.equal(r.fields.transport, 'ncadg_ip_udp');
  assert.equal(r.fields.totalEndpoints, 6);
  assert.equal(r.fields.lookupCalls, 2);
  const facks = channel.sent.filter((b) => b[1] === CL_PTYPE.fack);
  assert.equal(facks.length, 3, 'one fack per non-final fragment that wanted one');
  const requests = channel.sent.filter((b) => b[1] === CL_PTYPE.request);
  assert.deepEqual(requests.map((b) => b.readUInt32LE(64)), [0, 1], 'sequence numbers');
  await assert.rejects(
    rpcEpmModule.run(fakeChannel({ transport: 'udp', port: 135, replies: [(req: Buffer) => clAnswer(req, CL_PTYPE.reject, Buffer.from([3, 0, 1, 0x1c]))] })),
    /rejected: nca_s_unk_if/,
  );
});

test('lookup stubs that lie about their counts are DecodeErrors, never allocations', () => {
  const stub = Buffer.from(firstStub());
  const lying = Buffer.from(stub);
  lying.writeUInt32LE(0x7fffffff, 20); // num_ents
  lying.writeUInt32LE(0x7fffffff, 24); // max_count
  lying.writeUInt32LE(0x7fffffff, 32); // actual_count
  assert.throws(() => decodeLookupStub(lying), /cannot fit/);
  const mismatch = Buffer.from(stub);
  mismatch.writeUInt32LE(52, 20);
  assert.throws(() => decodeLookupStub(mismatch), DecodeError);
  const formatted = formatEndpoints([]);
  assert.match(formatted, /Total endpoints found: 0/);
  assert.deepEqual(discoveredPorts([], 135), []);
});

test('decoder robustness: truncations and 10,000 mutations of Samba\'s ept_lookup reply and its towers', () => {
  const stub = firstStub();
  const towers = decodeLookupStub(stub).entries.map((e) => e.tower!).filter(Boolean);
  const t = truncationFuzz([stub], (b) => decodeLookupStub(b));
  const m = mutationFuzz([stub], (b) => decodeLookupStub(b), 10_000, 0xe9a);
  const tt = truncationFuzz(towers, decodeTower);
  const tm = mutationFuzz(towers, decodeTower, 10_000, 0x70e);
  assert.equal(t.runs, stub.length + 1);
  assert.ok(t.rejected > 0 && m.runs === 10_000 && tt.rejected > 0 && tm.runs === 10_000);
});
