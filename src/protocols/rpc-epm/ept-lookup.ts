/**
 * The endpoint mapper's ept_lookup call (C706 Appendix O, ept.idl opnum 2) in NDR:
 *
 *   void ept_lookup([in] handle_t h, [in] unsigned32 inquiry_type, [in, ptr] uuid_p_t object,
 *     [in, ptr] rpc_if_id_p_t interface_id, [in] unsigned32 vers_option,
 *     [in, out] ept_lookup_handle_t *entry_handle, [in, range(0,500)] unsigned32 max_ents,
 *     [out] unsigned32 *num_ents, [out, length_is(*num_ents), size_is(max_ents)] ept_entry_t entries[],
 *     [out] error_status_t *status);
 *
 *   typedef struct { uuid_t object; twr_p_t tower; [string] char annotation[64]; } ept_entry_t;
 *   typedef struct { [range(1,2000)] unsigned32 tower_length; [size_is(tower_length)] byte tower_octet_string[]; } twr_t;
 */
import { DecodeError } from '../decode-error.js';
import { NdrReader } from '../dcerpc/ndr-reader.js';

const CODEC = 'epm';

export const EPM_INTERFACE = { uuid: 'e1af8308-5d1f-11c9-91a4-08002b14a0fa', version: 3 } as const;
export const EPT_LOOKUP_OPNUM = 2;
/** C706 ept.idl: rpc_c_ep_all_elts, rpc_c_vers_all. */
const INQUIRY_ALL_ELEMENTS = 0;
const VERS_ALL = 1;
/** Entries asked for per call: Windows answers at most 500 at a time (range(0,500) in its IDL). */
export const MAX_ENTRIES_PER_CALL = 500;
/** The status that ends the list ([MS-RPCE] 2.2.2.6: EPT_S_NOT_REGISTERED). */
export const EPT_S_NOT_REGISTERED = 0x16c9a0d6;

/** A context handle: 4 bytes of attributes and a 16-byte UUID (C706 ndr context_handle). */
export type EntryHandle = Buffer;
export const NULL_HANDLE: EntryHandle = Buffer.alloc(20);

export function encodeLookupStub(handle: EntryHandle, maxEntries = MAX_ENTRIES_PER_CALL): Buffer {
  if (handle.length !== 20) throw new RangeError('entry handle is 20 bytes');
  const stub = Buffer.alloc(4 + 4 + 4 + 4 + 20 + 4);
  stub.writeUInt32LE(INQUIRY_ALL_ELEMENTS, 0);
  stub.writeUInt32LE(0, 4); // object: null pointer
  stub.writeUInt32LE(0, 8); // interface_id: null pointer
  stub.writeUInt32LE(VERS_ALL, 12);
  handle.copy(stub, 16);
  stub.writeUInt32LE(maxEntries, 36);
  return stub;
}

export interface RawEptEntry {
  object: string;
  /** Tower octets, null when the pointer was null. */
  tower: Buffer | null;
  annotation: string;
}

export interface LookupResult {
  handle: EntryHandle;
  entries: RawEptEntry[];
  status: number;
}

/** Longest annotation ept.idl allows (ept_max_annotation_size). */
const MAX_ANNOTATION = 64;

/** Decode the [out] stub of ept_lookup. */
export function decodeLookupStub(stub: Buffer, littleEndian = true): LookupResult {
  const r = new NdrReader(stub, littleEndian, CODEC);
  const handle = Buffer.from(r.bytes(20, 'entry_handle'));
  const numEntries = r.u32();
  // Conformant varying array: max_count, offset, actual_count (C706 14.3.3.4).
  const maxCount = r.u32();
  const offset = r.u32();
  const actual = r.u32();
  if (offset !== 0) throw new DecodeError(CODEC, `entries array offset ${offset} is not 0`, r.pos - 8);
  if (actual > maxCount) throw new DecodeError(CODEC, `actual_count ${actual} exceeds max_count ${maxCount}`, r.pos - 4);
  if (actual !== numEntries) throw new DecodeError(CODEC, `num_ents ${numEntries} but ${actual} entries sent`, r.pos - 4);
  // Each entry takes at least 28 bytes: check before looping so a huge count fails at once.
  if (actual * 28 > r.remaining) throw new DecodeError(CODEC, `${actual} entries cannot fit in ${r.remaining} bytes`, r.pos);
  const fixed: { object: string; towerRef: number; annotation: string }[] = [];
  for (let i = 0; i < actual; i++) {
    const object = r.uuid();
    const towerRef = r.u32();
    // [string] char annotation[64]: a varying array, offset and actual count inline (C706 14.3.3.3).
    const annOffset = r.u32();
    const annCount = r.u32();
    if (annOffset !== 0 || annCount > MAX_ANNOTATION) {
      throw new DecodeError(CODEC, `annotation offset ${annOffset} / length ${annCount} out of range`, r.pos - 8);
    }
    const annotation = r.bytes(annCount, 'annotation').toString('latin1').replace(/\0.*$/s, '');
    fixed.push({ object, towerRef, annotation });
  }
  // Deferred pointees, in the order of their pointers (C706 14.3.12.3).
  const entries: RawEptEntry[] = fixed.map((e) => {
    if (e.towerRef === 0) return { object: e.object, tower: null, annotation: e.annotation };
    const conformance = r.u32(); // twr_t is a conformant structure: max_count first
    const towerLength = r.u32();
    if (towerLength !== conformance) {
      throw new DecodeError(CODEC, `tower_length ${towerLength} does not match its size ${conformance}`, r.pos - 4);
    }
    const tower = Buffer.from(r.bytes(towerLength, 'tower octets'));
    return { object: e.object, tower, annotation: e.annotation };
  });
  const status = r.u32();
  return { handle, entries, status };
}

export function isNullHandle(handle: EntryHandle): boolean {
  return handle.every((b) => b === 0);
}
