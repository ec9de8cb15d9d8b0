import { amsterdamDate } from '@vakregister/certification';
import type { EventStore } from '@vakregister/event-store';
import { DomainClock } from '@vakregister/ledger';
import {
  AnalyticsQueries,
  openReadModelDatabase,
  type PilotAnalytics,
} from '@vakregister/projections';
import { catchUpAnalytics } from './catch-up-analytics';

export interface ReportData {
  analytics: PilotAnalytics;
  /** Position of the last ledger event the figures include; undefined for an empty ledger. */
  position: bigint | undefined;
}

async function lastRecordedAt(store: EventStore): Promise<Date | undefined> {
  for await (const { metadata } of store.readAll({ direction: 'backwards', maxCount: 1 })) {
    if (typeof metadata.recordedAt === 'string') return new Date(metadata.recordedAt);
  }
  return undefined;
}

/**
 * Today as the API's domain clock reads it: the simulated start if one is configured, and
 * never before the last recorded event (so a simulated pilot is reported as of its own end).
 */
async function today(store: EventStore, simulatedNow: Date | undefined): Promise<string> {
  const { clock } = DomainClock.startingAt({
    start: simulatedNow,
    lastRecordedAt: await lastRecordedAt(store),
  });
  return amsterdamDate(clock.now());
}

/**
 * The pilot figures as the analytics endpoint answers them, from the read models in `dataDir`
 * once the analytics projection has caught up with `store`.
 */
export async function collectReportData(
  store: EventStore,
  dataDir: string,
  options: { asOf?: string; simulatedNow?: Date },
): Promise<ReportData> {
  const db = openReadModelDatabase(dataDir);
  try {
    const position = await catchUpAnalytics(store, db);
    const asOf = options.asOf ?? (await today(store, options.simulatedNow));
    return { analytics: new AnalyticsQueries(db).pilot(asOf), position };
  } finally {
    db.close();
  }
}
