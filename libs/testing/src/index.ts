export {
  collect,
  describeEventStoreContract,
  testEvent,
  type EventStoreContractHarness,
} from './event-store-contract';
export { makeTempDir } from './temp-dir';
export * from './decider-spec';
export * from './objection-builders';
export { aboutProfessional, dumpTable } from './projection-fixtures';
