import { ConditionSignal } from './condition-signal';

describe('ConditionSignal', () => {
  it('resolves true at once when the condition already holds', async () => {
    expect(await new ConditionSignal().waitUntil(() => true, 0)).toBe(true);
  });

  it('resolves true when a notify finds the condition holding', async () => {
    const signal = new ConditionSignal();
    let value = 0;
    const waiting = signal.waitUntil(() => value >= 2, 5000);
    value = 1;
    signal.notify();
    value = 2;
    setTimeout(() => signal.notify(), 10);
    expect(await waiting).toBe(true);
  });

  it('resolves false when the deadline passes first', async () => {
    expect(await new ConditionSignal().waitUntil(() => false, 30)).toBe(false);
  });
});
