import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuditsController } from '../audits/audits.controller';
import { DrawAuditSampleHandler } from '../commands/draw-audit-sample.handler';
import { ExecuteProfessionalCommandHandler } from '../commands/execute-professional-command.handler';
import { PublishSchemeHandler } from '../commands/publish-scheme.handler';
import { RegisterProfessionalHandler } from '../commands/register-professional.handler';
import { ProfessionalCommands } from '../professionals/professional-commands.service';
import { ProfessionalViewController } from '../professionals/professional-view.controller';
import { ProfessionalsController } from '../professionals/professionals.controller';
import { LifecycleScheduler } from '../scheduler/lifecycle-scheduler';
import { SchemesController } from '../schemes/schemes.controller';

/** The command side of the certification domain: HTTP commands, handlers and the scheduler. */
@Module({
  imports: [CqrsModule.forRoot()],
  controllers: [
    ProfessionalsController,
    ProfessionalViewController,
    SchemesController,
    AuditsController,
  ],
  providers: [
    ExecuteProfessionalCommandHandler,
    RegisterProfessionalHandler,
    PublishSchemeHandler,
    DrawAuditSampleHandler,
    ProfessionalCommands,
    LifecycleScheduler,
  ],
  exports: [LifecycleScheduler, ProfessionalCommands],
})
export class CertificationModule {}
