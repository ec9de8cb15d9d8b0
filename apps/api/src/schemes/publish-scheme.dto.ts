import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsObject,
  IsInt,
  IsOptional,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { CalendarDate, SingleLineText } from '../http/text-validators';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const SLUG_MESSAGE = '$property must be lowercase letters, digits and hyphens';

export class SchemeCategoryDto {
  @ApiProperty({ example: 'scholing' })
  @SingleLineText(100)
  @Matches(SLUG, { message: SLUG_MESSAGE })
  id!: string;

  @ApiPropertyOptional({ example: 60 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000)
  min?: number;

  @ApiPropertyOptional({ example: 60 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000)
  max?: number;
}

export class SchemeCompetencyDto {
  @ApiProperty({ example: 'gespreksvoering' })
  @SingleLineText(100)
  @Matches(SLUG, { message: SLUG_MESSAGE })
  id!: string;

  @ApiProperty({ example: 'Gespreksvoering' })
  @SingleLineText(200)
  name!: string;
}

export class SchemeAdmissionDto {
  @ApiProperty({ example: 2 })
  @IsInt()
  @Min(0)
  @Max(60)
  minExperienceYears!: number;

  @ApiProperty({ type: [String], example: ['hbo', 'wo'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @SingleLineText(20, { each: true })
  diplomaLevels!: string[];
}

export class PublishSchemeDto {
  @ApiProperty({ example: 'bvk-2020' })
  @SingleLineText(100)
  @Matches(SLUG, { message: SLUG_MESSAGE })
  schemeId!: string;

  @ApiProperty({ example: '2020-01-01' })
  @CalendarDate()
  effectiveFrom!: string;

  @ApiProperty({ example: 4 })
  @IsInt()
  @Min(1)
  @Max(10)
  cycleYears!: number;

  @ApiProperty({ example: 160 })
  @IsInt()
  @Min(1)
  @Max(10_000)
  pointsRequired!: number;

  @ApiProperty({ type: [SchemeCategoryDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => SchemeCategoryDto)
  categories!: SchemeCategoryDto[];

  @ApiProperty({ type: [SchemeCompetencyDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => SchemeCompetencyDto)
  competencies!: SchemeCompetencyDto[];

  @ApiProperty({ example: 2 })
  @IsInt()
  @Min(1)
  @Max(50)
  planMin!: number;

  @ApiProperty({ example: 4 })
  @IsInt()
  @Min(1)
  @Max(50)
  planMax!: number;

  @ApiProperty({ example: 10 })
  @IsInt()
  @Min(0)
  @Max(10_000)
  minPointsPerPlannedCompetency!: number;

  @ApiProperty({ example: 40 })
  @IsInt()
  @Min(1)
  @Max(1_000)
  maxHoursPerActivity!: number;

  @ApiProperty({ example: 6 })
  @IsInt()
  @Min(1)
  @Max(24)
  renewalWindowMonths!: number;

  @ApiProperty({ example: 12 })
  @IsInt()
  @Min(1)
  @Max(60)
  maxSuspensionMonths!: number;

  @ApiProperty({ type: SchemeAdmissionDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => SchemeAdmissionDto)
  admission!: SchemeAdmissionDto;
}
