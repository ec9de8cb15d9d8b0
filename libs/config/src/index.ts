export { ConfigError, loadConfig, type AppConfig, type EventStoreConfig } from './app-config';
export { APP_CONFIG, AppConfigModule } from './config.module';
