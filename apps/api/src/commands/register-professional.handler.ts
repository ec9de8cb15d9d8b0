import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  REGISTRATION_NUMBERS_STREAM,
  amsterdamDate,
  decideProfessional,
  decideRegistrationNumber,
  professionalStream,
  type ProfessionalEvent,
  type RegistrationNumberAssigned,
} from '@vakregister/certification';
import { WrongExpectedVersionError } from '@vakregister/event-store';
import { DomainClock, Ledger, type CommandMetadata, type IdSource } from '@vakregister/ledger';
import { commandIds, commandMetadata } from './command-metadata';
import { ContendedStreamError, MAX_DECISION_ATTEMPTS } from './concurrency-errors';
import { previousOutcome } from './previous-outcome';
import { RegisterProfessionalCommand, type RegistrationOutcome } from './register-professional';

/** How far back a retried registration looks for the number it was already given. */
const RECENT_ASSIGNMENTS = 200;

/**
 * Two appends, one stream each (EventStoreDB cannot append to two atomically): first the number
 * on the counter stream with an expected revision, then `ProfessionalRegistered` on the new
 * professional's stream. Derived ids make a retry with the same Idempotency-Key reuse both.
 */
@CommandHandler(RegisterProfessionalCommand)
export class RegisterProfessionalHandler implements ICommandHandler<RegisterProfessionalCommand> {
  constructor(
    private readonly ledger: Ledger,
    private readonly clock: DomainClock,
  ) {}

  async execute({ details, envelope }: RegisterProfessionalCommand): Promise<RegistrationOutcome> {
    const now = this.clock.now();
    const metadata = commandMetadata(envelope, now);
    const ids = commandIds(envelope);
    const professionalId = ids.newId();
    if (envelope.idempotencyKey) {
      const earlier = await previousOutcome<ProfessionalEvent>(
        this.ledger,
        professionalStream(professionalId),
        ids,
      );
      const registered = earlier?.events.find((event) => event.type === 'ProfessionalRegistered');
      if (earlier && registered?.type === 'ProfessionalRegistered') {
        return {
          professionalId,
          registrationNumber: registered.data.registrationNumber,
          position: earlier.position!,
          revision: earlier.revision!,
        };
      }
    }
    const registrationNumber = await this.assignNumber(
      professionalId,
      metadata,
      ids,
      !!envelope.idempotencyKey,
    );
    const schemes = await this.ledger.loadSchemes();
    const professional = await this.ledger.loadProfessional(professionalId);
    const events = decideProfessional(
      professional.state,
      { type: 'RegisterProfessional', data: { ...details, professionalId, registrationNumber } },
      {
        now: now.toISOString(),
        today: amsterdamDate(now),
        schemes: schemes.state,
        newId: () => ids.newId(),
      },
    );
    const result = await this.ledger.append(
      professionalStream(professionalId),
      professionalId,
      events,
      'no_stream',
      metadata,
      ids,
    );
    return {
      professionalId,
      registrationNumber,
      position: result.position.toString(),
      revision: result.nextExpectedRevision.toString(),
    };
  }

  private async assignNumber(
    professionalId: string,
    metadata: CommandMetadata,
    ids: IdSource,
    mayBeRetry: boolean,
  ): Promise<string> {
    for (let attempt = 1; attempt <= MAX_DECISION_ATTEMPTS * 4; attempt++) {
      // Only a derived professional id (Idempotency-Key) can have been given a number before.
      const earlier = mayBeRetry ? await this.findAssignment(professionalId) : undefined;
      if (earlier) return earlier;
      const counter = await this.ledger.loadRegistrationCounter();
      const event = decideRegistrationNumber(counter.state, professionalId);
      try {
        await this.ledger.append(
          REGISTRATION_NUMBERS_STREAM,
          professionalId,
          [event],
          counter.revision,
          metadata,
          ids,
        );
        return event.data.registrationNumber;
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
      }
    }
    throw new ContendedStreamError(MAX_DECISION_ATTEMPTS * 4);
  }

  /** The number an earlier attempt of the same registration already took, if any. */
  private async findAssignment(professionalId: string): Promise<string | undefined> {
    for await (const recorded of this.ledger.store.readStream(REGISTRATION_NUMBERS_STREAM, {
      direction: 'backwards',
      maxCount: RECENT_ASSIGNMENTS,
    })) {
      const event = this.ledger.toDomain(recorded) as RegistrationNumberAssigned;
      if (event.data.professionalId === professionalId) return event.data.registrationNumber;
    }
    return undefined;
  }
}
