/** The hosted store's settings and their defaults. */

export const DEFAULT_STORE_MEMORY_LIMIT_MIB = 3072;
export const DEFAULT_QUERY_GRACE_MS = 2000;

export interface HostedStoreOptions {
  readonly dataDir: string;
  /** Kùzu's buffer pool in bytes, passed to the host (the embedded store's default when absent). */
  readonly bufferPoolBytes?: number;
  /** Above this resident size (bytes) the host is killed and started again (default 3072 MiB). */
  readonly memoryLimitBytes?: number;
  /** How long after its time limit an unanswered user statement gets the host killed (default 2000 ms). */
  readonly queryGraceMs?: number;
  /** How often the host's resident size is read (default 100 ms). */
  readonly memorySampleMs?: number;
  /** Wait before the first restart after an end of the host, doubled for each end in a row (default 250 ms). */
  readonly restartDelayMs?: number;
  /** The longest wait between restarts (default 10 s). */
  readonly maxRestartDelayMs?: number;
  /** A host that lived this long before it ended starts the backoff afresh (default 30 s). */
  readonly stableAfterMs?: number;
  /** How long a host may take to open the store before it is killed and tried again (default 60 s). */
  readonly startTimeoutMs?: number;
  /** How many statements the quarantine remembers (default 1000). */
  readonly quarantineSize?: number;
  /**
   * The host's whole environment. Give it only what it needs (PATH, HOME, TMPDIR, a locale):
   * never the API's secrets. Empty when absent.
   */
  readonly environment?: Readonly<Record<string, string>>;
  /** Where restarts and their reasons are reported. */
  readonly log?: (line: string) => void;
  /** Tests only: let statements Kùzu is known to crash on through, to make the host really crash. */
  readonly refuseKnownCrashes?: boolean;
}
