import { execFileSync } from 'node:child_process';

export const EVENTSTORE_IMAGE = 'eventstore/eventstore:24.10';
const HTTP_PORT = 2113;

export interface RunningEventStoreDb {
  connectionString: string;
  stop(): Promise<void>;
}

export type EventStoreDbTarget =
  { available: true; start(): Promise<RunningEventStoreDb> } | { available: false; reason: string };

/**
 * Decided synchronously, so that a test file can choose between `describe` and `describe.skip`
 * while Jest collects it. The Docker CLI reads DOCKER_HOST and the current context itself.
 */
function dockerEngineAnswers(): boolean {
  try {
    const version = execFileSync('docker', ['version', '--format', '{{.Server.Version}}'], {
      timeout: 5000,
      stdio: 'pipe',
      encoding: 'utf8',
    });
    return version.trim().length > 0;
  } catch {
    return false;
  }
}

async function startContainer(): Promise<RunningEventStoreDb> {
  // Loaded here so that merely importing this helper needs neither Docker nor testcontainers.
  const { GenericContainer, Wait } = await import('testcontainers');
  const container = await new GenericContainer(EVENTSTORE_IMAGE)
    .withEnvironment({
      EVENTSTORE_INSECURE: 'true',
      EVENTSTORE_CLUSTER_SIZE: '1',
      EVENTSTORE_RUN_PROJECTIONS: 'None',
      EVENTSTORE_MEM_DB: 'true',
    })
    .withExposedPorts(HTTP_PORT)
    .withWaitStrategy(Wait.forHttp('/health/live', HTTP_PORT).forStatusCode(204))
    .withStartupTimeout(120_000)
    .start();
  const address = `${container.getHost()}:${container.getMappedPort(HTTP_PORT)}`;
  return {
    connectionString: `esdb://${address}?tls=false`,
    stop: async () => {
      await container.stop();
    },
  };
}

/**
 * Where the contract suite finds a real EventStoreDB: the server named by
 * EVENTSTORE_CONNECTION_STRING (left running afterwards), else a throwaway container.
 */
export function resolveEventStoreDbTarget(): EventStoreDbTarget {
  const connectionString = process.env.EVENTSTORE_CONNECTION_STRING?.trim();
  if (connectionString) {
    return {
      available: true,
      start: async () => ({ connectionString, stop: async () => undefined }),
    };
  }
  if (dockerEngineAnswers()) return { available: true, start: startContainer };
  return {
    available: false,
    reason: 'no EVENTSTORE_CONNECTION_STRING and no Docker engine answered',
  };
}
