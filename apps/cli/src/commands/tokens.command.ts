import { Inject } from '@nestjs/common';
import { ROLES, TokenStore, isRole, parseDuration, type ApiToken } from '@vakregister/access';
import { APP_CONFIG, type AppConfig } from '@vakregister/config';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';

interface CreateOptions {
  role?: string;
  subject?: string;
  name?: string;
  expires?: string;
  professionalId?: string;
}

function fail(message: string): void {
  console.error(message);
  process.exitCode = 2;
}

function describe(token: ApiToken): string {
  const state = token.revokedAt
    ? `revoked ${token.revokedAt}`
    : token.expiresAt
      ? `expires ${token.expiresAt}`
      : 'no expiry';
  return [
    token.id,
    token.role.padEnd(12),
    token.subject,
    `"${token.name}"`,
    token.professionalId ? `professional ${token.professionalId}` : '',
    state,
    token.lastUsedAt ? `last used ${token.lastUsedAt}` : 'never used',
  ]
    .filter(Boolean)
    .join('  ');
}

/** Opens the token store of the configured data directory for one command. */
abstract class TokenCommand extends CommandRunner {
  constructor(@Inject(APP_CONFIG) protected readonly config: AppConfig) {
    super();
  }

  protected withStore<T>(work: (store: TokenStore) => T): T {
    const store = new TokenStore(this.config.dataDir);
    try {
      return work(store);
    } finally {
      store.close();
    }
  }
}

@SubCommand({
  name: 'create',
  description: 'Create an API token; the secret is printed once, alone on the last line',
})
export class TokensCreateCommand extends TokenCommand {
  async run(_params: string[], options: CreateOptions): Promise<void> {
    if (!options.role || !isRole(options.role))
      return fail(`--role must be one of ${ROLES.join(', ')}`);
    if (!options.subject) return fail("--subject (the person's id) is required");
    if (!options.name) return fail('--name is required');
    if (options.role === 'professional' && !options.professionalId) {
      return fail('--professional-id is required for the professional role');
    }
    const lifetime = options.expires ? parseDuration(options.expires) : undefined;
    if (options.expires && !lifetime)
      return fail('--expires must be a duration such as 90d, 12h or 30m');
    const role = options.role;
    const subject = options.subject;
    const name = options.name;
    const { token, secret } = this.withStore((store) =>
      store.create({
        role,
        subject,
        name,
        ...(options.professionalId ? { professionalId: options.professionalId } : {}),
        ...(lifetime ? { expiresAt: new Date(Date.now() + lifetime) } : {}),
      }),
    );
    console.log(
      `Created token ${token.id} for ${token.subject} as ${token.role}. Its secret follows; it is not stored and is shown only now:`,
    );
    console.log(secret);
  }

  @Option({ flags: '--role <role>', description: `one of ${ROLES.join(', ')}` })
  parseRole(value: string): string {
    return value;
  }

  @Option({ flags: '--subject <id>', description: "the person's id" })
  parseSubject(value: string): string {
    return value;
  }

  @Option({ flags: '--name <text>', description: 'what the token is for' })
  parseName(value: string): string {
    return value;
  }

  @Option({ flags: '--expires <duration>', description: 'lifetime such as 90d (default: none)' })
  parseExpires(value: string): string {
    return value;
  }

  @Option({
    flags: '--professional-id <uuid>',
    description: "the person's own professional record",
  })
  parseProfessionalId(value: string): string {
    return value;
  }
}

@SubCommand({ name: 'list', description: 'List API tokens (never their secrets)' })
export class TokensListCommand extends TokenCommand {
  async run(): Promise<void> {
    const tokens = this.withStore((store) => store.list());
    if (tokens.length === 0) console.log('No tokens.');
    for (const token of tokens) console.log(describe(token));
  }
}

@SubCommand({
  name: 'revoke',
  arguments: '<tokenId>',
  description: 'Revoke a token; effective on its next request',
})
export class TokensRevokeCommand extends TokenCommand {
  async run([tokenId]: string[]): Promise<void> {
    const outcome = this.withStore((store) =>
      store.get(tokenId) ? store.revoke(tokenId) : undefined,
    );
    if (outcome === undefined) return fail(`No token ${tokenId}.`);
    console.log(outcome ? `Revoked ${tokenId}.` : `${tokenId} was already revoked.`);
  }
}

@Command({
  name: 'tokens',
  description: 'API tokens: create, list, revoke',
  subCommands: [TokensCreateCommand, TokensListCommand, TokensRevokeCommand],
})
export class TokensCommand extends CommandRunner {
  async run(): Promise<void> {
    fail('Usage: vakregister tokens create|list|revoke');
  }
}
