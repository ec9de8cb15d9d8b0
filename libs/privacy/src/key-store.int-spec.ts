import Database from 'better-sqlite3';
import { makeTempDir } from '@vakregister/testing';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ERASED_MARKER, EncryptingCodec } from './encrypting-codec';
import { SqliteKeyStore, WrongMasterKeyError } from './key-store';
import { parseMasterKey } from './master-key';
import { openKeyStore } from './open-key-store';

const ALICE = '3f6c1a52-8d7e-4b1a-9c0e-5a2f7d9b1c01';
const BOB = '9a0b7c44-1e2d-4f3a-8b5c-6d7e8f9a0b02';
const NAME = 'Zwaantje Quist-Ooievaar';
const EMAIL = 'zwaantje.quist@voorbeeld.nl';
const FIELDS = ['name', 'email', 'reasons', 'changes.email'];
const DATA = {
  name: NAME,
  email: EMAIL,
  reasons: ['Onvoldoende punten', 'Geen reflectieverslag'],
  changes: { email: EMAIL },
};

/** Every file of a directory with its bytes, to compare a directory before and after. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir)
      .filter((name) => statSync(join(dir, name)).isFile())
      .sort()
      .map((name) => [name, readFileSync(join(dir, name)).toString('hex')]),
  );
}

/** Whether any file of the key store (main, WAL, shared memory) holds the bytes. */
function keyStoreFilesContain(file: string, needle: Buffer): boolean {
  return ['', '-wal', '-shm', '-journal'].some(
    (suffix) => existsSync(file + suffix) && readFileSync(file + suffix).includes(needle),
  );
}

/** The wrapped data key as stored, read through a second connection. */
function wrappedKey(file: string, subjectId: string): Buffer | undefined {
  const db = new Database(file, { readonly: true });
  try {
    return db
      .prepare('SELECT wrapped FROM data_keys WHERE subject_id = ?')
      .pluck()
      .get(subjectId) as Buffer | undefined;
  } finally {
    db.close();
  }
}

describe('SqliteKeyStore with the EncryptingCodec (real SQLite files)', () => {
  const tmp = makeTempDir('key-store');
  let counter = 0;
  /** A fresh directory per test, so that no test sees another's keys. */
  const freshDir = () => {
    const dir = join(tmp.path, `case-${++counter}`);
    return { dir, file: join(dir, 'keys.sqlite') };
  };
  const open: SqliteKeyStore[] = [];
  const openStore = (file: string, master: Buffer) => {
    const store = new SqliteKeyStore(file, master);
    open.push(store);
    return store;
  };
  afterEach(() => {
    for (const store of open.splice(0)) {
      try {
        store.close();
      } catch {
        // Already closed by the test.
      }
    }
  });
  afterAll(() => tmp.remove());

  it('keeps a subject its key across a reopen, and decodes what was encoded before', () => {
    const { file } = freshDir();
    const master = randomBytes(32);
    const first = openStore(file, master);
    const encoded = new EncryptingCodec(first).encode(ALICE, FIELDS, DATA);
    const key = first.dataKey(ALICE, false);
    first.close();

    const second = openStore(file, master);
    expect(second.dataKey(ALICE, false)?.equals(key!)).toBe(true);
    expect(new EncryptingCodec(second).decode(ALICE, FIELDS, encoded)).toEqual(DATA);
  });

  it('makes no key when asked without `create`', () => {
    const { file } = freshDir();
    const store = openStore(file, randomBytes(32));

    expect(store.dataKey(BOB, false)).toBeUndefined();
    expect(store.isErased(BOB)).toBe(false);
    // A reader asking for a key must not leave a row behind.
    expect(wrappedKey(file, BOB)).toBeUndefined();
    expect(store.dataKey(BOB, true)).toHaveLength(32);
    expect(wrappedKey(file, BOB)).toHaveLength(12 + 16 + 32);
  });

  it('binds ciphertexts to subject and field across the store', () => {
    const { file } = freshDir();
    const codec = new EncryptingCodec(openStore(file, randomBytes(32)));
    const alice = codec.encode(ALICE, ['name', 'email'], { name: NAME, email: EMAIL });
    codec.encode(BOB, ['name'], { name: 'Bob' });

    expect(() => codec.decode(BOB, ['name'], { name: alice.name })).toThrow();
    expect(() => codec.decode(ALICE, ['email'], { email: alice.name })).toThrow();
    expect(codec.decode(ALICE, ['name'], { name: alice.name })).toEqual({ name: NAME });
  });

  it('after destroy decodes as [gewist], refuses to encode, and keeps it so after a reopen', () => {
    const { file } = freshDir();
    const master = randomBytes(32);
    const store = openStore(file, master);
    const codec = new EncryptingCodec(store);
    const alice = codec.encode(ALICE, FIELDS, DATA);
    const bob = codec.encode(BOB, ['name'], { name: 'Bob' });
    // Warm the cache: destroy must not leave the key readable from memory.
    codec.decode(ALICE, FIELDS, alice);
    store.destroy(ALICE);

    const erased = {
      name: ERASED_MARKER,
      email: ERASED_MARKER,
      reasons: ERASED_MARKER,
      changes: { email: ERASED_MARKER },
    };
    expect(codec.decode(ALICE, FIELDS, alice)).toEqual(erased);
    expect(() => codec.encode(ALICE, ['name'], { name: NAME })).toThrow(/erased/);
    expect(store.dataKey(ALICE, true)).toBeUndefined();
    expect(store.isErased(ALICE)).toBe(true);
    store.close();

    const reopened = openStore(file, master);
    const again = new EncryptingCodec(reopened);
    expect(reopened.isErased(ALICE)).toBe(true);
    expect(again.decode(ALICE, FIELDS, alice)).toEqual(erased);
    expect(() => again.encode(ALICE, ['email'], { email: EMAIL })).toThrow(/erased/);
    expect(again.decode(BOB, ['name'], bob)).toEqual({ name: 'Bob' });
  });

  it('leaves no copy of a destroyed wrapped key in the key store files', () => {
    const { file } = freshDir();
    const master = randomBytes(32);
    const store = openStore(file, master);
    store.dataKey(ALICE, true);
    store.dataKey(BOB, true);
    const wrapped = wrappedKey(file, ALICE)!;
    expect(wrapped).toHaveLength(12 + 16 + 32);
    // Checkpoint so the wrapped key sits in the main file too, not only in the WAL.
    store.close();
    expect(keyStoreFilesContain(file, wrapped)).toBe(true);

    const reopened = openStore(file, master);
    reopened.destroy(ALICE);
    // Whoever later gets the file and the master key must find nothing to unwrap.
    expect(keyStoreFilesContain(file, wrapped)).toBe(false);
    reopened.close();
    expect(keyStoreFilesContain(file, wrapped)).toBe(false);
  });

  it('refuses a wrong master key (WrongMasterKeyError), leaving the files as they were', () => {
    const { dir, file } = freshDir();
    const master = randomBytes(32);
    const store = openStore(file, master);
    const encoded = new EncryptingCodec(store).encode(ALICE, FIELDS, DATA);
    store.close();
    const before = snapshot(dir);

    const attempt = () => new SqliteKeyStore(file, randomBytes(32));
    expect(attempt).toThrow(WrongMasterKeyError);
    expect(attempt).toThrow(/VAKREGISTER_MASTER_KEY/);
    expect(snapshot(dir)).toEqual(before);

    // The right key still opens it, and nothing was lost.
    const right = openStore(file, master);
    expect(new EncryptingCodec(right).decode(ALICE, FIELDS, encoded)).toEqual(DATA);
  });

  it('rotateMaster re-wraps every key: the old master no longer opens, the new one does', () => {
    const { file } = freshDir();
    const oldMaster = randomBytes(32);
    const newMaster = randomBytes(32);
    const store = openStore(file, oldMaster);
    const codec = new EncryptingCodec(store);
    const alice = codec.encode(ALICE, FIELDS, DATA);
    const bob = codec.encode(BOB, ['name'], { name: 'Bob' });
    const erasedId = 'c4d5e6f7-0000-4000-8000-000000000003';
    const gone = codec.encode(erasedId, ['name'], { name: 'Weg' });
    store.destroy(erasedId);
    const oldWrapped = [wrappedKey(file, ALICE)!, wrappedKey(file, BOB)!];
    for (const wrapped of oldWrapped) expect(keyStoreFilesContain(file, wrapped)).toBe(true);

    // Two live keys re-wrapped; the destroyed one has nothing to re-wrap.
    expect(store.rotateMaster(newMaster)).toBe(2);
    // Keys made after the rotation are wrapped with the new master too.
    const late = codec.encode('d0d0d0d0-0000-4000-8000-000000000004', ['name'], { name: 'Laat' });
    store.close();

    expect(() => new SqliteKeyStore(file, oldMaster)).toThrow(WrongMasterKeyError);
    // The old wrappings are gone from the files: the old master plus an old page opens nothing.
    for (const wrapped of oldWrapped) expect(keyStoreFilesContain(file, wrapped)).toBe(false);

    const rotated = new EncryptingCodec(openStore(file, newMaster));
    expect(rotated.decode(ALICE, FIELDS, alice)).toEqual(DATA);
    expect(rotated.decode(BOB, ['name'], bob)).toEqual({ name: 'Bob' });
    expect(rotated.decode('d0d0d0d0-0000-4000-8000-000000000004', ['name'], late)).toEqual({
      name: 'Laat',
    });
    expect(rotated.decode(erasedId, ['name'], gone)).toEqual({ name: ERASED_MARKER });
  });
});

describe('master key handling', () => {
  const tmp = makeTempDir('master-key');
  afterAll(() => tmp.remove());

  it('parses a 256-bit key as base64 or hex, and nothing else', () => {
    const key = randomBytes(32);
    expect(parseMasterKey(key.toString('base64'))?.equals(key)).toBe(true);
    expect(parseMasterKey(`  ${key.toString('hex')}\n`)?.equals(key)).toBe(true);
    expect(parseMasterKey(randomBytes(16).toString('base64'))).toBeUndefined();
    expect(parseMasterKey('correct horse battery staple')).toBeUndefined();
    expect(parseMasterKey('')).toBeUndefined();
  });

  it('openKeyStore refuses a malformed VAKREGISTER_MASTER_KEY, naming it', () => {
    expect(() =>
      openKeyStore({
        masterKey: 'too-short',
        developmentMasterKeyFile: join(tmp.path, 'unused.key'),
        keyStorePath: join(tmp.path, 'malformed', 'keys.sqlite'),
      }),
    ).toThrow(/VAKREGISTER_MASTER_KEY/);
  });

  it('openKeyStore with a configured key needs no development key and opens only with it', () => {
    const key = randomBytes(32).toString('base64');
    const devFile = join(tmp.path, 'configured.dev-master-key');
    const keyStorePath = join(tmp.path, 'configured', 'keys.sqlite');
    const first = openKeyStore({ masterKey: key, developmentMasterKeyFile: devFile, keyStorePath });
    expect(first.warning).toBeUndefined();
    first.keyStore.dataKey(ALICE, true);
    first.keyStore.close();
    expect(existsSync(devFile)).toBe(false);

    expect(() =>
      openKeyStore({
        masterKey: randomBytes(32).toString('hex'),
        developmentMasterKeyFile: devFile,
        keyStorePath,
      }),
    ).toThrow(WrongMasterKeyError);
  });

  it('without a key makes a development key beside the data, readable only by its owner', () => {
    const devFile = join(tmp.path, 'data.dev-master-key');
    const settings = {
      developmentMasterKeyFile: devFile,
      keyStorePath: join(tmp.path, 'data', 'keys.sqlite'),
    };
    const first = openKeyStore(settings);
    expect(first.warning).toMatch(/VAKREGISTER_MASTER_KEY/);
    expect(first.warning).toContain(devFile);
    const key = first.keyStore.dataKey(ALICE, true);
    first.keyStore.close();
    expect(statSync(devFile).mode & 0o777).toBe(0o600);
    expect(parseMasterKey(readFileSync(devFile, 'utf8'))).toHaveLength(32);

    // The second start reuses the key: the data keys still open.
    const second = openKeyStore(settings);
    expect(second.keyStore.dataKey(ALICE, false)?.equals(key!)).toBe(true);
    second.keyStore.close();
  });
});
