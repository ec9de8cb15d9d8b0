import { Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
} from 'class-validator';

const trimmedOrUndefined = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

const integerOrRaw = ({ value }: { value: unknown }) => {
  const text = trimmedOrUndefined({ value });
  return text !== undefined && /^-?\d+$/.test(text) ? Number(text) : text;
};

export const NODE_ENVIRONMENTS = ['development', 'production', 'test'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Every environment variable Vakregister reads. Each one is in the README's configuration
 * table; an empty value counts as unset.
 */
export class EnvironmentVariables {
  @Transform(trimmedOrUndefined)
  @IsOptional()
  @IsIn(NODE_ENVIRONMENTS)
  NODE_ENV?: (typeof NODE_ENVIRONMENTS)[number];

  @Transform(integerOrRaw)
  @IsOptional()
  @IsInt({ message: 'must be a whole number from 0 to 65535' })
  @Min(0, { message: 'must be a whole number from 0 to 65535' })
  @Max(65535, { message: 'must be a whole number from 0 to 65535' })
  PORT?: number;

  @Transform(trimmedOrUndefined)
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  HOST?: string;

  @Transform(trimmedOrUndefined)
  @IsOptional()
  @IsString()
  VAKREGISTER_DATA_DIR?: string;

  @Transform(trimmedOrUndefined)
  @IsOptional()
  @Matches(/^esdb(\+discover)?:\/\/\S+$/, {
    message: 'must be an EventStoreDB connection string such as esdb://localhost:2113?tls=false',
  })
  EVENTSTORE_CONNECTION_STRING?: string;

  @Transform(trimmedOrUndefined)
  @IsOptional()
  @IsIn(LOG_LEVELS)
  VAKREGISTER_LOG_LEVEL?: (typeof LOG_LEVELS)[number];

  @Transform(trimmedOrUndefined)
  @IsOptional()
  @IsISO8601(
    { strict: true },
    { message: 'must be an ISO 8601 instant such as 2016-05-13T09:00:00Z' },
  )
  VAKREGISTER_NOW?: string;

  @Transform(integerOrRaw)
  @IsOptional()
  @IsInt({ message: 'must be a whole number of milliseconds (0 turns the scheduler off)' })
  @Min(0, { message: 'must be a whole number of milliseconds (0 turns the scheduler off)' })
  VAKREGISTER_SCHEDULER_INTERVAL_MS?: number;

  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsOptional()
  @IsIn(['true', 'false', ''], { message: 'must be true or false' })
  VAKREGISTER_DEV_AUTH?: string;

  @Transform(trimmedOrUndefined)
  @IsOptional()
  @IsString()
  VAKREGISTER_JWT_ISSUER?: string;

  @Transform(trimmedOrUndefined)
  @IsOptional()
  @IsString()
  VAKREGISTER_JWT_AUDIENCE?: string;

  @Transform(trimmedOrUndefined)
  @IsOptional()
  @IsString()
  VAKREGISTER_JWT_JWKS?: string;

  @Transform(trimmedOrUndefined)
  @IsOptional()
  @Matches(
    /^(RS256|RS384|RS512|PS256|PS384|PS512|ES256|ES384|ES512|EdDSA)(,(RS256|RS384|RS512|PS256|PS384|PS512|ES256|ES384|ES512|EdDSA))*$/,
    {
      message: 'must be a comma-separated list of asymmetric JWS algorithms such as RS256,ES256',
    },
  )
  VAKREGISTER_JWT_ALGORITHMS?: string;

  @Transform(trimmedOrUndefined)
  @IsOptional()
  @IsString()
  VAKREGISTER_JWT_ROLES_CLAIM?: string;

  @Transform(trimmedOrUndefined)
  @IsOptional()
  @IsString()
  VAKREGISTER_JWT_PROFESSIONAL_CLAIM?: string;

  @Transform(trimmedOrUndefined)
  @IsOptional()
  @Matches(/^\d{1,7}\/\d{1,6}[smh]$/, { message: 'must be requests/window such as 60/1m' })
  VAKREGISTER_RATE_LIMIT_PUBLIC?: string;

  @Transform(trimmedOrUndefined)
  @IsOptional()
  @Matches(/^\d{1,7}\/\d{1,6}[smh]$/, { message: 'must be requests/window such as 600/10s' })
  VAKREGISTER_RATE_LIMIT_STAFF?: string;

  @Transform(trimmedOrUndefined)
  @IsOptional()
  @Matches(/^([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, {
    message:
      'must be a 256-bit key: 64 hex digits or 44 base64 characters (openssl rand -base64 32)',
  })
  VAKREGISTER_MASTER_KEY?: string;

  @Transform(trimmedOrUndefined)
  @IsOptional()
  @IsString()
  VAKREGISTER_KEYSTORE_PATH?: string;

  @Transform(integerOrRaw)
  @IsOptional()
  @IsInt({ message: 'must be a whole number of years' })
  @Min(1, { message: 'must be a whole number of years' })
  VAKREGISTER_RETENTION_YEARS?: number;

  /** Read by the integrity keeper itself (a PEM file outside the data directory). */
  @Transform(trimmedOrUndefined)
  @IsOptional()
  @IsString()
  VAKREGISTER_SIGNING_KEY?: string;
}
