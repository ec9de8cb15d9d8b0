import { hash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import canonicalize from 'canonicalize';
import type { RecordedEvent } from '@vakregister/event-store';
import {
  Frontier,
  canonicalLeafBytes,
  hashLeaf,
  leafEventOf,
  leafHashOfRecorded,
  withCanonicalJsonWriter,
  writeCanonicalLeaf,
} from '@vakregister/ledger-integrity';
import { benchEvent, benchStreamId } from '../event-store/events';

/** Events generated (untimed) and measured per step; bounds memory at a million events. */
export const CHUNK = 10_000;
/** A klantmanager's history is tens of events, interleaved with everyone else's in the log. */
const EVENTS_PER_STREAM = 50;

export type StepName =
  'baseline' | 'pipeline' | 'canonicalise' | 'packageCanonicalise' | 'leafHash' | 'hashAndTree';

export interface PipelineRound {
  /** Milliseconds each step spent over all events. */
  ms: Record<StepName, number>;
  events: number;
  canonicalBytes: number;
}

/**
 * Events as the store hands them out: data and metadata parsed from JSON text, positions and
 * revisions bigints.
 */
function chunkOfEvents(first: number, count: number, streams: string[]): RecordedEvent[] {
  return Array.from({ length: count }, (_, offset) => {
    const position = first + offset;
    const streamId = streams[position % streams.length];
    const event = benchEvent(streamId, position);
    return {
      streamId,
      revision: BigInt(Math.floor(position / streams.length)),
      position: BigInt(position),
      id: event.id,
      type: event.type,
      data: JSON.parse(JSON.stringify(event.data)),
      metadata: JSON.parse(JSON.stringify(event.metadata)),
      storedAt: new Date(),
    };
  });
}

/**
 * One pass over `total` events, chunk by chunk, timing each step on the same chunk in turn
 * (in rotating order, so that none always runs on a cold cache or right after a GC):
 *
 * - baseline: one SHA-256 call per event over its canonical bytes (made untimed beforehand), in
 *   the fastest form Node offers: one-shot `crypto.hash` with a binary-string digest (a Buffer
 *   digest costs a native allocation that would slow the baseline down);
 * - pipeline: from the event as read to the tree: canonicalise, leaf hash, append;
 * - canonicalise, leafHash, hashAndTree: the pipeline's parts, to show where the time goes;
 * - packageCanonicalise: the `canonicalize` package the leaves were first written with.
 *
 * Returns the root both tree-building steps reached, which must agree.
 */
export function measurePipeline(total: number): PipelineRound & { roots: Buffer[] } {
  const streams = Array.from({ length: Math.ceil(total / EVENTS_PER_STREAM) }, benchStreamId);
  const ms: Record<StepName, number> = {
    baseline: 0,
    pipeline: 0,
    canonicalise: 0,
    packageCanonicalise: 0,
    leafHash: 0,
    hashAndTree: 0,
  };
  const pipelineTree = Frontier.empty();
  const bytesTree = Frontier.empty();
  let canonicalBytes = 0;
  let sink = 0;
  for (let first = 0, chunk = 0; first < total; first += CHUNK, chunk++) {
    const events = chunkOfEvents(first, Math.min(CHUNK, total - first), streams);
    const bytes = events.map((event) => canonicalLeafBytes(leafEventOf(event)));
    for (const entry of bytes) canonicalBytes += entry.length;
    const steps: Array<[StepName, () => void]> = [
      [
        'baseline',
        () => {
          for (const entry of bytes) sink ^= hash('sha256', entry, 'binary').charCodeAt(0);
        },
      ],
      [
        'pipeline',
        () => {
          for (const event of events) pipelineTree.append(leafHashOfRecorded(event));
        },
      ],
      [
        'canonicalise',
        () => {
          for (const event of events) {
            const leaf = leafEventOf(event);
            sink ^= withCanonicalJsonWriter((writer) => writeCanonicalLeaf(writer, leaf).view())[0];
          }
        },
      ],
      [
        'packageCanonicalise',
        () => {
          for (const event of events) sink ^= canonicalize(leafEventOf(event))?.length ?? 0;
        },
      ],
      [
        'leafHash',
        () => {
          for (const entry of bytes) sink ^= hashLeaf(entry)[0];
        },
      ],
      [
        'hashAndTree',
        () => {
          for (const entry of bytes) bytesTree.append(hashLeaf(entry));
        },
      ],
    ];
    for (let i = 0; i < steps.length; i++) {
      const [name, run] = steps[(i + chunk) % steps.length];
      const start = performance.now();
      run();
      ms[name] += performance.now() - start;
    }
  }
  // Keeps the sink alive, so that no measured loop can be optimised away.
  if (sink === -1) console.error(sink);
  return { ms, events: total, canonicalBytes, roots: [pipelineTree.root(), bytesTree.root()] };
}
