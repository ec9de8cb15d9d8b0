import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  SIGNING_KEY_VARIABLE,
  SigningKey,
  SigningKeyError,
  defaultDevSigningKeyFile,
  resolvePublicKey,
  resolveSigningKey,
} from './signing-key';

describe('the signing key', () => {
  let root: string;
  let dataDir: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'vakregister-keys-'));
    dataDir = join(root, 'data');
    mkdirSync(dataDir);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const writeKey = (file: string, key = SigningKey.generate()) => {
    writeFileSync(file, key.privateKeyPem(), { mode: 0o600 });
    return key;
  };

  it('is the file VAKREGISTER_SIGNING_KEY names, in production too, without a warning', () => {
    const file = join(root, 'ledger-key.pem');
    const written = writeKey(file);
    const resolved = resolveSigningKey({
      nodeEnv: 'production',
      dataDir,
      env: { [SIGNING_KEY_VARIABLE]: file },
    });
    expect(resolved.file).toBe(file);
    expect(resolved.warning).toBeUndefined();
    expect(resolved.key.publicKeyPem()).toBe(written.publicKeyPem());
  });

  it('is required in production', () => {
    expect(() => resolveSigningKey({ nodeEnv: 'production', dataDir, env: {} })).toThrow(
      /VAKREGISTER_SIGNING_KEY must name the PEM file/,
    );
  });

  it('must not live inside the data directory', () => {
    const file = join(dataDir, 'key.pem');
    writeKey(file);
    expect(() =>
      resolveSigningKey({ nodeEnv: 'production', dataDir, env: { [SIGNING_KEY_VARIABLE]: file } }),
    ).toThrow(/inside the data directory/);
    expect(() =>
      resolveSigningKey({ nodeEnv: 'development', dataDir, env: {}, devKeyFile: file }),
    ).toThrow(SigningKeyError);
  });

  it('is refused when it is not Ed25519', () => {
    const file = join(root, 'rsa.pem');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    expect(() =>
      resolveSigningKey({ nodeEnv: 'development', dataDir, env: { [SIGNING_KEY_VARIABLE]: file } }),
    ).toThrow(/rsa key; tree heads are signed with Ed25519/);
  });

  it('outside production is a development key, generated once (mode 0600) with a warning', () => {
    const env = { XDG_CONFIG_HOME: join(root, 'config') };
    const first = resolveSigningKey({ nodeEnv: 'development', dataDir, env });
    expect(first.file).toBe(join(root, 'config', 'vakregister', 'dev-signing-key.pem'));
    expect(first.file).toBe(defaultDevSigningKeyFile(env));
    expect(first.warning).toMatch(/VAKREGISTER_SIGNING_KEY is not set.*\(generated now\)/);
    expect(statSync(first.file).mode & 0o777).toBe(0o600);
    const second = resolveSigningKey({ nodeEnv: 'test', dataDir, env });
    expect(second.key.publicKeyPem()).toBe(first.key.publicKeyPem());
    expect(second.warning).not.toMatch(/generated now/);
  });

  it('is verified with --public-key, the configured key, or an existing development key', () => {
    const env = { XDG_CONFIG_HOME: join(root, 'config') };
    expect(() => resolvePublicKey({ nodeEnv: 'development', dataDir, env })).toThrow(
      /No key to verify with/,
    );
    const dev = resolveSigningKey({ nodeEnv: 'development', dataDir, env });
    const pem = (key: { publicKey: { export(o: object): string | Buffer } }) =>
      key.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(pem(resolvePublicKey({ nodeEnv: 'development', dataDir, env }))).toBe(
      dev.key.publicKeyPem(),
    );
    // Production never falls back to the development key.
    expect(() => resolvePublicKey({ nodeEnv: 'production', dataDir, env })).toThrow(
      /No key to verify with/,
    );
    const publicFile = join(root, 'public.pem');
    const other = SigningKey.generate();
    writeFileSync(publicFile, other.publicKeyPem());
    const explicit = resolvePublicKey({
      nodeEnv: 'production',
      dataDir,
      env,
      publicKeyFile: publicFile,
    });
    expect(pem(explicit)).toBe(other.publicKeyPem());
    expect(explicit.source).toBe(publicFile);
  });
});
