import { Inject } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@vakregister/config';
import { lockDataDirectory, lockHolder } from '@vakregister/ledger';
import { openKeyStore, parseMasterKey } from '@vakregister/privacy';
import { Command, CommandRunner, SubCommand } from 'nest-commander';

/**
 * `vakregister keys rotate-master`: wraps every data key with a new master key. The current key
 * comes from VAKREGISTER_MASTER_KEY (or the development key), the new one from
 * VAKREGISTER_NEW_MASTER_KEY, so that neither appears in the shell history.
 */
@SubCommand({ name: 'rotate-master', description: 'Re-wrap every data key with a new master key' })
export class KeysRotateMasterCommand extends CommandRunner {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
  }

  async run(): Promise<void> {
    const next = parseMasterKey(process.env.VAKREGISTER_NEW_MASTER_KEY ?? '');
    if (!next) {
      console.error(
        'Set VAKREGISTER_NEW_MASTER_KEY to the new 256-bit key (openssl rand -base64 32).',
      );
      process.exitCode = 2;
      return;
    }
    const holder = lockHolder(this.config.dataDir);
    if (holder) {
      console.error(
        `Refusing to rotate: ${holder.purpose} (process ${holder.pid}) holds ${this.config.dataDir}; stop it first.`,
      );
      process.exitCode = 1;
      return;
    }
    const release = lockDataDirectory(this.config.dataDir, 'vakregister keys rotate-master');
    try {
      const { keyStore } = openKeyStore(this.config.privacy);
      try {
        const count = keyStore.rotateMaster(next);
        console.log(
          `Re-wrapped ${count} data keys. Start the API with VAKREGISTER_MASTER_KEY set to the new key from now on.`,
        );
      } finally {
        keyStore.close();
      }
    } catch (error) {
      console.error((error as Error).message);
      process.exitCode = 1;
    } finally {
      release();
    }
  }
}

@Command({
  name: 'keys',
  description: 'The key store of personal data',
  subCommands: [KeysRotateMasterCommand],
})
export class KeysCommand extends CommandRunner {
  async run(): Promise<void> {
    console.error('Usage: vakregister keys rotate-master');
    process.exitCode = 2;
  }
}
