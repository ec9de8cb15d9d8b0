import {
  Global,
  Inject,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Authenticator, JwtVerifier, TokenStore } from '@vakregister/access';
import { APP_CONFIG, type AppConfig } from '@vakregister/config';
import { TokensController } from './tokens.controller';

/** Authentication: API tokens (kept beside the ledger) and identity-provider JWTs. */
@Global()
@Module({
  controllers: [TokensController],
  providers: [
    {
      provide: TokenStore,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new TokenStore(config.dataDir),
    },
    {
      provide: Authenticator,
      inject: [APP_CONFIG, TokenStore],
      useFactory: (config: AppConfig, tokens: TokenStore) =>
        new Authenticator(tokens, config.jwt ? new JwtVerifier(config.jwt) : undefined),
    },
  ],
  exports: [TokenStore, Authenticator],
})
export class AccessModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tokens: TokenStore,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.jwt && !this.tokens.hasActiveTokens()) {
      new Logger('Access').warn(
        'No API token exists yet, so only public routes answer. Create the first registrar token with: ' +
          `VAKREGISTER_DATA_DIR=${this.config.dataDir} npx vakregister tokens create --role registrar --subject <your id> --name "<your name>"`,
      );
    }
    if (this.config.developmentAuthentication) {
      new Logger('Access').warn(
        'VAKREGISTER_DEV_AUTH=true: the X-Dev-Actor header is accepted without a token.',
      );
    }
  }

  onApplicationShutdown(): void {
    this.tokens.close();
  }
}
