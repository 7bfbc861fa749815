/**
 * Longer robustness run for the Windows/AD decoders than the unit tests do (those run every
 * truncation and 10,000 mutations per codec). Mutates the replies captured from the lab and checks
 * that each decoder returns a value or throws DecodeError, nothing else. Any other throw is printed
 * with its seed, iteration and input hex, and the script exits 1.
 *
 *   node --import tsx scripts/fuzz-codecs.ts [--iterations N] [--seed S] [--codec NAME]
 *
 * Default: 200,000 mutations per codec from seed 1. A hang shows as a codec that never finishes.
 */
import { parseArgs } from 'node:util';
import { coFrameLength, decodeBindAnswer, decodeCallFragment, FragmentAssembler } from '../src/protocols/dcerpc/co-pdu.js';
import { ClCallAssembler, encodeClRequest } from '../src/protocols/dcerpc/cl-pdu.js';
import { decodeLookupStub, EPM_INTERFACE } from '../src/protocols/rpc-epm/ept-lookup.js';
import { decodeTower } from '../src/protocols/rpc-epm/tower.js';
import { decodeNodeStatusResponse } from '../src/protocols/netbios/node-status.js';
import { decodeSessionAnswer } from '../src/protocols/netbios/session-service.js';
import { decodeLdapMessages } from '../src/protocols/ldap/ldap-messages.js';
import { ldapFramer } from '../src/protocols/ldap/ldap-search.js';
import { decodeSamLogonResponseEx } from '../src/protocols/cldap/netlogon-response.js';
import { decodeKdcReply } from '../src/protocols/kerberos/kerberos-messages.js';
import { decodeNegotiateResponse } from '../src/protocols/smb/smb2-negotiate.js';
import { sessionFrameLength } from '../src/protocols/netbios/session-service.js';
import { frames, loadCapture, received, receivedStream } from '../test/protocols/windows-shared/lab-capture.js';
import { mutationFuzz, truncationFuzz } from '../test/helpers/fuzz-decoder.js';
import { clResponses } from '../test/protocols/rpc-epm/ept-response-builder.js';

const { values } = parseArgs({
  options: {
    iterations: { type: 'string', default: '200000' },
    seed: { type: 'string', default: '1' },
    codec: { type: 'string' },
  },
});
const iterations = Number(values.iterations);
const seed = Number(values.seed);
if (!Number.isInteger(iterations) || iterations <= 0 || !Number.isInteger(seed)) {
  console.error('usage: fuzz-codecs.ts [--iterations N] [--seed S] [--codec NAME]');
  process.exit(64);
}

function epmSamples() {
  const f = frames(receivedStream(loadCapture('rpc-epm', 'samba-dc-tcp135')), coFrameLength);
  const asm = new FragmentAssembler(2);
  asm.add(decodeCallFragment(f[1]));
  const done = asm.add(decodeCallFragment(f[2]));
  if (!done || !('stub' in done)) throw new Error('capture has no whole ept_lookup stub');
  return { frames: f, stub: done.stub, towers: decodeLookupStub(done.stub).entries.flatMap((e) => (e.tower ? [e.tower] : [])) };
}

const ldapFrames = [...frames(receivedStream(loadCapture('ldap', 'samba-dc-tcp389')), ldapFramer), ...received(loadCapture('cldap', 'samba-dc-udp389'))];
const netlogonEntry = decodeLdapMessages(received(loadCapture('cldap', 'samba-dc-udp389'))[0])[0];
const netlogonValue = netlogonEntry.op === 'searchResEntry' ? netlogonEntry.attributes[0].values[0] : Buffer.alloc(0);
const epm = epmSamples();
const activity = '11111111-2222-3333-4444-555555555555';
const clRequest = encodeClRequest({ interfaceUuid: EPM_INTERFACE.uuid, interfaceVersion: 3, activityUuid: activity, seqnum: 0, opnum: 2 }, Buffer.alloc(40));

const codecs: Record<string, { samples: Buffer[]; decode: (b: Buffer) => unknown }> = {
  'dcerpc-co': {
    samples: epm.frames,
    decode: (b) => {
      coFrameLength(b);
      if (b[2] === 12 || b[2] === 13) decodeBindAnswer(b);
      else decodeCallFragment(b);
    },
  },
  'dcerpc-cl': { samples: clResponses(clRequest, epm.stub, 1000), decode: (b) => new ClCallAssembler(activity, 0).add(b) },
  'epm-lookup': { samples: [epm.stub], decode: (b) => decodeLookupStub(b) },
  'epm-tower': { samples: epm.towers, decode: decodeTower },
  nbns: { samples: [...received(loadCapture('netbios', 'samba-dc-udp137')), ...received(loadCapture('netbios', 'nmbd-standalone-udp137'))], decode: decodeNodeStatusResponse },
  nbss: { samples: [Buffer.from([0x82, 0, 0, 0]), Buffer.from([0x83, 0, 0, 1, 0x80])], decode: decodeSessionAnswer },
  ldap: { samples: ldapFrames, decode: (b) => (decodeLdapMessages(b), ldapFramer(b)) },
  netlogon: { samples: [netlogonValue], decode: decodeSamLogonResponseEx },
  kerberos: { samples: [...received(loadCapture('kerberos', 'samba-dc-udp88')), receivedStream(loadCapture('kerberos', 'samba-dc-tcp88')).subarray(4)], decode: decodeKdcReply },
  smb2: {
    samples: ['samba-dc-tcp445', 'smbd-standalone-tcp445', 'samba-dc-tcp139'].map((n) => frames(receivedStream(loadCapture('smb', n)), sessionFrameLength).at(-1)!.subarray(4)),
    decode: decodeNegotiateResponse,
  },
};

let failed = false;
for (const [name, { samples, decode }] of Object.entries(codecs)) {
  if (values.codec && values.codec !== name) continue;
  const started = performance.now();
  try {
    const t = truncationFuzz(samples, decode);
    const m = mutationFuzz(samples, decode, iterations, seed);
    const ms = Math.round(performance.now() - started);
    console.log(`${name.padEnd(11)} truncations ${t.runs} (${t.rejected} rejected)  mutations ${m.runs}: ${m.decoded} decoded, ${m.rejected} DecodeError  ${ms} ms`);
  } catch (err) {
    failed = true;
    console.log(`${name.padEnd(11)} FAILED: ${err instanceof Error ? err.message : String(err)}`);
  }
}
process.exit(failed ? 1 : 0);
