import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  amsterdamDate,
  decideProfessional,
  professionalStream,
  type ProfessionalEvent,
} from '@vakregister/certification';
import { WrongExpectedVersionError } from '@vakregister/event-store';
import { DomainClock, Ledger } from '@vakregister/ledger';
import { commandIds, commandMetadata } from './command-metadata';
import type { CommandOutcome } from './command-results';
import {
  ContendedStreamError,
  MAX_DECISION_ATTEMPTS,
  PreconditionFailedError,
} from './concurrency-errors';
import { ExecuteProfessionalCommand } from './execute-professional-command';
import { previousOutcome } from './previous-outcome';

/**
 * The global position of the last event a decision saw, of the streams it was decided on: the
 * basis it records can then be recomputed from exactly that much of the ledger.
 */
function lastSeenPosition(...positions: Array<bigint | undefined>): string | undefined {
  const seen = positions.filter((position): position is bigint => position !== undefined);
  if (seen.length === 0) return undefined;
  return seen.reduce((max, position) => (position > max ? position : max)).toString();
}

/**
 * Load, decide, append with the expected revision. On a concurrency conflict the whole
 * decision is taken again on the new state (a bounded number of times) unless the client pinned
 * a revision with `If-Match`, which then answers 412.
 */
@CommandHandler(ExecuteProfessionalCommand)
export class ExecuteProfessionalCommandHandler implements ICommandHandler<ExecuteProfessionalCommand> {
  constructor(
    private readonly ledger: Ledger,
    private readonly clock: DomainClock,
  ) {}

  async execute({
    professionalId,
    command,
    envelope,
  }: ExecuteProfessionalCommand): Promise<CommandOutcome<ProfessionalEvent>> {
    const now = this.clock.now();
    const metadata = commandMetadata(envelope, now);
    if (envelope.idempotencyKey) {
      const earlier = await previousOutcome<ProfessionalEvent>(
        this.ledger,
        professionalStream(professionalId),
        commandIds(envelope),
      );
      if (earlier) return earlier;
    }
    for (let attempt = 1; attempt <= MAX_DECISION_ATTEMPTS; attempt++) {
      const ids = commandIds(envelope);
      const [schemes, professional] = await Promise.all([
        this.ledger.loadSchemes(),
        this.ledger.loadProfessional(professionalId),
      ]);
      if (envelope.ifMatch !== undefined && professional.revision !== envelope.ifMatch) {
        throw new PreconditionFailedError(envelope.ifMatch, professional.revision);
      }
      const ledgerPosition = lastSeenPosition(professional.position, schemes.position);
      const events = decideProfessional(professional.state, command, {
        now: now.toISOString(),
        today: amsterdamDate(now),
        schemes: schemes.state,
        newId: () => ids.newId(),
        ...(ledgerPosition === undefined ? {} : { ledgerPosition }),
      });
      if (events.length === 0) return { events };
      try {
        const result = await this.ledger.append(
          professionalStream(professionalId),
          professionalId,
          events,
          professional.revision,
          metadata,
          ids,
        );
        return {
          events,
          position: result.position.toString(),
          revision: result.nextExpectedRevision.toString(),
        };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        if (envelope.ifMatch !== undefined)
          throw new PreconditionFailedError(envelope.ifMatch, error.actual);
      }
    }
    throw new ContendedStreamError(MAX_DECISION_ATTEMPTS);
  }
}
