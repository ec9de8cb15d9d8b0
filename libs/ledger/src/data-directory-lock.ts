import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export interface LockHolder {
  pid: number;
  hostname: string;
  purpose: string;
  since: string;
}

/** Another live process holds the data directory. */
export class DataDirectoryLockedError extends Error {
  constructor(readonly holder: LockHolder) {
    super(
      `The data directory is in use by ${holder.purpose} (process ${holder.pid} on ${holder.hostname}, since ${holder.since}).`,
    );
    this.name = 'DataDirectoryLockedError';
  }
}

const lockFile = (dataDir: string) => join(dataDir, 'vakregister.lock');

function alive(holder: LockHolder): boolean {
  if (holder.hostname !== hostname()) return true; // Cannot tell: assume it runs.
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Who holds the data directory now, if a live process does (a stale lock is ignored). */
export function lockHolder(dataDir: string): LockHolder | undefined {
  try {
    const holder = JSON.parse(readFileSync(lockFile(dataDir), 'utf8')) as LockHolder;
    return alive(holder) ? holder : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Takes the data directory for this process (the API, or an offline CLI job), so that the two
 * never rebuild or write local state at once. Returns the release function.
 */
export function lockDataDirectory(dataDir: string, purpose: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = lockFile(dataDir);
  const holder: LockHolder = {
    pid: process.pid,
    hostname: hostname(),
    purpose,
    since: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, JSON.stringify(holder), { flag: 'wx' });
      return () => {
        try {
          unlinkSync(file);
        } catch {
          // Already gone: nothing to release.
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const current = lockHolder(dataDir);
      if (current) throw new DataDirectoryLockedError(current);
      unlinkSync(file); // A stale lock of a process that is gone.
    }
  }
  throw new Error(`Could not lock ${dataDir}`);
}
