import { SCHEMES_STREAM, type Scheme } from '@vakregister/certification';
import type { RecordedEvent } from '@vakregister/event-store';
import type { Ledger } from '@vakregister/ledger';

/**
 * The scheme versions a decision could know: those up to the position it recorded it decided
 * at, or (for a decision recorded before it kept that position) those before the decision
 * itself. A scheme published later, even one backdated, was not there to apply.
 */
export async function schemesKnownAt(
  ledger: Ledger,
  decision: RecordedEvent,
  decidedAtPosition: string | undefined,
): Promise<Scheme[]> {
  const known =
    decidedAtPosition === undefined
      ? (position: bigint) => position < decision.position
      : (position: bigint) => position <= BigInt(decidedAtPosition);
  return (await ledger.readStream(SCHEMES_STREAM))
    .filter((scheme) => known(scheme.position))
    .map((scheme) => ledger.toDomain(scheme).data as Scheme);
}
