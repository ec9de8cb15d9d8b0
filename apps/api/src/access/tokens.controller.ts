import { UuidParam } from '../http/uuid-param';
import {
  BadRequestException,
  Body,
  Controller,
  Get,
  NotFoundException,
  Post,
} from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ROLES, TokenStore, parseDuration, type Role } from '@vakregister/access';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { SingleLineText } from '../http/text-validators';
import { WithoutIdempotencyRecord } from '../idempotency/idempotency.interceptor';
import { Access } from './access.decorators';

export class CreateTokenDto {
  @ApiProperty({ example: 'Assessor Nijmegen, laptop' })
  @SingleLineText(200)
  name!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: Role;

  @ApiProperty({ example: 'u-42', description: "The person's id" })
  @SingleLineText(200)
  subject!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Required for the professional role' })
  @IsOptional()
  @IsUUID()
  professionalId?: string;

  @ApiPropertyOptional({ example: '90d', description: 'Lifetime: 30m, 12h, 90d …' })
  @IsOptional()
  @Matches(/^\d{1,6}[smhd]$/, { message: 'expires must be a duration such as 90d' })
  expires?: string;
}

@ApiTags('operations')
@Controller('v1/admin/tokens')
export class TokensController {
  constructor(private readonly tokens: TokenStore) {}

  @Post()
  @Access({ roles: ['registrar'] })
  // The answer holds the secret: it is not kept for Idempotency-Key replays.
  @WithoutIdempotencyRecord()
  @ApiOperation({ summary: 'Create an API token; its secret is in this answer only' })
  create(@Body() body: CreateTokenDto) {
    if (body.role === 'professional' && !body.professionalId) {
      throw new BadRequestException({
        detail: 'A professional token needs the id of their professional record.',
        errors: [{ field: 'professionalId', message: 'required for the professional role' }],
      });
    }
    const lifetime = body.expires ? parseDuration(body.expires) : undefined;
    if (body.expires && !lifetime) {
      throw new BadRequestException({
        detail: 'expires must be a positive duration such as 90d.',
        errors: [{ field: 'expires', message: 'must be a positive duration' }],
      });
    }
    const { token, secret } = this.tokens.create({
      name: body.name,
      role: body.role,
      subject: body.subject,
      ...(body.professionalId ? { professionalId: body.professionalId } : {}),
      ...(lifetime ? { expiresAt: new Date(Date.now() + lifetime) } : {}),
    });
    return { ...token, secret };
  }

  @Get()
  @Access({ roles: ['registrar'] })
  @ApiOperation({ summary: 'Every API token (never their secrets)' })
  list() {
    return { tokens: this.tokens.list() };
  }

  @Post(':tokenId/revocation')
  @Access({ roles: ['registrar'] })
  @ApiOperation({ summary: 'Revoke a token; effective on its next request' })
  revoke(@UuidParam('tokenId') tokenId: string) {
    if (!this.tokens.get(tokenId)) throw new NotFoundException(`No token ${tokenId}.`);
    return { revoked: this.tokens.revoke(tokenId), token: this.tokens.get(tokenId) };
  }
}
