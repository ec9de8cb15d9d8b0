/**
 * The domain clock dates commands. Outside production it can start at a simulated instant
 * (`VAKREGISTER_NOW`) and run forward from there. It never goes backwards: not before the last
 * recorded event, and not between two readings.
 */
export class DomainClock {
  private last = 0;

  private constructor(private readonly offsetMs: number) {}

  /** Real time. */
  static system(): DomainClock {
    return new DomainClock(0);
  }

  /**
   * A clock that reads `start` now and runs forward, or reads real time without a start. When
   * the ledger already holds a later `recordedAt`, the clock starts from that instead and says so
   * through `warnings`.
   */
  static startingAt(options: { start?: Date; lastRecordedAt?: Date; realNow?: number }): {
    clock: DomainClock;
    warning?: string;
  } {
    const realNow = options.realNow ?? Date.now();
    const wanted = options.start?.getTime() ?? realNow;
    const floor = options.lastRecordedAt?.getTime();
    if (floor !== undefined && wanted < floor) {
      return {
        clock: new DomainClock(floor - realNow),
        warning:
          `The clock would start at ${new Date(wanted).toISOString()}, before the last recorded event ` +
          `(${new Date(floor).toISOString()}); it starts from that event's time instead, because recorded time never goes backwards.`,
      };
    }
    return { clock: new DomainClock(wanted - realNow) };
  }

  now(): Date {
    const reading = Math.max(Date.now() + this.offsetMs, this.last);
    this.last = reading;
    return new Date(reading);
  }
}
