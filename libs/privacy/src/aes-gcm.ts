import { createCipheriv, createDecipheriv } from 'node:crypto';
import { RandomPool } from './random-pool';

const IV_BYTES = 12;
const ivs = new RandomPool(IV_BYTES);

/** AES-256-GCM: 12-byte random IV ‖ 16-byte tag ‖ ciphertext, bound to `context` as AAD. */
export function seal(key: Buffer, plaintext: Buffer, context: string): Buffer {
  const iv = ivs.next();
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]);
}

/** Opens what `seal` made; throws when the key, the context or a byte is wrong. */
export function open(key: Buffer, sealed: Buffer, context: string): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(sealed.subarray(12, 28));
  return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]);
}
