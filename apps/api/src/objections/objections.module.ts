import { Module, type OnModuleInit } from '@nestjs/common';
import { amsterdamDate } from '@vakregister/certification';
import { DomainClock } from '@vakregister/ledger';
import { Gauge } from 'prom-client';
import { MetricsModule } from '../metrics/metrics.module';
import { MetricsRegistry } from '../metrics/metrics.registry';
import type Database from 'better-sqlite3';
import { DecisionQueries } from '@vakregister/projections';
import { CertificationModule } from '../certification/certification.module';
import { PrivacyController } from '../privacy/privacy.controller';
import { QueriesModule } from '../queries/queries.module';
import { READ_MODEL_DB } from '../projections/projections.module';
import { MinPositionInterceptor } from '../queries/min-position.interceptor';
import { DecisionLocator } from './decision-locator';
import { DecisionsController } from './decisions.controller';
import { ObjectionsController } from './objections.controller';

/** Decisions that explain themselves, and objections against them. */
@Module({
  imports: [CertificationModule, MetricsModule, QueriesModule],
  controllers: [DecisionsController, ObjectionsController, PrivacyController],
  providers: [
    {
      provide: DecisionQueries,
      inject: [READ_MODEL_DB],
      useFactory: (db: Database.Database) => new DecisionQueries(db),
    },
    DecisionLocator,
    MinPositionInterceptor,
  ],
})
export class ObjectionsModule implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsRegistry,
    private readonly queries: DecisionQueries,
    private readonly clock: DomainClock,
  ) {}

  onModuleInit(): void {
    const { queries, clock } = this;
    new Gauge({
      name: 'vakregister_objections_overdue',
      help: 'Open objections past their due date (by the domain clock)',
      registers: [this.metrics.registry],
      collect() {
        this.set(queries.overdueCount(amsterdamDate(clock.now())));
      },
    });
  }
}
