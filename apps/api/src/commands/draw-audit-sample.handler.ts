import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  AUDIT_SAMPLES_STREAM,
  drawSample,
  type AuditSampleDrawn,
} from '@vakregister/certification';
import { DomainClock, Ledger } from '@vakregister/ledger';
import { auditPopulation } from './audit-population';
import { commandIds, commandMetadata } from './command-metadata';
import { DrawAuditSampleCommand, type AuditSampleOutcome } from './draw-audit-sample';

@CommandHandler(DrawAuditSampleCommand)
export class DrawAuditSampleHandler implements ICommandHandler<DrawAuditSampleCommand> {
  constructor(
    private readonly ledger: Ledger,
    private readonly clock: DomainClock,
  ) {}

  async execute({
    seed,
    size,
    population,
    envelope,
  }: DrawAuditSampleCommand): Promise<AuditSampleOutcome> {
    const now = this.clock.now();
    const health = await this.ledger.store.health();
    const atPosition = health.lastPosition ?? -1n;
    const candidates = await auditPopulation(this.ledger, population, atPosition, now);
    const ids = commandIds(envelope);
    const event: AuditSampleDrawn = {
      type: 'AuditSampleDrawn',
      data: {
        sampleId: ids.newId(),
        seed,
        size,
        population,
        atPosition: atPosition.toString(),
        populationSize: candidates.length,
        members: drawSample(seed, size, candidates),
      },
    };
    const result = await this.ledger.append(
      AUDIT_SAMPLES_STREAM,
      event.data.sampleId,
      [event],
      'any',
      commandMetadata(envelope, now),
      ids,
    );
    const { sampleId, members, populationSize } = event.data;
    return {
      sampleId,
      atPosition: event.data.atPosition,
      members,
      populationSize,
      position: result.position.toString(),
    };
  }
}
