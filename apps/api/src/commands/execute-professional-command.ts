import { Command } from '@nestjs/cqrs';
import type { ProfessionalCommand, ProfessionalEvent } from '@vakregister/certification';
import type { CommandEnvelope } from './command-envelope';
import type { CommandOutcome } from './command-results';

/** Runs one command of the certification domain against one professional's stream. */
export class ExecuteProfessionalCommand extends Command<CommandOutcome<ProfessionalEvent>> {
  constructor(
    readonly professionalId: string,
    readonly command: ProfessionalCommand,
    readonly envelope: CommandEnvelope,
  ) {
    super();
  }
}
