import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

/** Every query accepts `minPosition` (read-your-writes; handled by MinPositionInterceptor). */
export class MinPositionQueryDto {
  @ApiPropertyOptional({
    example: '42',
    description: 'Wait (up to 5 s) until the read models reached it',
  })
  @IsOptional()
  @Matches(/^\d{1,19}$/, { message: 'minPosition must be a decimal integer' })
  minPosition?: string;
}
