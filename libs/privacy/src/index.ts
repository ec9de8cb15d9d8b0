export { ERASED_MARKER, EncryptingCodec } from './encrypting-codec';
export { SqliteKeyStore, WrongMasterKeyError, type KeyStore } from './key-store';
export { developmentMasterKey, parseMasterKey } from './master-key';
export { openKeyStore, type KeyStoreSettings } from './open-key-store';
