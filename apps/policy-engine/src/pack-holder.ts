import { stat } from 'node:fs/promises';
import { defaultPolicyPack, loadPolicyPack, type PolicyPack } from '@tollgate/policy';
import type { Logger } from '@tollgate/telemetry';

/**
 * The active policy pack. A file given is watched: a new version replaces the
 * active pack once it loads; a malformed one is refused (logged with its file,
 * line and reason) and the previous pack stays active.
 */
export class PackHolder {
  private timer: NodeJS.Timeout | undefined;
  private mtimeMs = 0;

  private constructor(
    private active: PolicyPack,
    private readonly file: string | undefined,
    private readonly logger: Logger,
  ) {}

  /** At start a malformed pack stops the process: there is no previous pack to keep. */
  static async load(file: string | undefined, logger: Logger): Promise<PackHolder> {
    const pack = file ? await loadPolicyPack(file) : defaultPolicyPack();
    const holder = new PackHolder(pack, file, logger);
    if (file) holder.mtimeMs = (await stat(file)).mtimeMs;
    logger.info({ policy: pack.pin }, 'policy pack active');
    return holder;
  }

  current(): PolicyPack {
    return this.active;
  }

  /** Re-reads the file if it changed; resolves to the outcome, for logs and the API. */
  async reload(): Promise<{ reloaded: boolean; error?: string }> {
    if (!this.file) return { reloaded: false };
    const { mtimeMs } = await stat(this.file);
    if (mtimeMs === this.mtimeMs) return { reloaded: false };
    this.mtimeMs = mtimeMs;
    try {
      const next = await loadPolicyPack(this.file);
      this.logger.info({ previous: this.active.pin, policy: next.pin }, 'policy pack reloaded');
      this.active = next;
      return { reloaded: true };
    } catch (error) {
      this.logger.error({ file: this.file, err: (error as Error).message, kept: this.active.pin }, 'policy pack refused; the previous pack stays active');
      return { reloaded: false, error: (error as Error).message };
    }
  }

  watch(intervalMs: number): void {
    if (!this.file) return;
    const tick = () => {
      void this.reload()
        .catch((error: Error) => this.logger.error({ file: this.file, err: error.message }, 'policy pack unreadable; the previous pack stays active'))
        .finally(() => {
          if (this.timer) this.timer = setTimeout(tick, intervalMs);
        });
    };
    this.timer = setTimeout(tick, intervalMs);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
