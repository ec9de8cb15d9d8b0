import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** A 256-bit key given as base64 (44 characters) or hex (64 characters). */
export function parseMasterKey(text: string): Buffer | undefined {
  const trimmed = text.trim();
  if (/^[0-9a-f]{64}$/i.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (/^[A-Za-z0-9+/]{43}=$/.test(trimmed)) return Buffer.from(trimmed, 'base64');
  return undefined;
}

/**
 * Outside production only: a development master key kept in a file beside (not inside) the
 * data directory, made on first start. Returns the key and whether it was just made.
 */
export function developmentMasterKey(file: string): { key: Buffer; created: boolean } {
  if (existsSync(file)) {
    const key = parseMasterKey(readFileSync(file, 'utf8'));
    if (!key) throw new Error(`${file} does not hold a 256-bit key`);
    return { key, created: false };
  }
  mkdirSync(dirname(file), { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { key, created: true };
}
