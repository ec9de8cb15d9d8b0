import { Command } from '@nestjs/cqrs';
import type { CommandEnvelope } from './command-envelope';

export interface AuditSampleOutcome {
  sampleId: string;
  atPosition: string;
  members: string[];
  populationSize: number;
  position: string;
}

export class DrawAuditSampleCommand extends Command<AuditSampleOutcome> {
  constructor(
    readonly seed: string,
    readonly size: number,
    readonly population: 'certified' | 'activities',
    readonly envelope: CommandEnvelope,
  ) {
    super();
  }
}
