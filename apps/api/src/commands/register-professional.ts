import { Command } from '@nestjs/cqrs';
import type { RegisterProfessional } from '@vakregister/certification';
import type { CommandEnvelope } from './command-envelope';

export interface RegistrationOutcome {
  professionalId: string;
  registrationNumber: string;
  position: string;
  revision: string;
}

/** Registers an applicant: a registration number from the counter stream, then their own stream. */
export class RegisterProfessionalCommand extends Command<RegistrationOutcome> {
  constructor(
    readonly details: Omit<RegisterProfessional['data'], 'professionalId' | 'registrationNumber'>,
    readonly envelope: CommandEnvelope,
  ) {
    super();
  }
}
