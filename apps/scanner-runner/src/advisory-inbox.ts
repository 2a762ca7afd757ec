import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Polls a directory for OSV advisories (`*.json`) and hands each new or changed
 * file to `ingest` once. Files are left where they are: after a restart every
 * file is read again, and ingestion is idempotent (an unchanged advisory raises nothing).
 */
export class AdvisoryInbox {
  private readonly seen = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly dir: string,
    private readonly intervalMs: number,
    private readonly ingest: (text: string, file: string) => Promise<void>,
    private readonly onError: (file: string, error: unknown) => void,
  ) {}

  start(): void {
    const tick = () => {
      this.running = this.poll().finally(() => {
        if (this.timer !== undefined) this.timer = setTimeout(tick, this.intervalMs);
      });
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  async poll(): Promise<void> {
    let names: string[];
    try {
      names = (await readdir(this.dir)).filter((n) => n.endsWith('.json')).sort();
    } catch (error) {
      this.onError(this.dir, error);
      return;
    }
    for (const name of names) {
      const file = join(this.dir, name);
      try {
        const { mtimeMs } = await stat(file);
        if (this.seen.get(file) === mtimeMs) continue;
        await this.ingest(await readFile(file, 'utf8'), file);
        this.seen.set(file, mtimeMs);
      } catch (error) {
        // A malformed file is reported once per version of it, not on every poll.
        this.seen.set(file, (await stat(file).catch(() => ({ mtimeMs: -1 }))).mtimeMs);
        this.onError(file, error);
      }
    }
  }
}
