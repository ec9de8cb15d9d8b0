export * from './event-store.port';
export * from './errors';
export { SqliteEventStore, eventLogFile } from './sqlite/sqlite-event-store';
export { openSqliteDatabase } from './sqlite/open-sqlite-database';
export {
  EventStoreDbEventStore,
  createEventStoreDbEventStore,
} from './eventstoredb/eventstoredb-event-store';
export { createEventStore, type EventStoreOptions } from './create-event-store';
export { ConditionSignal } from './condition-signal';
export { OpenedOnFirstUse } from './opened-on-first-use';
export { EventStoreModule, type EventStoreModuleAsyncOptions } from './event-store.module';
