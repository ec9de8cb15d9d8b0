import { ACTIVITY_BODY, admittedProfessionals } from './fixtures';
import { buildApps, startApiServer } from './api-server';
import { drive, type LoadResult } from './load';
import type { BenchOptions } from '../support/args';
import { renderReport, type ReportRow } from '../support/report';
import type { Suite } from '../support/suite';
import { withTempDir } from '../support/temp-dir';

export const apiSuite: Suite = {
  name: 'api',
  description: 'POST …/activities over loopback against the same server’s GET /health',
  run: runApiSuite,
};

const CONNECTIONS = 64;
/** Enough streams that 64 connections rarely decide on the same one at once. */
const PROFESSIONALS = 256;
const P99_LIMIT_MS = 50;

interface Measured extends LoadResult {
  /** Server CPU time per request, in µs; undefined where /proc is not there to read. */
  cpuMicrosPerRequest?: number;
}

function rowsOf(id: string, name: string, result: LoadResult, baselineId?: string): ReportRow[] {
  const detail = `p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, ${result.total} requests, ${result.non2xx} non-2xx, ${result.errors} errors`;
  return [
    {
      id,
      name,
      figure: result.requestsPerSecond,
      unit: 'req/s',
      detail,
      ...(baselineId ? { baselineId, target: { atLeast: 0.4, style: 'percent' as const } } : {}),
    },
  ];
}

async function runApiSuite(options: BenchOptions): Promise<void> {
  console.error('building the apps');
  buildApps();
  await withTempDir(options.dir, 'api', async (dir) => {
    const server = await startApiServer(dir);
    try {
      console.error(`setting up ${PROFESSIONALS} admitted professionals`);
      const ids = await admittedProfessionals(server.baseUrl, PROFESSIONALS);
      let next = 0;
      const activityLoad = (seconds: number) =>
        drive({
          url: server.baseUrl,
          connections: CONNECTIONS,
          seconds,
          requests: [
            {
              method: 'POST',
              setupRequest: (request) => {
                const id = ids[next++ % ids.length];
                return {
                  ...request,
                  path: `/v1/professionals/${id}/activities`,
                  headers: {
                    'content-type': 'application/json',
                    'x-dev-actor': `professional:${id}`,
                  },
                  body: ACTIVITY_BODY,
                };
              },
            },
          ],
        });
      const healthLoad = (seconds: number) =>
        drive({ url: `${server.baseUrl}/health`, connections: CONNECTIONS, seconds });
      // The server's own CPU time per request: unlike requests/s, it does not depend on how
      // much of the two cores the load generator and other processes leave to the server.
      const measure = async (load: () => Promise<LoadResult>): Promise<Measured> => {
        const before = server.cpuSeconds();
        const result = await load();
        const after = server.cpuSeconds();
        return before === undefined || after === undefined || result.total === 0
          ? result
          : { ...result, cpuMicrosPerRequest: ((after - before) * 1e6) / result.total };
      };

      console.error('warming up');
      await healthLoad(2);
      await activityLoad(2);
      console.error(`measuring GET /health for ${options.apiSeconds} s`);
      const health = await measure(() => healthLoad(options.apiSeconds));
      console.error(`measuring POST …/activities for ${options.apiSeconds} s`);
      const activities = await measure(() => activityLoad(options.apiSeconds));

      const rows = [
        ...rowsOf('H', 'GET /health (framework baseline)', health),
        ...rowsOf('A', 'POST /v1/professionals/{id}/activities', activities, 'H'),
        ...cpuRows(health, activities),
      ];
      console.log(
        renderReport(
          'API over loopback, 64 connections (autocannon), embedded store',
          [`Node ${process.version}`, `${options.apiSeconds} s per measurement`],
          rows,
        ),
      );
      const p99Ok = activities.p99Ms < P99_LIMIT_MS;
      console.log(
        `p99 of POST …/activities: ${activities.p99Ms} ms (target < ${P99_LIMIT_MS} ms) ${p99Ok ? 'PASS' : 'MISS'}`,
      );
    } finally {
      await server.stop();
    }
  });
}

/**
 * Server CPU per request of both loads. Their inverse ratio is the share of /health's
 * throughput the command would reach where the server had a core to itself.
 */
function cpuRows(health: Measured, activities: Measured): ReportRow[] {
  if (health.cpuMicrosPerRequest === undefined || activities.cpuMicrosPerRequest === undefined) {
    return [];
  }
  return [
    {
      id: 'Hc',
      name: 'server CPU per GET /health',
      figure: Math.round(health.cpuMicrosPerRequest),
      unit: 'µs/req',
    },
    {
      id: 'Ac',
      name: 'server CPU per POST …/activities, as Hc/Ac',
      figure: Math.round(activities.cpuMicrosPerRequest),
      unit: 'µs/req',
      detail: `Hc/Ac = ${((100 * health.cpuMicrosPerRequest) / activities.cpuMicrosPerRequest).toFixed(1)}%: the share of /health's requests/s when CPU-bound on a core of its own`,
    },
  ];
}
