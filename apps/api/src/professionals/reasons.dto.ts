import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { FreeText } from '../http/text-validators';

export class RequiredReasonDto {
  @ApiProperty({ example: 'Complaint upheld by the disciplinary board' })
  @FreeText(2000)
  reason!: string;
}

export class OptionalReasonDto {
  @ApiPropertyOptional({ example: 'Logged twice by mistake' })
  @IsOptional()
  @FreeText(2000)
  reason?: string;
}
