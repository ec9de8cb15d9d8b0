import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsNumber,
  IsOptional,
  IsUrl,
  Matches,
  ValidateNested,
} from 'class-validator';
import { CalendarDate, SingleLineText } from '../http/text-validators';

export class EvidenceDto {
  @ApiProperty({ example: 'https://docs.example.nl/certificaat-123.pdf' })
  @IsUrl({ require_protocol: true, protocols: ['https', 'http'] })
  uri!: string;

  @ApiProperty({ example: 'a3f5…', description: 'SHA-256 of the document, 64 hex digits' })
  @Matches(/^[0-9a-f]{64}$/, { message: 'sha256 must be 64 lowercase hex digits' })
  sha256!: string;
}

export class LogActivityDto {
  @ApiProperty({ example: 'Training motiverende gespreksvoering' })
  @SingleLineText(300)
  title!: string;

  @ApiProperty({ example: 'scholing', description: 'A category of the scheme in force' })
  @SingleLineText(100)
  category!: string;

  @ApiProperty({ example: 7.5, description: 'Net hours in quarter-hours, > 0 and ≤ 40' })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  hours!: number;

  @ApiProperty({ type: [String], example: ['gespreksvoering'] })
  @IsArray()
  @ArrayMaxSize(20)
  @SingleLineText(100, { each: true })
  competencies!: string[];

  @ApiProperty({ example: '2016-04-21' })
  @CalendarDate()
  completedOn!: string;

  @ApiPropertyOptional({ example: 'Divosa Academie' })
  @IsOptional()
  @SingleLineText(200)
  provider?: string;

  @ApiPropertyOptional({ example: 'ACC-2016-0042' })
  @IsOptional()
  @SingleLineText(100)
  accreditationId?: string;

  @ApiPropertyOptional({ type: EvidenceDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => EvidenceDto)
  evidence?: EvidenceDto;
}
