import { Command } from '@nestjs/cqrs';
import type { Scheme } from '@vakregister/certification';
import type { CommandEnvelope } from './command-envelope';

export class PublishSchemeCommand extends Command<{ schemeId: string; position: string }> {
  constructor(
    readonly scheme: Scheme,
    readonly envelope: CommandEnvelope,
  ) {
    super();
  }
}
