/**
 * The sentence shown instead of a process when a socket's owner cannot be named: why, and what
 * to do about it. Never a bare "unknown".
 */
import type { OwnerUnknownReason, TcpState } from './types.js';

export interface OwnerNoteContext {
  reason: OwnerUnknownReason;
  /** The socket's uid when the source gives it. */
  uid: number | null;
  /** That uid's name, when known. */
  userName: string | null;
  state: TcpState | null;
  platform: NodeJS.Platform;
  /** The tool that produced the table, for `not-reported`. */
  sourceName: string;
}

function elevate(platform: NodeJS.Platform): string {
  if (platform === 'win32') return 'run from an elevated (Administrator) prompt';
  if (platform === 'darwin') return 'run with sudo';
  return 'run as root';
}

function ownedBy(uid: number | null, userName: string | null): string {
  if (uid === null) return 'owned by another user';
  return userName === null ? `owned by uid ${uid}` : `owned by uid ${uid} (${userName})`;
}

export function ownerNote(context: OwnerNoteContext): string {
  const { reason, uid, userName, state, platform } = context;
  switch (reason) {
    case 'no-permission':
      return `${ownedBy(uid, userName)}; ${elevate(platform)} to see the process`;
    case 'kernel-held':
      return `no process: the kernel keeps this ${state ?? 'closed'} end until it times out`;
    case 'not-in-namespace':
      return `${uid === null ? 'no' : `${ownedBy(uid, userName)}, but no`} process visible here holds it (a process of another PID namespace or container, or the kernel's own socket); run portq where that process lives to see it`;
    case 'exited':
      return 'its process exited while the snapshot was being taken';
    case 'not-reported':
      return `${context.sourceName} named no process for it; ${elevate(platform)} to see the process`;
  }
}
