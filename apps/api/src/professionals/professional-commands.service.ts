import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { ProfessionalCommand, ProfessionalEvent } from '@vakregister/certification';
import type { FastifyReply } from 'fastify';
import type { CommandEnvelope } from '../commands/command-envelope';
import type { CommandOutcome } from '../commands/command-results';
import { ExecuteProfessionalCommand } from '../commands/execute-professional-command';

/** Sends a professional's command over the bus and sets the new ETag on the reply. */
@Injectable()
export class ProfessionalCommands {
  constructor(private readonly commandBus: CommandBus) {}

  async execute(
    professionalId: string,
    command: ProfessionalCommand,
    envelope: CommandEnvelope,
    reply: FastifyReply,
  ): Promise<CommandOutcome<ProfessionalEvent>> {
    const outcome = await this.commandBus.execute(
      new ExecuteProfessionalCommand(professionalId, command, envelope),
    );
    if (outcome.revision !== undefined) void reply.header('ETag', `"${outcome.revision}"`);
    return outcome;
  }
}

type EventDataOf<Type extends ProfessionalEvent['type']> =
  Extract<ProfessionalEvent, { type: Type }> extends { data: infer Data } ? Data : never;

/** The data of the first event of a type in an outcome (the event a command exists to append). */
export function eventData<Type extends ProfessionalEvent['type']>(
  outcome: CommandOutcome<ProfessionalEvent>,
  ...types: Type[]
): EventDataOf<Type> {
  const event = outcome.events.find((candidate) => (types as string[]).includes(candidate.type));
  if (!event) throw new Error(`The command appended no ${types.join(' or ')}`);
  return event.data as EventDataOf<Type>;
}
