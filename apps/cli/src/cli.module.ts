import { Module, type DynamicModule } from '@nestjs/common';
import { APP_CONFIG, AppConfigModule, type AppConfig } from '@vakregister/config';
import { EventStoreModule } from '@vakregister/event-store';
import {
  ProjectionsCommand,
  ProjectionsRebuildCommand,
} from './commands/projections-rebuild.command';
import { KeysCommand, KeysRotateMasterCommand } from './commands/keys.command';
import { ExportCommand } from './commands/export.command';
import { ImportCommand } from './commands/import.command';
import { PilotCommand, PilotGenerateCommand } from './commands/pilot.command';
import { ReportCommand } from './commands/report.command';
import { ReplayCommand } from './commands/replay.command';
import { StatusCommand } from './commands/status.command';
import { VerifyReceiptCommand } from './commands/verify-receipt.command';
import { VerifyCommand } from './commands/verify.command';
import {
  TokensCommand,
  TokensCreateCommand,
  TokensListCommand,
  TokensRevokeCommand,
} from './commands/tokens.command';

/** The composition root of the `vakregister` command: the same configuration as the API. */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [
        AppConfigModule.forRoot(config),
        EventStoreModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (appConfig: AppConfig) => appConfig.eventStore,
          // Commands that never read the ledger leave the data directory alone.
          openOnFirstUse: true,
        }),
      ],
      providers: [
        StatusCommand,
        ProjectionsCommand,
        ProjectionsRebuildCommand,
        TokensCommand,
        TokensCreateCommand,
        TokensListCommand,
        TokensRevokeCommand,
        KeysCommand,
        KeysRotateMasterCommand,
        VerifyCommand,
        VerifyReceiptCommand,
        ExportCommand,
        ImportCommand,
        PilotCommand,
        PilotGenerateCommand,
        ReportCommand,
        ReplayCommand,
      ],
    };
  }
}
