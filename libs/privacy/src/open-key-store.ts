import { SqliteKeyStore } from './key-store';
import { developmentMasterKey, parseMasterKey } from './master-key';

export interface KeyStoreSettings {
  masterKey?: string;
  developmentMasterKeyFile: string;
  keyStorePath: string;
}

/**
 * Opens the key store with the configured master key, or outside production with a development
 * key kept beside the data directory (made on first start; the warning says so).
 */
export function openKeyStore(settings: KeyStoreSettings): {
  keyStore: SqliteKeyStore;
  warning?: string;
} {
  if (settings.masterKey) {
    const key = parseMasterKey(settings.masterKey);
    if (!key) throw new Error('VAKREGISTER_MASTER_KEY is not a 256-bit key');
    return { keyStore: new SqliteKeyStore(settings.keyStorePath, key) };
  }
  const { key, created } = developmentMasterKey(settings.developmentMasterKeyFile);
  return {
    keyStore: new SqliteKeyStore(settings.keyStorePath, key),
    warning:
      `No VAKREGISTER_MASTER_KEY: personal data is encrypted with a development master key ${created ? 'made now and ' : ''}kept in ` +
      `${settings.developmentMasterKeyFile}. Production refuses to start without a master key.`,
  };
}
