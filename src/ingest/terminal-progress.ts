/**
 * Progress for humans: a bar with ETA when stdout is a terminal, one line per item otherwise
 * (CI logs, `| tee`, and the crash test that watches stdout for the first finished file).
 */
import cliProgress from 'cli-progress';
import { terminalText } from './terminal-text';

export class TerminalProgress {
  private bar: cliProgress.SingleBar | null = null;

  constructor(
    private readonly title: string,
    private readonly out: NodeJS.WriteStream = process.stdout,
  ) {}

  get interactive(): boolean {
    return this.out.isTTY === true;
  }

  /**
   * `done` of `total` finished; `item` (a file name, shown escaped: see terminal-text.ts) just
   * finished with `note` (e.g. "ingested").
   */
  update(done: number, total: number, item: string, note: string): void {
    const name = terminalText(item);
    if (!this.interactive) {
      this.out.write(`${this.title} [${done}/${total}] ${note} ${name}\n`);
      return;
    }
    if (!this.bar) {
      this.bar = new cliProgress.SingleBar(
        {
          stream: this.out,
          format: `${this.title} [{bar}] {percentage}% | {value}/{total} | ETA {eta_formatted} | {item}`,
          etaBuffer: 20,
          hideCursor: true,
          clearOnComplete: false,
        },
        cliProgress.Presets.shades_classic,
      );
    }
    // Keep the line from wrapping on a narrow terminal.
    const shown = name.length > 40 ? `…${Array.from(name).slice(-39).join('')}` : name;
    if (!this.bar.isActive) this.bar.start(total, done, { item: shown });
    this.bar.setTotal(total);
    this.bar.update(done, { item: shown });
  }

  /** A line that must not be overwritten by the bar (a failure, a warning); names in it escaped by the caller. */
  log(line: string): void {
    // Finish the bar's line first; the next update() starts a fresh bar below the message.
    this.stop();
    this.out.write(`${line}\n`);
  }

  stop(): void {
    this.bar?.stop();
    this.bar = null;
  }
}
