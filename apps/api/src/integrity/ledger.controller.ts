import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IntegrityKeeper } from '@vakregister/ledger-integrity';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { Public } from '../access/access.decorators';

export class CheckpointsQueryDto {
  @ApiPropertyOptional({ example: 0, description: 'Only heads of at least this tree size' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  fromSize?: number;

  @ApiPropertyOptional({ example: 100, minimum: 1, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

@ApiTags('public')
@Controller('v1/public/ledger')
export class LedgerController {
  constructor(private readonly keeper: IntegrityKeeper) {}

  @Get('public-key')
  @Public()
  @Header('Content-Type', 'application/x-pem-file; charset=utf-8')
  @ApiOperation({
    summary: "The ledger's Ed25519 public key (PEM), to verify tree heads and receipts",
  })
  publicKey(): string {
    return this.keeper.publicKeyPem();
  }

  @Get('checkpoints')
  @Public()
  @ApiOperation({ summary: 'Signed tree heads (C2SP checkpoints), oldest first' })
  checkpoints(@Query() query: CheckpointsQueryDto) {
    return {
      checkpoints: this.keeper.checkpoints({
        ...(query.fromSize !== undefined ? { fromSize: query.fromSize } : {}),
        limit: query.limit ?? 100,
      }),
    };
  }
}
