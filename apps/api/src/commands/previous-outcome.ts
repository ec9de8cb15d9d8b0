import type { CertificationEvent } from '@vakregister/certification';
import type { IdSource, Ledger } from '@vakregister/ledger';
import type { CommandOutcome } from './command-results';

/**
 * The events a keyed command already appended to a stream, found by their derived ids: a retry
 * whose idempotency record was lost (a crash between append and record) then answers with
 * what happened instead of deciding again on the changed state.
 */
export async function previousOutcome<Event extends CertificationEvent>(
  ledger: Ledger,
  streamId: string,
  ids: IdSource,
): Promise<CommandOutcome<Event> | undefined> {
  const recorded = await ledger.readStream(streamId);
  const start = recorded.findIndex((event) => event.id === ids.eventId(streamId, 0));
  if (start < 0) return undefined;
  let end = start;
  while (
    end + 1 < recorded.length &&
    recorded[end + 1].id === ids.eventId(streamId, end + 1 - start)
  )
    end++;
  const last = recorded[end];
  return {
    events: recorded.slice(start, end + 1).map((event) => ledger.toDomain(event) as Event),
    position: last.position.toString(),
    revision: last.revision.toString(),
  };
}
