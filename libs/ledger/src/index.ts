export { DomainClock } from './domain-clock';
export { deterministicUuid, idSourceFor, type IdSource } from './event-ids';
export { Ledger, SYSTEM_ACTOR, type CommandMetadata, type LoadedStream } from './ledger';
export {
  PERSONAL_DATA_CODEC,
  PlaintextCodec,
  type PersonalDataCodec,
  type SubjectId,
} from './personal-data-codec';
export {
  DataDirectoryLockedError,
  lockDataDirectory,
  lockHolder,
  type LockHolder,
} from './data-directory-lock';
export { FoldedStreamCache } from './folded-stream-cache';
export { FollowerDecoder } from './follower-decoder';
export {
  ExportFormatError,
  parseExportLine,
  toExportLine,
  type ExportedEvent,
} from './export-format';
