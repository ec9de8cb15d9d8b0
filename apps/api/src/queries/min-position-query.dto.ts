import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { LedgerInteger } from '../http/ledger-integer';

/** Every query accepts `minPosition` (read-your-writes; handled by MinPositionInterceptor). */
export class MinPositionQueryDto {
  @ApiPropertyOptional({
    example: '42',
    description: 'Wait (up to 5 s) until the read models reached it',
  })
  @IsOptional()
  @LedgerInteger('minPosition must be a ledger position: a decimal integer')
  minPosition?: string;
}
