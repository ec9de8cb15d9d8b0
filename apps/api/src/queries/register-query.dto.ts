import { ApiPropertyOptional } from '@nestjs/swagger';
import { SECTORS } from '@vakregister/certification';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { MinPositionQueryDto } from './min-position-query.dto';

export const REGISTER_STATUSES = [
  'applicant',
  'admitted',
  'refused',
  'certified',
  'suspended',
  'expired',
  'revoked',
  'withdrawn',
] as const;

export class RegisterQueryDto extends MinPositionQueryDto {
  @ApiPropertyOptional({
    example: '2018-01-01',
    description: 'Valid time: what was true on this date',
  })
  @IsOptional()
  @IsString()
  asOf?: string;

  @ApiPropertyOptional({
    example: '2017-06-01T12:00:00Z',
    description:
      'Record time: what the ledger held then (an instant or a ledger position), inclusive',
  })
  @IsOptional()
  @IsString()
  knownAt?: string;

  @ApiPropertyOptional({ example: 'Maastricht' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  municipality?: string;

  @ApiPropertyOptional({ enum: SECTORS })
  @IsOptional()
  @IsIn(SECTORS)
  sector?: string;

  @ApiPropertyOptional({ enum: REGISTER_STATUSES })
  @IsOptional()
  @IsIn(REGISTER_STATUSES)
  status?: string;

  @ApiPropertyOptional({
    description: 'A registration number, or part of a name (not for analysts)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,100}$/, { message: 'cursor is not a cursor of this API' })
  cursor?: string;

  @ApiPropertyOptional({ example: 50, minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}
