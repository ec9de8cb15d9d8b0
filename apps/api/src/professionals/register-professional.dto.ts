import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SECTORS, type Sector } from '@vakregister/certification';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { SingleLineText } from '../http/text-validators';

export class DiplomaDto {
  @ApiProperty({ example: 'hbo', description: 'Education level, e.g. hbo or wo' })
  @SingleLineText(20)
  level!: string;

  @ApiProperty({ example: 'Sociaal Juridische Dienstverlening' })
  @SingleLineText(200)
  field!: string;
}

export class RegisterProfessionalDto {
  @ApiProperty({ example: 'Fatima el Amrani' })
  @SingleLineText(200)
  name!: string;

  @ApiProperty({ example: 'f.elamrani@maastricht.nl' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'Maastricht' })
  @SingleLineText(100)
  municipality!: string;

  @ApiProperty({ enum: SECTORS, example: 'werk' })
  @IsIn(SECTORS)
  sector!: Sector;

  @ApiPropertyOptional({ type: DiplomaDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => DiplomaDto)
  diploma?: DiplomaDto;

  @ApiPropertyOptional({
    example: false,
    description: 'Holds an EVC statement instead of a diploma',
  })
  @IsOptional()
  @IsBoolean()
  evc?: boolean;

  @ApiProperty({ example: 6, minimum: 0, maximum: 60 })
  @IsInt()
  @Min(0)
  @Max(60)
  experienceYears!: number;

  @ApiProperty({ example: true, description: 'Signed the professional code (beroepscode)' })
  @IsBoolean()
  codeSigned!: boolean;
}
