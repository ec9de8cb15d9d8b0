import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  type KeyObject,
} from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';

/** The environment variable naming the PEM file of the Ed25519 key that signs tree heads. */
export const SIGNING_KEY_VARIABLE = 'VAKREGISTER_SIGNING_KEY';

/** A key file is missing, unreadable, not Ed25519, or in the wrong place. */
export class SigningKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SigningKeyError';
  }
}

/** The Ed25519 key that signs tree heads. The private half never leaves this object. */
export class SigningKey {
  private constructor(
    private readonly privateKey: KeyObject,
    readonly publicKey: KeyObject,
  ) {}

  /** Reads a PKCS#8 PEM Ed25519 private key; `source` names it in errors. */
  static fromPem(pem: string, source: string): SigningKey {
    let privateKey: KeyObject;
    try {
      privateKey = createPrivateKey(pem);
    } catch (error) {
      throw new SigningKeyError(`${source} is not a PEM private key: ${(error as Error).message}`);
    }
    if (privateKey.asymmetricKeyType !== 'ed25519') {
      throw new SigningKeyError(
        `${source} is a ${privateKey.asymmetricKeyType} key; tree heads are signed with Ed25519`,
      );
    }
    return new SigningKey(privateKey, createPublicKey(privateKey));
  }

  static generate(): SigningKey {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    return new SigningKey(privateKey, publicKey);
  }

  sign(message: Buffer): Buffer {
    // Ed25519 hashes internally: node:crypto takes no digest name for it.
    return sign(null, message, this.privateKey);
  }

  publicKeyPem(): string {
    return this.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }

  /** For writing a key file only. */
  privateKeyPem(): string {
    return this.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  }
}

/** Loads the signing key from a PEM file. */
export function loadSigningKey(file: string): SigningKey {
  return SigningKey.fromPem(readKeyFile(file), file);
}

/**
 * An Ed25519 public key from PEM text: a public key (SPKI), or a private key whose public half
 * is taken, so that `--public-key` also accepts the signing key file itself.
 */
export function publicKeyFromPem(pem: string, source = 'the key'): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (error) {
    throw new SigningKeyError(`${source} is not a PEM key: ${(error as Error).message}`);
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new SigningKeyError(
      `${source} is a ${key.asymmetricKeyType} key; tree heads are signed with Ed25519`,
    );
  }
  return key;
}

/** Loads a public key (or the public half of a private key) from a PEM file. */
export function loadPublicKey(file: string): KeyObject {
  return publicKeyFromPem(readKeyFile(file), file);
}

function readKeyFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new SigningKeyError(`Cannot read the key file ${file}: ${(error as Error).message}`);
  }
}

/**
 * Where the development key lives when VAKREGISTER_SIGNING_KEY is unset:
 * `$XDG_CONFIG_HOME/vakregister/dev-signing-key.pem`, else `~/.config/vakregister/…`. One key
 * per user, outside every data directory, so that copying a data directory (or a backup of it)
 * never copies the key that could re-sign it, even in development.
 */
export function defaultDevSigningKeyFile(env: NodeJS.ProcessEnv = process.env): string {
  const configHome = env.XDG_CONFIG_HOME?.trim();
  const base = configHome && isAbsolute(configHome) ? configHome : join(homedir(), '.config');
  return join(base, 'vakregister', 'dev-signing-key.pem');
}

export interface ResolveSigningKeyOptions {
  /** `production` requires VAKREGISTER_SIGNING_KEY; elsewhere a development key is used. */
  nodeEnv: string;
  /** The data directory: the key must not be inside it. */
  dataDir: string;
  env?: NodeJS.ProcessEnv;
  /** Where the development key is kept; defaults to `defaultDevSigningKeyFile(env)`. */
  devKeyFile?: string;
}

export interface ResolvedSigningKey {
  key: SigningKey;
  file: string;
  /** Set when the development key is in use: log it, it says how to configure a real one. */
  warning?: string;
}

/**
 * The key that signs tree heads: the file VAKREGISTER_SIGNING_KEY names; outside production,
 * when it is unset, the development key, generated on first use (mode 0600).
 */
export function resolveSigningKey(options: ResolveSigningKeyOptions): ResolvedSigningKey {
  const env = options.env ?? process.env;
  const configured = env[SIGNING_KEY_VARIABLE]?.trim();
  if (configured) {
    const file = resolve(configured);
    assertOutsideDataDir(file, options.dataDir, SIGNING_KEY_VARIABLE);
    return { key: loadSigningKey(file), file };
  }
  if (options.nodeEnv === 'production') {
    throw new SigningKeyError(
      `${SIGNING_KEY_VARIABLE} must name the PEM file of the Ed25519 key that signs tree heads ` +
        'when NODE_ENV=production (generate one with `openssl genpkey -algorithm ed25519`)',
    );
  }
  const file = resolve(options.devKeyFile ?? defaultDevSigningKeyFile(env));
  assertOutsideDataDir(file, options.dataDir, 'The development signing key');
  const { key, created } = loadOrCreateKeyFile(file);
  return {
    key,
    file,
    warning:
      `${SIGNING_KEY_VARIABLE} is not set: tree heads are signed with the development key ` +
      `${file}${created ? ' (generated now)' : ''}. Anyone who can read that file can sign ` +
      `heads; in production set ${SIGNING_KEY_VARIABLE} to a PEM Ed25519 private key kept ` +
      'outside the data directory.',
  };
}

export interface ResolvePublicKeyOptions extends ResolveSigningKeyOptions {
  /** An explicit public (or private) key file, e.g. `--public-key`; wins over the rest. */
  publicKeyFile?: string;
}

/**
 * The key to verify with: `publicKeyFile`, else the configured signing key, else (outside
 * production) the development key if it exists. Never generates one: a key made now has
 * signed nothing.
 */
export function resolvePublicKey(options: ResolvePublicKeyOptions): {
  publicKey: KeyObject;
  source: string;
} {
  if (options.publicKeyFile) {
    const file = resolve(options.publicKeyFile);
    return { publicKey: loadPublicKey(file), source: file };
  }
  const env = options.env ?? process.env;
  const configured = env[SIGNING_KEY_VARIABLE]?.trim();
  if (configured) {
    const file = resolve(configured);
    return { publicKey: loadPublicKey(file), source: `${file} (${SIGNING_KEY_VARIABLE})` };
  }
  if (options.nodeEnv !== 'production') {
    const file = resolve(options.devKeyFile ?? defaultDevSigningKeyFile(env));
    try {
      return { publicKey: loadPublicKey(file), source: `${file} (development key)` };
    } catch {
      // Fall through to the message that says what to pass.
    }
  }
  throw new SigningKeyError(
    `No key to verify with: pass --public-key <file> or set ${SIGNING_KEY_VARIABLE}`,
  );
}

function assertOutsideDataDir(file: string, dataDir: string, what: string): void {
  const inside = relative(resolve(dataDir), file);
  if (inside === '' || (!inside.startsWith('..') && !isAbsolute(inside))) {
    throw new SigningKeyError(
      `${what} (${file}) is inside the data directory ${dataDir}: keep it elsewhere, so that ` +
        'whoever can write the ledger files cannot also sign',
    );
  }
}

function loadOrCreateKeyFile(file: string): { key: SigningKey; created: boolean } {
  if (existsSync(file)) return { key: loadSigningKey(file), created: false };
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const key = SigningKey.generate();
  try {
    // `wx`: if another process created it meanwhile, use theirs instead of overwriting it.
    writeFileSync(file, key.privateKeyPem(), { flag: 'wx', mode: 0o600 });
    chmodSync(file, 0o600);
    return { key, created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      return { key: loadSigningKey(file), created: false };
    }
    throw new SigningKeyError(
      `Cannot create the development signing key ${file}: ${(error as Error).message}`,
    );
  }
}
