/**
 * The one error class of the local mode. It carries a stable code for scripts and the exit code the
 * command line should use, so no stack trace ever reaches the user.
 */
export type LocalErrorCode =
  /** No source of the socket table works on this machine (no /proc, no ss, no lsof...). */
  | 'no-source'
  /** An external tool (ss, lsof, netstat, tasklist) failed or could not be started. */
  | 'tool-failed'
  /** The options make no sense (a -wport without a port...). */
  | 'bad-option';

const EXIT_CODES: Readonly<Record<LocalErrorCode, number>> = {
  'no-source': 3,
  'tool-failed': 3,
  'bad-option': 2,
};

export class LocalError extends Error {
  override readonly name = 'LocalError';
  readonly exitCode: number;
  constructor(
    readonly code: LocalErrorCode,
    message: string,
    /** The tool or file involved, when there is one. */
    readonly source?: string,
  ) {
    super(message);
    this.exitCode = EXIT_CODES[code];
  }
}

/**
 * A line of a tool's output that did not fit its documented shape. Parsers skip such lines and
 * report them rather than fail the whole table: one odd line should not hide every other socket.
 */
export interface SkippedLine {
  /** 1-based line number in the parsed text. */
  line: number;
  text: string;
  reason: string;
}
