import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

export interface ApiServer {
  baseUrl: string;
  /** CPU time the server process has used so far (user + system), in seconds; Linux only. */
  cpuSeconds(): number | undefined;
  stop(): Promise<void>;
}

/** Clock ticks per second of /proc/<pid>/stat: 100 on every Linux Node supports. */
const CLOCK_TICKS = 100;

function cpuSecondsOf(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    // The command name (field 2) may hold spaces; utime and stime follow its closing parenthesis.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/** Compiles the apps, so that the benchmark measures what `npm start` runs. */
export function buildApps(): void {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

async function waitForHealth(
  baseUrl: string,
  child: ChildProcess,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The API exited with code ${child.exitCode}`);
    try {
      if ((await fetch(`${baseUrl}/health`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('The API did not become healthy in time');
}

/**
 * The compiled API in its own process on 127.0.0.1, so that the load generator does not share
 * its event loop. Logs at warn level: request logging would otherwise be measured too.
 */
export async function startApiServer(dataDir: string): Promise<ApiServer> {
  const port = await freePort();
  // Node flags for the server only, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to see where a
  // request's time goes (NODE_OPTIONS refuses profiling flags).
  const nodeFlags = (process.env.BENCH_API_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  const main = join(ROOT, 'dist', 'apps', 'api', 'src', 'main.js');
  const child = spawn(process.execPath, [...nodeFlags, main], {
    cwd: ROOT,
    env: {
      ...process.env,
      EVENTSTORE_CONNECTION_STRING: '',
      HOST: '127.0.0.1',
      PORT: String(port),
      VAKREGISTER_DATA_DIR: dataDir,
      VAKREGISTER_LOG_LEVEL: 'warn',
      VAKREGISTER_NOW: '2016-05-13T09:00:00Z',
      VAKREGISTER_SCHEDULER_INTERVAL_MS: '0',
      VAKREGISTER_DEV_AUTH: 'true',
      // The load generator is one client: a per-person limit would measure the limiter.
      VAKREGISTER_RATE_LIMIT_STAFF: '1000000/1s',
      VAKREGISTER_RATE_LIMIT_PUBLIC: '1000000/1s',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(baseUrl, child);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    baseUrl,
    cpuSeconds: () => cpuSecondsOf(child.pid),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
