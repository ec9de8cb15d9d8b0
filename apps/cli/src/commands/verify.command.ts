import { Inject } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { APP_CONFIG, type AppConfig } from '@vakregister/config';
import { EVENT_STORE, type EventStore } from '@vakregister/event-store';
import {
  openIntegrityDatabaseReadOnly,
  resolvePublicKey,
  verifyLedger,
  type VerificationReport,
} from '@vakregister/ledger-integrity';
import { SingleBar } from 'cli-progress';
import { Command, CommandRunner, Option } from 'nest-commander';

interface VerifyOptions {
  publicKey?: string;
  checkpoint?: string[];
  strict?: boolean;
  json?: boolean;
}

/** Below this many events the check is over before a bar would be drawn. */
const PROGRESS_BAR_FROM = 10_000;

/**
 * `vakregister verify`: recomputes every leaf and the Merkle tree from the raw log, checks each
 * signed head (signature, root at its size, consistency with the next) and names the first
 * position where the log differs. Exit 0 when it matches (an unsigned tail is reported, and
 * fails only with --strict), 1 on any difference, 2 when it cannot run (no key, bad file).
 */
@Command({
  name: 'verify',
  description:
    'Check the ledger against its signed tree heads, recomputing every leaf and the tree',
})
export class VerifyCommand extends CommandRunner {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {
    super();
  }

  async run(_params: string[], options: VerifyOptions = {}): Promise<void> {
    let publicKey;
    let checkpoints: string[];
    try {
      publicKey = resolvePublicKey({
        nodeEnv: this.config.nodeEnv,
        dataDir: this.config.dataDir,
        publicKeyFile: options.publicKey,
      });
      checkpoints = (options.checkpoint ?? []).map((file) => readFileSync(file, 'utf8'));
    } catch (error) {
      console.error((error as Error).message);
      process.exitCode = 2;
      return;
    }
    const integrity = openIntegrityDatabaseReadOnly(this.config.dataDir);
    const bar = new SingleBar({
      format: 'verify [{bar}] {percentage}% | {value}/{total} events | ETA {eta_formatted}',
      hideCursor: true,
      noTTYOutput: true,
      notTTYSchedule: 5000,
    });
    let barShown = false;
    let report: VerificationReport;
    try {
      report = await verifyLedger({
        store: this.store,
        integrity,
        publicKey: publicKey.publicKey,
        checkpoints,
        onProgress: (done, total) => {
          if (!barShown && total >= PROGRESS_BAR_FROM && !options.json) {
            bar.start(total, done);
            barShown = true;
          } else if (barShown) {
            bar.setTotal(Math.max(total, done));
            bar.update(done);
          }
        },
      });
    } finally {
      if (barShown) bar.stop();
      integrity?.close();
    }
    const failed = !report.ok || (options.strict === true && report.unsignedTail !== undefined);
    if (options.json) console.log(JSON.stringify(report, jsonBigints, 2));
    else printReport(report, publicKey.source, integrity !== undefined);
    process.exitCode = failed ? 1 : 0;
  }

  @Option({
    flags: '--public-key <file>',
    description: 'PEM public key to check signatures with (default: the configured signing key)',
  })
  parsePublicKey(value: string): string {
    return value;
  }

  @Option({
    flags: '--checkpoint <file>',
    description: 'a signed checkpoint held elsewhere to check the log against (repeatable)',
  })
  parseCheckpoint(value: string, previous: string[] = []): string[] {
    return [...previous, value];
  }

  @Option({ flags: '--strict', description: 'also fail when events follow the last signed head' })
  parseStrict(): boolean {
    return true;
  }

  @Option({ flags: '--json', description: 'print the report as JSON' })
  parseJson(): boolean {
    return true;
  }
}

function printReport(report: VerificationReport, keySource: string, hadIntegrityFile: boolean) {
  const count = (n: number) => n.toLocaleString('en-US');
  console.log(`public key     ${keySource}`);
  console.log(`events         ${count(report.eventsChecked)} recomputed from the log`);
  console.log(
    `signed heads   ${count(report.validHeads)} valid` +
      (report.validHeads > 0 ? `, the largest of ${count(report.latestSignedSize)} events` : '') +
      (hadIntegrityFile ? '' : ' (no integrity.sqlite in the data directory)'),
  );
  if (report.unsignedTail) {
    const tail = report.unsignedTail;
    console.log(
      `unsigned tail  ${count(tail.count)} events at positions ` +
        `${tail.fromPosition}–${tail.toPosition}, ` +
        'after the last signed head: nothing vouches for them yet',
    );
  }
  if (report.ok) {
    console.log(
      report.validHeads === 0
        ? 'result         NOTHING TO CHECK AGAINST: no signed head'
        : 'result         OK: the log is exactly what the signed heads recorded',
    );
    return;
  }
  const first = report.firstDifference;
  const from = first?.position === undefined ? '' : ` from position ${first.position}`;
  console.log(`result         DIFFERS${from}`);
  for (const difference of report.differences) {
    console.log(`  - [${difference.kind}] ${difference.message}`);
  }
  if (report.differencesOmitted > 0) {
    console.log(`  … and ${report.differencesOmitted} more`);
  }
}

function jsonBigints(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
