import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, statfsSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { summarizeLatencies, type LatencySummary } from '../support/timing';

const PAGE = 4096;
/** SQLite reuses its WAL file from the start after a checkpoint: rewrites, not growth. */
const FILE_PAGES = 256;

/**
 * Latency of one 4 KiB write + fsync, the floor under every commit at synchronous=FULL: a
 * commit cannot be faster, so `1 / median` bounds transactions per second.
 */
export function measureFsync(dir: string, runs = 200): LatencySummary {
  const fd = openSync(join(dir, 'fsync-probe'), 'w');
  try {
    const page = randomBytes(PAGE);
    for (let index = 0; index < FILE_PAGES; index++) writeSync(fd, page, 0, PAGE, index * PAGE);
    fsyncSync(fd);
    const latencies: number[] = [];
    for (let run = 0; run < runs; run++) {
      // A changed byte each time, in case the storage skips writes of identical blocks.
      page[0] = run & 0xff;
      const before = performance.now();
      writeSync(fd, page, 0, PAGE, (run % FILE_PAGES) * PAGE);
      fsyncSync(fd);
      latencies.push(performance.now() - before);
    }
    return summarizeLatencies(latencies);
  } finally {
    closeSync(fd);
  }
}

const FILESYSTEMS: Record<number, string> = {
  0xef53: 'ext4',
  0x58465342: 'xfs',
  0x9123683e: 'btrfs',
  0x2fc12fc1: 'zfs',
  0x01021994: 'tmpfs',
  0x794c7630: 'overlayfs',
  0x6969: 'nfs',
};

/** The filesystem under `dir`: on tmpfs an fsync is free and every write figure is fiction. */
export function filesystemOf(dir: string): string {
  try {
    const { type } = statfsSync(dir);
    return FILESYSTEMS[type] ?? `type 0x${type.toString(16)}`;
  } catch {
    return 'unknown';
  }
}
