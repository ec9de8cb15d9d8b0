import { Inject } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { APP_CONFIG, type AppConfig } from '@vakregister/config';
import { resolvePublicKey, verifyReceipt } from '@vakregister/ledger-integrity';
import { Command, CommandRunner, Option } from 'nest-commander';

interface VerifyReceiptOptions {
  publicKey?: string;
}

/**
 * `vakregister verify-receipt receipt.json --public-key key.pem`: checks a receipt offline, with
 * the public key alone. Exit 0 when it holds, 1 when it does not, 2 when it cannot be read.
 */
@Command({
  name: 'verify-receipt',
  arguments: '<receipt>',
  description: "Check an event's receipt against its signed tree head, with the public key alone",
})
export class VerifyReceiptCommand extends CommandRunner {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
  }

  async run([file]: string[], options: VerifyReceiptOptions = {}): Promise<void> {
    let receipt: unknown;
    let publicKey;
    try {
      receipt = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      console.error(`Cannot read the receipt ${file}: ${(error as Error).message}`);
      process.exitCode = 2;
      return;
    }
    try {
      publicKey = resolvePublicKey({
        nodeEnv: this.config.nodeEnv,
        dataDir: this.config.dataDir,
        publicKeyFile: options.publicKey,
      });
    } catch (error) {
      console.error((error as Error).message);
      process.exitCode = 2;
      return;
    }
    const result = verifyReceipt(receipt, publicKey.publicKey);
    if (!result.ok) {
      console.log(`FAILED: ${result.reason}`);
      process.exitCode = 1;
      return;
    }
    const { event, leafIndex } = receipt as { event: Record<string, string>; leafIndex: number };
    console.log(
      `OK: event ${event.eventId} (${event.type}, ` +
        `stream ${event.streamId} revision ${event.revision}) ` +
        `is leaf ${leafIndex} of the ledger of ${result.treeSize} events signed at ${result.time}` +
        ` by ${publicKey.source}`,
    );
    process.exitCode = 0;
  }

  @Option({
    flags: '--public-key <file>',
    description: 'PEM public key of the ledger (default: the configured signing key)',
  })
  parsePublicKey(value: string): string {
    return value;
  }
}
