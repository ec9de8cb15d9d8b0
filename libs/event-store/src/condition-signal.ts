/**
 * Lets callers wait, with a deadline, until a condition holds (a projection or the integrity
 * keeper reaching a position); whoever changes what the condition reads calls `notify`.
 */
export class ConditionSignal {
  private readonly waiters = new Set<() => void>();

  /** Resolves true once `condition` holds, false when `timeoutMs` passes first. */
  async waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) return false;
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, remaining);
        this.waiters.add(wake);
      });
    }
    return true;
  }

  /** Wakes every waiter to test its condition again. */
  notify(): void {
    for (const wake of [...this.waiters]) wake();
  }
}
