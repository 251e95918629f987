import type { WriteProgress } from "@kgx/graph-store";

/**
 * A progress bar on stderr for work that takes longer than a second. On a terminal it redraws one
 * line; elsewhere (logs, CI, a parent process) it prints a plain line at most once a second, which
 * is also what tests watch for to know an import is under way.
 */
export class ProgressReporter {
  private readonly started = Date.now();
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly label: string,
    private readonly stream: NodeJS.WriteStream | { write(text: string): unknown; isTTY?: boolean },
    private readonly delayMs = 1000,
  ) {}

  update = (progress: WriteProgress): void => {
    const now = Date.now();
    if (now - this.started < this.delayMs) return;
    const tty = this.stream.isTTY === true;
    if (!tty && now - this.lastDraw < 1000 && progress.done < progress.total) return;
    if (tty && now - this.lastDraw < 80 && progress.done < progress.total) return;
    this.lastDraw = now;
    this.drawn = true;
    const ratio = progress.total > 0 ? Math.min(1, progress.done / progress.total) : 0;
    const percent = `${Math.floor(ratio * 100)}%`.padStart(4);
    const counts = `${progress.done.toLocaleString("en-US")}/${progress.total.toLocaleString("en-US")}`;
    if (tty) {
      const width = 30;
      const filled = Math.round(ratio * width);
      this.stream.write(`\r${this.label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${percent} ${counts}`);
    } else {
      this.stream.write(`${this.label}: ${percent} ${counts}\n`);
    }
  };

  finish(): void {
    if (this.drawn && this.stream.isTTY === true) this.stream.write("\n");
  }
}
