import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray } from 'class-validator';
import { SingleLineText } from '../http/text-validators';

export class DevelopmentPlanDto {
  @ApiProperty({ type: [String], example: ['gespreksvoering', 'wet-en-regelgeving'] })
  @IsArray()
  @ArrayMaxSize(20)
  @SingleLineText(100, { each: true })
  competencies!: string[];
}
