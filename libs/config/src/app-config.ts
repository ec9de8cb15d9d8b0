import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { resolve } from 'node:path';
import { EnvironmentVariables, LOG_LEVELS, NODE_ENVIRONMENTS } from './environment-variables';

export type EventStoreConfig =
  { adapter: 'sqlite'; dataDir: string } | { adapter: 'eventstoredb'; connectionString: string };

/** The validated configuration of the API and the CLI. */
export interface AppConfig {
  nodeEnv: (typeof NODE_ENVIRONMENTS)[number];
  http: { host: string; port: number };
  /** Absolute path of the data directory (the embedded store and local state). */
  dataDir: string;
  eventStore: EventStoreConfig;
  logLevel: (typeof LOG_LEVELS)[number];
  /** Outside production only: the instant the domain clock starts at (it then runs forward). */
  simulatedNow?: Date;
  /** How often the scheduler records expiries and ended suspensions; 0 = never. */
  schedulerIntervalMs: number;
  /** Outside production only, and only when asked for: accept the X-Dev-Actor header. */
  developmentAuthentication: boolean;
  /** Identity-provider JWTs, when configured. */
  jwt?: {
    issuer: string;
    audience: string;
    jwks: string;
    algorithms: string[];
    rolesClaim: string;
    professionalClaim?: string;
  };
  rateLimits: { public: RateLimit; staff: RateLimit };
  privacy: {
    /** The master key as given; absent outside production means a development key file. */
    masterKey?: string;
    /** Where a development master key is kept (beside, not inside, the data directory). */
    developmentMasterKeyFile: string;
    keyStorePath: string;
    /** Erase personal data this many years after the last event of a withdrawn or expired professional. */
    retentionYears?: number;
  };
}

export interface RateLimit {
  max: number;
  windowMs: number;
}

function parseRateLimit(text: string | undefined, fallback: RateLimit): RateLimit {
  if (!text) return fallback;
  const [max, window] = text.split('/');
  const unit = { s: 1_000, m: 60_000, h: 3_600_000 }[window.slice(-1) as 's' | 'm' | 'h'];
  return { max: Number(max), windowMs: Number(window.slice(0, -1)) * unit };
}

/** A configuration value was refused; the message names the variable. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly { variable: string; message: string }[]) {
    super(
      `Invalid configuration: ${problems
        .map((problem) => `${problem.variable} ${problem.message}`)
        .join('; ')}`,
    );
    this.name = 'ConfigError';
  }
}

/** Reads and validates the configuration from environment variables; throws ConfigError. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): AppConfig {
  const variables = plainToInstance(EnvironmentVariables, { ...env });
  const errors = validateSync(variables, { forbidUnknownValues: false });
  if (errors.length > 0) {
    throw new ConfigError(
      errors.map((error) => ({
        variable: error.property,
        message: `${Object.values(error.constraints ?? {})[0] ?? 'is invalid'} (got ${JSON.stringify(
          env[error.property],
        )})`,
      })),
    );
  }
  const nodeEnv = variables.NODE_ENV ?? 'development';
  if (variables.VAKREGISTER_NOW && nodeEnv === 'production') {
    throw new ConfigError([
      {
        variable: 'VAKREGISTER_NOW',
        message: 'simulates time and is refused when NODE_ENV=production',
      },
    ]);
  }
  const developmentAuthentication = variables.VAKREGISTER_DEV_AUTH === 'true';
  if (developmentAuthentication && nodeEnv === 'production') {
    throw new ConfigError([
      {
        variable: 'VAKREGISTER_DEV_AUTH',
        message: 'accepts unauthenticated actors and is refused when NODE_ENV=production',
      },
    ]);
  }
  if (nodeEnv === 'production' && !variables.VAKREGISTER_MASTER_KEY) {
    throw new ConfigError([
      {
        variable: 'VAKREGISTER_MASTER_KEY',
        message:
          'is required in production: it wraps the keys of personal data (openssl rand -base64 32)',
      },
    ]);
  }
  const jwtVariables = [
    'VAKREGISTER_JWT_ISSUER',
    'VAKREGISTER_JWT_AUDIENCE',
    'VAKREGISTER_JWT_JWKS',
  ] as const;
  const jwtGiven = jwtVariables.filter((name) => variables[name]);
  if (jwtGiven.length > 0 && jwtGiven.length < jwtVariables.length) {
    throw new ConfigError(
      jwtVariables
        .filter((name) => !variables[name])
        .map((variable) => ({ variable, message: `is required with ${jwtGiven.join(', ')}` })),
    );
  }
  const dataDir = resolve(cwd, variables.VAKREGISTER_DATA_DIR ?? './data');
  return {
    nodeEnv,
    http: { host: variables.HOST ?? '127.0.0.1', port: variables.PORT ?? 3000 },
    dataDir,
    eventStore: variables.EVENTSTORE_CONNECTION_STRING
      ? { adapter: 'eventstoredb', connectionString: variables.EVENTSTORE_CONNECTION_STRING }
      : { adapter: 'sqlite', dataDir },
    logLevel: variables.VAKREGISTER_LOG_LEVEL ?? 'info',
    ...(variables.VAKREGISTER_NOW ? { simulatedNow: new Date(variables.VAKREGISTER_NOW) } : {}),
    schedulerIntervalMs: variables.VAKREGISTER_SCHEDULER_INTERVAL_MS ?? 60_000,
    developmentAuthentication,
    ...(jwtGiven.length === jwtVariables.length
      ? {
          jwt: {
            issuer: variables.VAKREGISTER_JWT_ISSUER!,
            audience: variables.VAKREGISTER_JWT_AUDIENCE!,
            jwks: /^https?:\/\//.test(variables.VAKREGISTER_JWT_JWKS!)
              ? variables.VAKREGISTER_JWT_JWKS!
              : resolve(cwd, variables.VAKREGISTER_JWT_JWKS!),
            algorithms: (variables.VAKREGISTER_JWT_ALGORITHMS ?? 'RS256,ES256,EdDSA').split(','),
            rolesClaim: variables.VAKREGISTER_JWT_ROLES_CLAIM ?? 'roles',
            ...(variables.VAKREGISTER_JWT_PROFESSIONAL_CLAIM
              ? { professionalClaim: variables.VAKREGISTER_JWT_PROFESSIONAL_CLAIM }
              : {}),
          },
        }
      : {}),
    privacy: {
      ...(variables.VAKREGISTER_MASTER_KEY ? { masterKey: variables.VAKREGISTER_MASTER_KEY } : {}),
      developmentMasterKeyFile: `${dataDir}.dev-master-key`,
      keyStorePath: resolve(
        cwd,
        variables.VAKREGISTER_KEYSTORE_PATH ?? resolve(dataDir, 'keys.sqlite'),
      ),
      ...(variables.VAKREGISTER_RETENTION_YEARS
        ? { retentionYears: variables.VAKREGISTER_RETENTION_YEARS }
        : {}),
    },
    rateLimits: {
      public: parseRateLimit(variables.VAKREGISTER_RATE_LIMIT_PUBLIC, {
        max: 60,
        windowMs: 60_000,
      }),
      staff: parseRateLimit(variables.VAKREGISTER_RATE_LIMIT_STAFF, { max: 600, windowMs: 10_000 }),
    },
  };
}
