import type Database from 'better-sqlite3';
import type { KeyObject } from 'node:crypto';
import type { EventStore } from '@vakregister/event-store';
import { openCheckpoint } from './checkpoint';
import { IntegrityRepository, type StoredLeaf } from './integrity-database';
import { leafHashOfRecorded } from './leaf';
import { Frontier } from './merkle/frontier';
import { consistencyProof, verifyConsistency, type PerfectSubtrees } from './merkle/proofs';

/**
 * - `changed-event`: the event at a leaf is not the one recorded there (changed, removed,
 *   inserted or moved).
 * - `signed-root-mismatch`: the log's first n events do not hash to the root a head signed.
 * - `missing-events`: a head signed more events than the log holds.
 * - `unreadable-event`: the store could not read an event (e.g. its JSON was damaged).
 * - `invalid-head`: a stored head is malformed or its signature does not verify.
 * - `inconsistent-heads`: two validly signed heads cannot both be prefixes of one log.
 * - `integrity-state`: the log matches every signed head, but integrity.sqlite's own copy of the
 *   tree does not (so proofs handed out from it would fail).
 */
export type DifferenceKind =
  | 'changed-event'
  | 'signed-root-mismatch'
  | 'missing-events'
  | 'unreadable-event'
  | 'invalid-head'
  | 'inconsistent-heads'
  | 'integrity-state';

export interface Difference {
  kind: DifferenceKind;
  message: string;
  /** The leaf (0-based place in the log) where the difference starts, when there is one. */
  leafIndex?: number;
  /** The log position where it starts: where the recorded event was, as far as known. */
  position?: bigint;
  /** The head concerned, for head differences. */
  treeSize?: number;
}

export interface VerificationReport {
  /** No differences (an unsigned tail is not one: see `unsignedTail`). */
  ok: boolean;
  eventsChecked: number;
  /** Heads whose signature verified. */
  validHeads: number;
  /** Size of the largest validly signed head, 0 without one. */
  latestSignedSize: number;
  /** Events after the largest signed head: nothing vouches for them yet. */
  unsignedTail?: { fromPosition: bigint; toPosition: bigint; count: number };
  /** The earliest difference in log order. */
  firstDifference?: Difference;
  /** In log order, then head differences; at most `maxDifferences`. */
  differences: Difference[];
  /** Differences found beyond `maxDifferences`. */
  differencesOmitted: number;
}

export interface VerifyLedgerOptions {
  store: EventStore;
  /** integrity.sqlite (read-only suffices); without it only `checkpoints` are checked. */
  integrity?: Database.Database;
  /** The key that signed the heads. */
  publicKey: KeyObject;
  /** Signed checkpoints held elsewhere (by an auditor, a witness), checked like stored heads. */
  checkpoints?: readonly string[];
  onProgress?: (eventsChecked: number, total: number) => void;
  maxDifferences?: number;
}

interface Head {
  size: number;
  root: Buffer;
  time: string;
  source: string;
  /** Compared with the recomputed tree: matches, differs, or the log is too short. */
  verdict?: 'matches' | 'differs' | 'beyond-log';
  /** Whether the stored leaves hash to this head's root (then they pinpoint changes). */
  storedLeavesMatch?: boolean;
}

interface LeafMismatch {
  leafIndex: number;
  recordedPosition: bigint;
  foundPosition: bigint;
}

const PAGE = 1000;
/**
 * Leaf differences listed one by one. A removed or inserted event shifts every later leaf, and
 * a thousand lines would bury the one that matters; the rest are counted.
 */
const LISTED_LEAF_MISMATCHES = 10;
const PROGRESS_EVERY = 1000;
/** Node lookups cached while checking consecutive heads, which share most of their proofs. */
const NODE_CACHE_LIMIT = 200_000;

/**
 * Recomputes every leaf and the tree from the raw log and holds them against every signed
 * head: signature, root at its size, consistency between consecutive heads. Trusts nothing in
 * integrity.sqlite but signatures; its leaves, once their root is proven by a signed head, name
 * the exact event that differs.
 */
export async function verifyLedger(options: VerifyLedgerOptions): Promise<VerificationReport> {
  const maxDifferences = options.maxDifferences ?? 100;
  const repository = options.integrity ? new IntegrityRepository(options.integrity) : undefined;
  const differences: Difference[] = [];
  const heads = collectHeads(repository, options, differences);

  const recomputed = Frontier.empty();
  const stored = Frontier.empty();
  let storedContiguous = true;
  const mismatches: LeafMismatch[] = [];
  let mismatchCount = 0;
  const positionsOfInterest = new Map<number, bigint>();
  // Leaves whose position the report names: the first one, and the first after each head.
  const interesting = new Set<number>([0, ...heads.map((head) => head.size)]);
  let lastPosition = -1n;
  let firstPosition: bigint | undefined;
  let nextHead = 0;
  let storedPage: StoredLeaf[] = [];
  let storedPageStart = 0;
  const storedLeaf = (leafIndex: number): StoredLeaf | undefined => {
    if (!repository) return undefined;
    if (leafIndex >= storedPageStart + storedPage.length || leafIndex < storedPageStart) {
      storedPage = repository.leavesFrom(leafIndex, PAGE);
      storedPageStart = leafIndex;
    }
    const leaf = storedPage[leafIndex - storedPageStart];
    return leaf?.leafIndex === leafIndex ? leaf : undefined;
  };

  const total = await estimateTotal(options.store, repository, heads);
  // Heads are unique by size and the tree grows by one leaf at a time: each head is settled
  // exactly when the tree reaches its size (a head of size 0 before the first leaf).
  const settleHeads = () => {
    while (nextHead < heads.length && heads[nextHead].size === recomputed.size) {
      const head = heads[nextHead++];
      head.verdict = head.root.equals(recomputed.root()) ? 'matches' : 'differs';
      head.storedLeavesMatch = storedContiguous && head.root.equals(stored.root());
    }
  };
  settleHeads();
  let unreadable: Difference | undefined;
  try {
    for await (const event of options.store.readAll()) {
      const leafIndex = recomputed.size;
      firstPosition ??= event.position;
      if (interesting.has(leafIndex)) positionsOfInterest.set(leafIndex, event.position);
      const hash = leafHashOfRecorded(event);
      const recorded = storedLeaf(leafIndex);
      if (recorded && storedContiguous) stored.append(recorded.hash);
      else storedContiguous = false;
      if (recorded && !recorded.hash.equals(hash)) {
        mismatchCount += 1;
        if (mismatches.length < LISTED_LEAF_MISMATCHES) {
          mismatches.push({
            leafIndex,
            recordedPosition: recorded.position,
            foundPosition: event.position,
          });
        }
      }
      recomputed.append(hash);
      lastPosition = event.position;
      settleHeads();
      if (recomputed.size % PROGRESS_EVERY === 0) options.onProgress?.(recomputed.size, total);
    }
  } catch (error) {
    const leafIndex = recomputed.size;
    const recordedPosition = storedLeaf(leafIndex)?.position;
    unreadable = {
      kind: 'unreadable-event',
      leafIndex,
      position: recordedPosition ?? lastPosition + 1n,
      message:
        `The event after position ${lastPosition} cannot be read` +
        (recordedPosition === undefined
          ? ''
          : ` (leaf ${leafIndex} was recorded at position ${recordedPosition})`) +
        ': ' +
        `${(error as Error).message}. Nothing after it was checked.`,
    };
  }
  options.onProgress?.(recomputed.size, Math.max(total, recomputed.size));
  const size = recomputed.size;
  // Past an unreadable event nothing was recomputed: those heads stay unjudged.
  if (!unreadable) for (const head of heads.slice(nextHead)) head.verdict = 'beyond-log';

  const logDifferences = classify({
    heads,
    size,
    mismatches,
    mismatchCount,
    unreadable,
    lastPosition,
    storedLeaf,
    positionsOfInterest,
  });
  differences.push(...checkConsecutiveHeads(heads, repository));

  const ordered = [
    ...logDifferences.sort((a, b) => (a.leafIndex ?? 0) - (b.leafIndex ?? 0)),
    ...differences,
  ];
  const latestSignedSize = heads.reduce((max, head) => Math.max(max, head.size), 0);
  const tail = size - latestSignedSize;
  return {
    ok: ordered.length === 0,
    eventsChecked: size,
    validHeads: heads.length,
    latestSignedSize,
    ...(tail > 0 && !unreadable
      ? {
          unsignedTail: {
            fromPosition:
              latestSignedSize === 0
                ? (firstPosition ?? 0n)
                : (positionsOfInterest.get(latestSignedSize) ?? lastPosition),
            toPosition: lastPosition,
            count: tail,
          },
        }
      : {}),
    ...(ordered.length > 0 ? { firstDifference: ordered[0] } : {}),
    differences: ordered.slice(0, maxDifferences),
    differencesOmitted: Math.max(0, ordered.length - maxDifferences),
  };
}

/** Stored heads and given checkpoints whose signature verifies, by size; the rest reported. */
function collectHeads(
  repository: IntegrityRepository | undefined,
  options: VerifyLedgerOptions,
  differences: Difference[],
): Head[] {
  const bySize = new Map<number, Head>();
  const consider = (note: string, source: string, storedSize?: number) => {
    const opened = openCheckpoint(note, options.publicKey);
    if (!opened.ok) {
      differences.push({
        kind: 'invalid-head',
        ...(storedSize === undefined ? {} : { treeSize: storedSize }),
        message: `${source} is not a valid signed head: ${opened.reason}`,
      });
      return;
    }
    const { size, root, time } = opened.head;
    const other = bySize.get(size);
    if (other && !other.root.equals(root)) {
      differences.push({
        kind: 'inconsistent-heads',
        treeSize: size,
        message:
          `Two validly signed heads of size ${size} have different roots (${other.source} and ` +
          `${source}): the signing key has signed two different histories.`,
      });
      return;
    }
    if (!other) bySize.set(size, { size, root, time: time.toISOString(), source });
  };
  if (repository) {
    for (let from = 0; ;) {
      const page = repository.heads(from, PAGE);
      for (const head of page)
        consider(head.checkpoint, `the head of size ${head.size}`, head.size);
      if (page.length < PAGE) break;
      from = page[page.length - 1].size + 1;
    }
  }
  (options.checkpoints ?? []).forEach((note, index) =>
    consider(note, `given checkpoint #${index + 1}`),
  );
  return [...bySize.values()].sort((a, b) => a.size - b.size);
}

interface ClassifyInput {
  heads: Head[];
  size: number;
  mismatches: LeafMismatch[];
  mismatchCount: number;
  unreadable: Difference | undefined;
  lastPosition: bigint;
  storedLeaf: (leafIndex: number) => StoredLeaf | undefined;
  positionsOfInterest: Map<number, bigint>;
}

/**
 * Turns what the pass saw into differences. The signed heads decide whether the log differs;
 * the stored leaves, where a signed root proves them, say exactly where.
 */
function classify(input: ClassifyInput): Difference[] {
  const { heads, mismatches } = input;
  const differences: Difference[] = [];
  if (input.unreadable) differences.push(input.unreadable);
  const firstBad = heads.find(
    (head) => head.verdict === 'differs' || head.verdict === 'beyond-log',
  );
  const matchedBelow = (leafIndex: number) =>
    heads.some((head) => head.verdict === 'matches' && head.size > leafIndex);
  const provenBelow = (leafIndex: number) =>
    heads.some((head) => head.storedLeavesMatch && head.size > leafIndex);
  const goodPrefix = heads
    .filter((head) => head.verdict === 'matches' && (!firstBad || head.size < firstBad.size))
    .reduce((max, head) => Math.max(max, head.size), 0);

  let integrityDamage = 0;
  for (const mismatch of mismatches) {
    const where =
      mismatch.recordedPosition === mismatch.foundPosition
        ? `at position ${mismatch.recordedPosition}`
        : `recorded at position ${mismatch.recordedPosition} ` +
          `(the log now has position ${mismatch.foundPosition} there)`;
    if (matchedBelow(mismatch.leafIndex)) {
      // The log agrees with a signed root that covers this leaf: the stored copy is what changed.
      integrityDamage += 1;
      if (integrityDamage === 1) {
        differences.push({
          kind: 'integrity-state',
          leafIndex: mismatch.leafIndex,
          position: mismatch.foundPosition,
          message:
            `integrity.sqlite's leaf ${mismatch.leafIndex} differs from the event ${where}, ` +
            'while the log matches the signed heads: integrity.sqlite is damaged (rebuild it).',
        });
      }
      continue;
    }
    const proven = provenBelow(mismatch.leafIndex);
    differences.push({
      kind: 'changed-event',
      leafIndex: mismatch.leafIndex,
      position: mismatch.recordedPosition,
      message: proven
        ? `The event ${where} is not the one recorded and signed as leaf ${mismatch.leafIndex}.`
        : `The event ${where} differs from leaf ${mismatch.leafIndex} as integrity.sqlite ` +
          'recorded it (that record is not covered by a signed head).',
    });
  }
  const omitted = input.mismatchCount - mismatches.length;
  if (omitted > 0) {
    differences.push({
      kind: 'changed-event',
      leafIndex: mismatches[mismatches.length - 1].leafIndex + 1,
      message: `${omitted} later leaves differ as well (not listed).`,
    });
  }

  if (firstBad?.verdict === 'differs') {
    const pinpointed = differences.find(
      (difference) =>
        difference.kind === 'changed-event' &&
        difference.leafIndex !== undefined &&
        difference.leafIndex >= goodPrefix &&
        difference.leafIndex < firstBad.size &&
        provenBelow(difference.leafIndex),
    );
    // Where the change is known to the leaf, the root mismatch is its consequence and sorts
    // after it; otherwise it starts where the last matching head ends.
    const from = pinpointed ? pinpointed.position : input.positionsOfInterest.get(goodPrefix);
    const later = heads.filter(
      (head) => head.size > firstBad.size && head.verdict === 'differs',
    ).length;
    differences.push({
      kind: 'signed-root-mismatch',
      leafIndex: pinpointed?.leafIndex ?? goodPrefix,
      treeSize: firstBad.size,
      ...(from === undefined ? {} : { position: from }),
      message:
        `The log's first ${firstBad.size} events do not hash to the root signed at ` +
        firstBad.time +
        (goodPrefix > 0 ? ` (its first ${goodPrefix} do match an earlier head)` : '') +
        (pinpointed
          ? ''
          : `; the difference lies in leaves ${goodPrefix} to ${firstBad.size - 1}`) +
        (later > 0 ? `. ${later} later heads differ as well.` : '.'),
    });
  }
  const beyond = heads.filter((head) => head.verdict === 'beyond-log');
  if (beyond.length > 0) {
    const largest = beyond[beyond.length - 1];
    const recorded = input.storedLeaf(input.size)?.position;
    differences.push({
      kind: 'missing-events',
      leafIndex: input.size,
      treeSize: largest.size,
      position: recorded ?? input.lastPosition + 1n,
      message:
        `A head signed ${largest.size} events at ${largest.time}, but the log holds ` +
        `${input.size}: events from ` +
        (recorded === undefined ? `after position ${input.lastPosition}` : `position ${recorded}`) +
        ' on are missing.',
    });
  }
  return differences;
}

/**
 * Consecutive valid heads must be consistent (RFC 9162 §2.1.4). Heads that both match the
 * recomputed log are so by construction, so a proof failing there means integrity.sqlite's
 * nodes are damaged; two heads whose proof fails while one of them does not match the log are
 * already reported by the root check.
 */
function checkConsecutiveHeads(
  heads: readonly Head[],
  repository: IntegrityRepository | undefined,
): Difference[] {
  if (!repository) return [];
  const source = cachedSubtrees(repository);
  const differences: Difference[] = [];
  for (let i = 1; i < heads.length; i++) {
    const [first, second] = [heads[i - 1], heads[i]];
    let consistent: boolean;
    let detail = '';
    try {
      const proof = consistencyProof(source, first.size, second.size);
      consistent = verifyConsistency(first.size, second.size, first.root, second.root, proof);
    } catch (error) {
      consistent = false;
      detail = `: ${(error as Error).message}`;
    }
    if (consistent) continue;
    const bothMatch = first.verdict === 'matches' && second.verdict === 'matches';
    const neitherChecked = first.verdict === 'beyond-log' && second.verdict === 'beyond-log';
    if (!bothMatch && !neitherChecked) continue;
    differences.push({
      kind: bothMatch ? 'integrity-state' : 'inconsistent-heads',
      treeSize: second.size,
      message: bothMatch
        ? `integrity.sqlite cannot prove the heads of size ${first.size} and ${second.size} ` +
          `consistent although the log matches both${detail}: its tree is damaged (rebuild it).`
        : `The heads of size ${first.size} and ${second.size} cannot be proven ` +
          `consistent${detail}.`,
    });
  }
  return differences;
}

function cachedSubtrees(repository: IntegrityRepository): PerfectSubtrees {
  const cache = new Map<string, Buffer>();
  return {
    perfect(level, index) {
      const key = `${level}:${index}`;
      let hash = cache.get(key);
      if (!hash) {
        hash = repository.perfect(level, index);
        if (cache.size >= NODE_CACHE_LIMIT) cache.clear();
        cache.set(key, hash);
      }
      return hash;
    },
  };
}

/** For the progress bar: the embedded store's last position + 1 is the count of events. */
async function estimateTotal(
  store: EventStore,
  repository: IntegrityRepository | undefined,
  heads: readonly Head[],
): Promise<number> {
  const health = await store.health();
  if (health.adapter === 'sqlite' && health.lastPosition !== undefined) {
    return Number(health.lastPosition) + 1;
  }
  return Math.max(repository?.leafCount() ?? 0, heads[heads.length - 1]?.size ?? 0);
}
