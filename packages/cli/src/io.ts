import type { CliEnv } from "./env.ts";

/** What a command may touch of the outside world; tests pass their own. */
export interface CliIo {
  readonly env: CliEnv;
  readonly stdout: { write(text: string): unknown; isTTY?: boolean };
  readonly stderr: { write(text: string): unknown; isTTY?: boolean };
  /** A status line on stderr, so stdout stays clean for --json and exports. */
  log(line: string): void;
  /** Aborted when the user interrupts (Ctrl-C, SIGTERM); long writes stop and roll back. */
  readonly signal: AbortSignal;
}
