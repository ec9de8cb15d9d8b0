import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { SCHEMES_STREAM, decidePublishScheme } from '@vakregister/certification';
import { WrongExpectedVersionError } from '@vakregister/event-store';
import { DomainClock, Ledger } from '@vakregister/ledger';
import { commandIds, commandMetadata } from './command-metadata';
import { ContendedStreamError, MAX_DECISION_ATTEMPTS } from './concurrency-errors';
import { PublishSchemeCommand } from './publish-scheme';

@CommandHandler(PublishSchemeCommand)
export class PublishSchemeHandler implements ICommandHandler<PublishSchemeCommand> {
  constructor(
    private readonly ledger: Ledger,
    private readonly clock: DomainClock,
  ) {}

  async execute({ scheme, envelope }: PublishSchemeCommand) {
    const metadata = commandMetadata(envelope, this.clock.now());
    for (let attempt = 1; attempt <= MAX_DECISION_ATTEMPTS; attempt++) {
      const ids = commandIds(envelope);
      const schemes = await this.ledger.loadSchemes();
      const events = decidePublishScheme(schemes.state, scheme);
      try {
        const result = await this.ledger.append(
          SCHEMES_STREAM,
          scheme.schemeId,
          events,
          schemes.revision,
          metadata,
          ids,
        );
        return { schemeId: scheme.schemeId, position: result.position.toString() };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
      }
    }
    throw new ContendedStreamError(MAX_DECISION_ATTEMPTS);
  }
}
