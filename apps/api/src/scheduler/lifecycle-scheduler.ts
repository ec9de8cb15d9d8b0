import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  addYears,
  amsterdamDate,
  isCertificationEventType,
  type ProfessionalCommand,
  type ProfessionalEvent,
} from '@vakregister/certification';
import { APP_CONFIG, type AppConfig } from '@vakregister/config';
import type { AllSubscription } from '@vakregister/event-store';
import { DomainClock, FollowerDecoder, Ledger, SYSTEM_ACTOR } from '@vakregister/ledger';
import { TokenStore } from '@vakregister/access';
import { ERASED_MARKER, type KeyStore } from '@vakregister/privacy';
import { randomUUID } from 'node:crypto';
import type { CommandEnvelope } from '../commands/command-envelope';
import { ExecuteProfessionalCommand } from '../commands/execute-professional-command';
import { KEY_STORE } from '../ledger/ledger.module';
import { DueDatesIndex } from './due-dates-index';

/**
 * Records what time makes true: `CertificateExpired` past `validUntil` (unless an on-time
 * renewal is pending) and `SuspensionEnded` on a suspension's `until`. Validity itself follows
 * from the dates; these events make the trail show it. Safe to run twice or on two instances:
 * the deciders append nothing when nothing is due, and derived ids deduplicate a race.
 */
@Injectable()
export class LifecycleScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(LifecycleScheduler.name);
  private readonly index = new DueDatesIndex();
  private subscription?: AllSubscription;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  /** Position of the last event the index has seen. */
  private indexedUpTo = -1n;
  private readonly caughtUpWaiters = new Set<() => void>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(KEY_STORE) private readonly keys: KeyStore,
    private readonly tokens: TokenStore,
    private readonly ledger: Ledger,
    private readonly decoder: FollowerDecoder,
    private readonly clock: DomainClock,
    private readonly commandBus: CommandBus,
  ) {}

  onApplicationBootstrap(): void {
    this.subscription = this.ledger.store.subscribeToAll({ fromPosition: 'start' });
    void this.follow(this.subscription);
    if (this.config.schedulerIntervalMs === 0) return;
    this.timer = setInterval(() => void this.runOnce(), this.config.schedulerIntervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.subscription?.stop();
    await this.running;
  }

  private async follow(subscription: AllSubscription): Promise<void> {
    try {
      for await (const recorded of subscription) {
        if (
          recorded.streamId.startsWith('professional-') &&
          isCertificationEventType(recorded.type)
        ) {
          const event = this.decoder.decode(recorded) as ProfessionalEvent;
          this.index.apply(event, amsterdamDate(String(recorded.metadata.recordedAt)));
          // The ledger says erased: make sure the key is gone, also if the process stopped
          // between recording the erasure and destroying the key.
          if (
            event.type === 'PersonalDataErased' &&
            !this.keys.isErased(event.data.professionalId)
          ) {
            this.keys.destroy(event.data.professionalId);
          }
        }
        this.indexedUpTo = recorded.position;
        for (const wake of this.caughtUpWaiters) wake();
      }
    } catch (error) {
      this.logger.error(`The scheduler stopped following the ledger: ${(error as Error).message}`);
    }
  }

  /** One pass: every due expiry, end of suspension and (with a retention rule) erasure. Returns how many events were appended. */
  async runOnce(): Promise<number> {
    if (this.running) return 0;
    let appended = 0;
    this.running = (async () => {
      await this.indexCaughtUp();
      const now = this.clock.now();
      const { expiries, suspensionEnds } = this.index.due(amsterdamDate(now));
      for (const id of suspensionEnds)
        appended += await this.run(id, { type: 'EndSuspension', data: {} });
      for (const id of expiries)
        appended += await this.run(id, { type: 'ExpireCertificate', data: {} });
      const years = this.config.privacy.retentionYears;
      if (years) {
        // Erase N years after the last event of a withdrawn or expired professional.
        for (const id of this.index.dormantSince(addYears(amsterdamDate(now), -years))) {
          appended += await this.run(id, {
            type: 'ErasePersonalData',
            data: { basis: 'retention' },
          });
        }
      }
    })();
    try {
      await this.running;
    } finally {
      this.running = undefined;
    }
    return appended;
  }

  /** Waits (bounded) until the index has seen every event that was in the ledger when called. */
  private async indexCaughtUp(timeoutMs = 10_000): Promise<void> {
    const head = (await this.ledger.store.health()).lastPosition ?? -1n;
    const deadline = Date.now() + timeoutMs;
    while (this.indexedUpTo < head && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.caughtUpWaiters.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, Math.max(1, deadline - Date.now()));
        this.caughtUpWaiters.add(wake);
      });
    }
  }

  private async run(professionalId: string, command: ProfessionalCommand): Promise<number> {
    const envelope: CommandEnvelope = {
      actor: { ...SYSTEM_ACTOR },
      correlationId: randomUUID(),
      causationId: randomUUID(),
      // Derived ids per professional and command kind and day: two instances racing append once.
      idempotencyKey: `${command.type}:${professionalId}:${amsterdamDate(this.clock.now())}`,
    };
    try {
      const outcome = await this.commandBus.execute(
        new ExecuteProfessionalCommand(professionalId, command, envelope),
      );
      if (outcome.events.some((event) => event.type === 'PersonalDataErased')) {
        this.keys.destroy(professionalId);
        this.tokens.eraseProfessional(professionalId, ERASED_MARKER);
      }
      return outcome.events.length;
    } catch (error) {
      this.logger.error(
        `${command.type} for ${professionalId} failed: ${(error as Error).message}`,
      );
      return 0;
    }
  }
}
