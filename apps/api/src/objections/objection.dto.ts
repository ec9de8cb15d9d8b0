import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { FreeText } from '../http/text-validators';
import { DecisionReasons } from '../professionals/decision-reasons';

export class LodgeObjectionDto {
  @ApiProperty({ example: 'The 12-hour intervision was rejected although it was accredited.' })
  @FreeText(5000)
  grounds!: string;

  @ApiPropertyOptional({
    example: false,
    description: 'Heard by an advisory committee (12 weeks to decide)',
  })
  @IsOptional()
  @IsBoolean()
  advisoryCommittee?: boolean;

  @ApiPropertyOptional({ description: 'Appeals only: why an objection after the term is admitted' })
  @IsOptional()
  @FreeText(2000)
  lateAdmissionReason?: string;
}

export class ExtendObjectionDto {
  @ApiProperty({ example: 'A hearing is needed' })
  @FreeText(2000)
  reason!: string;
}

export class DecideObjectionDto {
  @ApiProperty({ enum: ['upheld', 'rejected'] })
  @IsIn(['upheld', 'rejected'])
  outcome!: 'upheld' | 'rejected';

  @ApiProperty({
    type: [String],
    example: ['The activity was accredited; the review is corrected.'],
  })
  @DecisionReasons()
  reasons!: string[];
}
