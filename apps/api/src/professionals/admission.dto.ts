import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { DecisionReasons } from './decision-reasons';

export class AdmissionDecisionDto {
  @ApiProperty({ enum: ['admitted', 'refused'] })
  @IsIn(['admitted', 'refused'])
  outcome!: 'admitted' | 'refused';

  @ApiProperty({ type: [String], example: ['HBO diploma SJD, 6 years of experience, code signed'] })
  @DecisionReasons()
  reasons!: string[];
}
