import type Database from 'better-sqlite3';
import type { EventStore } from '@vakregister/event-store';
import { Ledger, PlaintextCodec } from '@vakregister/ledger';
import { ProjectionEngine, analyticsProjection } from '@vakregister/projections';
import { SingleBar } from 'cli-progress';

/** How often the progress bar looks at the projection's checkpoint. */
const PROGRESS_INTERVAL_MS = 250;

/**
 * Brings the analytics read model up to the head of the ledger, from its own checkpoint (or
 * from zero in a new data directory), drawing a progress bar on a terminal's stderr. Returns the
 * position of the last event the read model includes, undefined for an empty ledger.
 */
export async function catchUpAnalytics(
  store: EventStore,
  db: Database.Database,
): Promise<bigint | undefined> {
  const head = (await store.health()).lastPosition;
  // The analytics keep no names, so the events are decoded without the key store: personal
  // fields stay ciphertext, and the report never needs the master key.
  const ledger = new Ledger(store, new PlaintextCodec());
  const engine = new ProjectionEngine(
    store,
    db,
    [analyticsProjection],
    (event) => ledger.toDomain(event),
    { log: () => undefined, error: (message) => console.error(message) },
  );
  const bar = new SingleBar({
    format: 'analytics [{bar}] {percentage}% | {value}/{total} events | ETA {eta_formatted}',
    hideCursor: true,
  });
  const analytics = () => engine.status().find(({ name }) => name === analyticsProjection.name)!;
  const applied = () => Number(analytics().checkpoint + 1n);
  await engine.start();
  try {
    if (head !== undefined) {
      bar.start(Number(head + 1n), applied());
      while (!(await engine.waitFor(head, PROGRESS_INTERVAL_MS))) {
        const { state, failure } = analytics();
        if (state === 'failed') {
          throw new Error(
            `The analytics projection stopped at position ${failure?.position}: ${failure?.error}`,
          );
        }
        bar.update(applied());
      }
      bar.update(applied());
    }
  } finally {
    bar.stop();
    await engine.stop();
  }
  // Stopped, nothing more is applied: the read model holds exactly the events up to here (on a
  // shared EventStoreDB, possibly a few beyond the head read above).
  const { checkpoint } = analytics();
  return checkpoint < 0n ? undefined : checkpoint;
}
