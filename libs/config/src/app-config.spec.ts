import { ConfigError, loadConfig } from '@vakregister/config';

describe('loadConfig', () => {
  it('defaults to the embedded store under ./data on 127.0.0.1:3000', () => {
    const config = loadConfig({}, '/srv/vakregister');
    expect(config).toEqual({
      nodeEnv: 'development',
      http: { host: '127.0.0.1', port: 3000 },
      dataDir: '/srv/vakregister/data',
      eventStore: { adapter: 'sqlite', dataDir: '/srv/vakregister/data' },
      logLevel: 'info',
      schedulerIntervalMs: 60_000,
      developmentAuthentication: false,
      rateLimits: {
        public: { max: 60, windowMs: 60_000 },
        staff: { max: 600, windowMs: 10_000 },
      },
      privacy: {
        developmentMasterKeyFile: '/srv/vakregister/data.dev-master-key',
        keyStorePath: '/srv/vakregister/data/keys.sqlite',
      },
    });
  });

  it('picks EventStoreDB when a connection string is set', () => {
    const config = loadConfig({
      EVENTSTORE_CONNECTION_STRING: 'esdb://localhost:2113?tls=false',
      PORT: '8080',
      HOST: '0.0.0.0',
      VAKREGISTER_DATA_DIR: '/var/lib/vakregister',
    });
    expect(config.eventStore).toEqual({
      adapter: 'eventstoredb',
      connectionString: 'esdb://localhost:2113?tls=false',
    });
    expect(config.http).toEqual({ host: '0.0.0.0', port: 8080 });
    expect(config.dataDir).toBe('/var/lib/vakregister');
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ EVENTSTORE_CONNECTION_STRING: '', PORT: ' ' }).eventStore.adapter).toBe(
      'sqlite',
    );
  });

  it('starts a simulated clock outside production and refuses it in production', () => {
    expect(loadConfig({ VAKREGISTER_NOW: '2016-05-13T09:00:00Z' }).simulatedNow).toEqual(
      new Date('2016-05-13T09:00:00Z'),
    );
    expect(() =>
      loadConfig({ VAKREGISTER_NOW: '2016-05-13T09:00:00Z', NODE_ENV: 'production' }),
    ).toThrow(/VAKREGISTER_NOW .*production/);
  });

  it('requires a master key in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /VAKREGISTER_MASTER_KEY is required in production/,
    );
    const key = Buffer.alloc(32, 7).toString('base64');
    expect(
      loadConfig({ NODE_ENV: 'production', VAKREGISTER_MASTER_KEY: key }).privacy.masterKey,
    ).toBe(key);
  });

  it('accepts the development header only when asked for, and never in production', () => {
    expect(loadConfig({}).developmentAuthentication).toBe(false);
    expect(loadConfig({ VAKREGISTER_DEV_AUTH: 'true' }).developmentAuthentication).toBe(true);
    expect(() => loadConfig({ VAKREGISTER_DEV_AUTH: 'true', NODE_ENV: 'production' })).toThrow(
      /VAKREGISTER_DEV_AUTH .*production/,
    );
  });

  it('reads identity-provider settings together, naming what is missing', () => {
    expect(() => loadConfig({ VAKREGISTER_JWT_ISSUER: 'https://idp.example' })).toThrow(
      /VAKREGISTER_JWT_AUDIENCE is required/,
    );
    const config = loadConfig(
      {
        VAKREGISTER_JWT_ISSUER: 'https://idp.example',
        VAKREGISTER_JWT_AUDIENCE: 'vakregister',
        VAKREGISTER_JWT_JWKS: 'keys/jwks.json',
        VAKREGISTER_RATE_LIMIT_PUBLIC: '10/30s',
      },
      '/srv',
    );
    expect(config.jwt).toEqual({
      issuer: 'https://idp.example',
      audience: 'vakregister',
      jwks: '/srv/keys/jwks.json',
      algorithms: ['RS256', 'ES256', 'EdDSA'],
      rolesClaim: 'roles',
    });
    expect(config.rateLimits.public).toEqual({ max: 10, windowMs: 30_000 });
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['PORT', '3000.5'],
    ['EVENTSTORE_CONNECTION_STRING', 'http://localhost:2113'],
    ['NODE_ENV', 'staging'],
    ['VAKREGISTER_LOG_LEVEL', 'loud'],
    ['VAKREGISTER_NOW', '13-05-2016'],
    ['VAKREGISTER_SCHEDULER_INTERVAL_MS', 'hourly'],
    ['VAKREGISTER_DEV_AUTH', 'yes'],
    ['VAKREGISTER_JWT_ALGORITHMS', 'none'],
    ['VAKREGISTER_RATE_LIMIT_STAFF', 'lots'],
    ['VAKREGISTER_MASTER_KEY', 'secret'],
    ['VAKREGISTER_RETENTION_YEARS', '0'],
  ])('refuses %s=%s with a message naming the variable', (variable, value) => {
    let error: unknown;
    try {
      loadConfig({ [variable]: value });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(variable);
    expect((error as Error).message).toContain(JSON.stringify(value));
  });
});
