import {
  explainDecision,
  foldProfessional,
  recomputeBasis,
  storedBasis,
  type DecisionEvent,
  type ProfessionalEvent,
} from '@vakregister/certification';
import type { RecordedEvent } from '@vakregister/event-store';
import type { Ledger } from '@vakregister/ledger';
import { isDeepStrictEqual } from 'node:util';
import { schemesKnownAt } from './schemes-known-at';

/**
 * A decision's stored basis, the same basis recomputed from the ledger as it stood when the
 * decision was taken, whether the two agree, and the explanation of the stored one. A decision
 * without a stored basis has nothing to verify: basis and verification are null.
 */
export async function verifyDecision(
  ledger: Ledger,
  decision: DecisionEvent,
  before: readonly ProfessionalEvent[],
  recorded: RecordedEvent,
) {
  const explanation = explainDecision(decision);
  const basis = storedBasis(decision);
  if (!basis) return { basis: null, verification: null, explanation };
  const decidedAtPosition = decision.data.decidedAtPosition;
  const schemes = await schemesKnownAt(ledger, recorded, decidedAtPosition);
  const recomputed = recomputeBasis(decision, foldProfessional(before), schemes);
  return {
    basis,
    verification: {
      atPosition: decidedAtPosition ?? (recorded.position - 1n).toString(),
      recomputed,
      // As stored: JSON drops what is undefined, so compare the recomputation the same way.
      agrees:
        recomputed !== null && isDeepStrictEqual(JSON.parse(JSON.stringify(recomputed)), basis),
    },
    explanation,
  };
}
