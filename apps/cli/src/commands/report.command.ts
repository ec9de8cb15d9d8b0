import { Inject } from '@nestjs/common';
import { isLocalDate } from '@vakregister/certification';
import { APP_CONFIG, type AppConfig } from '@vakregister/config';
import { EVENT_STORE, type EventStore } from '@vakregister/event-store';
import { ExportFormatError, lockDataDirectory, lockHolder } from '@vakregister/ledger';
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { Command, CommandRunner, Option } from 'nest-commander';
import { collectReportData, type ReportData } from '../report/collect-report-data';
import { withImportedLedger } from '../report/imported-ledger';
import { writeReport } from '../report/write-report';

interface ReportOptions {
  out?: string;
  csv?: string;
  asOf?: string;
  from?: string;
}

/**
 * `vakregister report --out report.html [--csv dir/] [--as-of date] [--from export.ndjson]`:
 * the pilot figures of the analytics endpoint as a self-contained HTML page with charts, and
 * the same tables as CSV. Offline: refuses while the API holds the data directory.
 */
@Command({
  name: 'report',
  description: 'Write the pilot figures as an HTML report with charts (and CSV tables)',
})
export class ReportCommand extends CommandRunner {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {
    super();
  }

  async run(_params: string[], options: ReportOptions): Promise<void> {
    const problem = this.usageProblem(options);
    if (problem) {
      console.error(problem);
      process.exitCode = 2;
      return;
    }
    const { out, csv, asOf, from } = options as ReportOptions & { out: string };
    const collect = (store: EventStore, dataDir: string) =>
      collectReportData(store, dataDir, { asOf, simulatedNow: this.config.simulatedNow });
    let data: ReportData | undefined;
    try {
      data = from ? await withImportedLedger(from, collect) : await this.fromDataDirectory(collect);
    } catch (error) {
      if (!(error instanceof ExportFormatError)) throw error;
      console.error(`No report was written. ${error.message}`);
      process.exitCode = 1;
      return;
    }
    if (!data) return;
    const source = from ? `the ledger file ${basename(from)}` : 'the register’s ledger';
    await writeReport(data, { out, csvDir: csv, source });
    const position = data.position === undefined ? 'an empty ledger' : `position ${data.position}`;
    console.log(
      `Report as of ${data.analytics.asOf} (${position}) written to ${out}` +
        (csv ? `; CSV tables in ${csv}.` : '.'),
    );
  }

  private usageProblem(options: ReportOptions): string | undefined {
    if (!options.out) return '--out <file.html> is required';
    if (options.asOf !== undefined && !isLocalDate(options.asOf))
      return '--as-of must be a calendar date such as 2016-05-13';
    if (options.from !== undefined && !existsSync(options.from))
      return `--from: no file ${options.from}`;
    return undefined;
  }

  /** The configured ledger, with the analytics read model of the data directory brought up to date. */
  private async fromDataDirectory(
    collect: (store: EventStore, dataDir: string) => Promise<ReportData>,
  ): Promise<ReportData | undefined> {
    const holder = lockHolder(this.config.dataDir);
    if (holder) {
      console.error(
        `Refusing to report: ${holder.purpose} (process ${holder.pid}, since ${holder.since}) holds ${this.config.dataDir}. ` +
          'Stop it first, or ask the running API: GET /v1/analytics/pilot.',
      );
      process.exitCode = 1;
      return undefined;
    }
    const release = lockDataDirectory(this.config.dataDir, 'vakregister report');
    try {
      return await collect(this.store, this.config.dataDir);
    } finally {
      release();
    }
  }

  @Option({ flags: '--out <file>', description: 'where to write the HTML report (required)' })
  parseOut(value: string): string {
    return value;
  }

  @Option({ flags: '--csv <dir>', description: 'also write each table as CSV into this directory' })
  parseCsv(value: string): string {
    return value;
  }

  @Option({
    flags: '--as-of <date>',
    description: 'the figures as of this date (default: today by the domain clock)',
  })
  parseAsOf(value: string): string {
    return value;
  }

  @Option({
    flags: '--from <file>',
    description:
      'report on an exported ledger (NDJSON) instead, imported into a temporary directory',
  })
  parseFrom(value: string): string {
    return value;
  }
}
