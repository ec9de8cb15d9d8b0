import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { FreeText } from '../http/text-validators';

export class ReviewActivityDto {
  @ApiProperty({ enum: ['approved', 'rejected'] })
  @IsIn(['approved', 'rejected'])
  outcome!: 'approved' | 'rejected';

  @ApiProperty({ example: 'Accredited training, certificate attached' })
  @FreeText(2000)
  reason!: string;
}
