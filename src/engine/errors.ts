/**
 * Errors that end a run, each carrying the exit code the command line returns and a one-line
 * message that says what to do. Nothing else reaches the user as a stack trace.
 */

/** Documented exit codes (README "Exit codes"). */
export const EXIT = {
  /** -q: the port is LISTENING; otherwise: the run completed. */
  ok: 0,
  notListening: 1,
  listeningOrFiltered: 2,
  filtered: 3,
  /** Bad flags or values (sysexits EX_USAGE). */
  usage: 64,
  /** The host name does not resolve (EX_NOHOST). */
  noHost: 68,
  /** A needed resource is unavailable: the -sp source port is in use, a permission is missing (EX_UNAVAILABLE). */
  unavailable: 69,
  /** Internal error: a bug (EX_SOFTWARE). */
  internal: 70,
  /** The log file cannot be written or may not be overwritten (EX_CANTCREAT). */
  cantCreate: 73,
  /** Stopped by Ctrl-C / SIGINT. */
  interrupted: 130,
} as const;

export class PortqError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    /** Extra lines printed after the message (PortQry prints some errors over several lines). */
    readonly detail: string[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A flag or value the user must fix; the message names the flag and the fix. */
export class UsageError extends PortqError {
  constructor(message: string) {
    super(message, EXIT.usage);
  }
}

export class ResolveError extends PortqError {
  constructor(readonly host: string, cause: string) {
    super(`Failed to resolve name to IP address: ${host} (${cause}). Check the name or pass an IP address with -n.`, EXIT.noHost);
  }
}

/** PortQry's own words for -sp in use (PORTQRY.md). */
export class SourcePortInUseError extends PortqError {
  constructor(readonly port: number) {
    super('Cannot use specified source port.', EXIT.unavailable, [
      'Port is already in use.',
      'Specify a port that is not in use and run the command again.',
    ]);
  }
}
