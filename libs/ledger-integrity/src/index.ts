export {
  canonicalJson,
  CanonicalizationError,
  withCanonicalJsonWriter,
  type CanonicalJsonWriter,
} from './canonical-json';
export {
  canonicalLeafBytes,
  canonicalLeafText,
  leafEventOf,
  leafHash,
  leafHashOfRecorded,
  writeCanonicalLeaf,
  type LeafEvent,
} from './leaf';
export { EMPTY_ROOT, hashChildren, hashLeaf, sha256 } from './merkle/hashes';
export { Frontier, type CompletedNode } from './merkle/frontier';
export {
  ProofRangeError,
  consistencyProof,
  inclusionProof,
  rangeHash,
  verifyConsistency,
  verifyInclusion,
  type PerfectSubtrees,
} from './merkle/proofs';
export {
  CHECKPOINT_ORIGIN,
  checkpointText,
  noteKeyId,
  openCheckpoint,
  signCheckpoint,
  type OpenedCheckpoint,
  type TreeHead,
} from './checkpoint';
export {
  SIGNING_KEY_VARIABLE,
  SigningKey,
  SigningKeyError,
  defaultDevSigningKeyFile,
  loadPublicKey,
  loadSigningKey,
  publicKeyFromPem,
  resolvePublicKey,
  resolveSigningKey,
  type ResolvePublicKeyOptions,
  type ResolveSigningKeyOptions,
  type ResolvedSigningKey,
} from './signing-key';
export {
  IntegrityRepository,
  MissingNodeError,
  integrityFile,
  migrateIntegrityDatabase,
  openIntegrityDatabase,
  openIntegrityDatabaseReadOnly,
} from './integrity-database';
export {
  IntegrityKeeper,
  IntegrityStateError,
  LeafMismatchError,
  RebuildRefusedError,
  type IntegrityKeeperOptions,
  type IntegrityKeeperState,
  type IntegrityKeeperStatus,
  type IntegrityLogger,
} from './integrity-keeper';
export { type SignedTreeHead } from './signed-tree-head';
export { verifyReceipt, type Receipt, type VerifyReceiptResult } from './receipt';
export {
  verifyLedger,
  type Difference,
  type DifferenceKind,
  type VerificationReport,
  type VerifyLedgerOptions,
} from './verify-ledger';
