import type { Ledger } from '@vakregister/ledger';
import type { LedgerWriter } from './simulation';

/**
 * Appends through the real store and the ledger's own `append` (codec, `subjectId`,
 * `schemaVersion`), one append per command as the application does. Appends are queued without
 * waiting, in simulated-time order, so that group commit packs up to 512 of them into each
 * transaction while positions still follow `recordedAt`.
 */
export class StoreWriter implements LedgerWriter {
  queuedEvents = 0;
  private pending: Array<Promise<unknown>> = [];
  private failure: unknown;

  constructor(private readonly ledger: Ledger) {}

  append(...args: Parameters<Ledger['append']>): void {
    this.queuedEvents += args[2].length;
    // Caught at once so that a failure is not an unhandled rejection; rethrown by drain().
    this.pending.push(
      this.ledger.append(...args).catch((error: unknown) => {
        this.failure ??= error;
      }),
    );
  }

  async drain(): Promise<void> {
    const pending = this.pending;
    this.pending = [];
    await Promise.all(pending);
    if (this.failure !== undefined) throw this.failure;
  }
}
