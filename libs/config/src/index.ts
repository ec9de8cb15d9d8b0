export {
  ConfigError,
  loadConfig,
  type AppConfig,
  type EventStoreConfig,
  type RateLimit,
} from './app-config';
export { APP_CONFIG, AppConfigModule } from './config.module';
