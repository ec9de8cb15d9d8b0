/** Wakes live subscriptions when a commit has made new events visible. */
export class AppendSignal {
  private waiters: Array<() => void> = [];

  notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** Resolves on the next notify, or after `timeoutMs` (to notice appends of other processes). */
  next(timeoutMs: number): { promise: Promise<void>; cancel: () => void } {
    let wake!: () => void;
    const promise = new Promise<void>((resolve) => {
      wake = resolve;
    });
    const timer = setTimeout(() => wake(), timeoutMs);
    const settle = () => {
      clearTimeout(timer);
      wake();
    };
    this.waiters.push(settle);
    return {
      promise,
      cancel: () => {
        this.waiters = this.waiters.filter((waiter) => waiter !== settle);
        settle();
      },
    };
  }
}
