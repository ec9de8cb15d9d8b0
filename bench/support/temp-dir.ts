import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Runs `work` in a fresh directory under `parent` and removes it afterwards, also when the run
 * fails or is interrupted: a full-read log is about a gigabyte.
 */
export async function withTempDir<T>(
  parent: string,
  label: string,
  work: (dir: string) => Promise<T>,
): Promise<T> {
  const dir = mkdtempSync(join(parent, `vakregister-bench-${label}-`));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  const onSignal = (signal: NodeJS.Signals) => {
    remove();
    // Re-raise with the default handler so that the exit status still says "interrupted".
    process.removeListener(signal, onSignal);
    process.kill(process.pid, signal);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await work(dir);
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    remove();
  }
}
