import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';
import { DecisionReasons } from './decision-reasons';

export class CertificationDecisionDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  requestId!: string;

  @ApiProperty({ enum: ['granted', 'refused'] })
  @IsIn(['granted', 'refused'])
  outcome!: 'granted' | 'refused';

  @ApiProperty({ type: [String], example: ['All requirements of bvk-2016 met'] })
  @DecisionReasons()
  reasons!: string[];
}
