import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SECTORS, type Sector } from '@vakregister/certification';
import { IsEmail, IsIn, IsOptional, MaxLength } from 'class-validator';
import { FreeText, SingleLineText } from '../http/text-validators';

export class CorrectProfessionalDto {
  @ApiPropertyOptional({ example: 'Fatima El Amrani' })
  @IsOptional()
  @SingleLineText(200)
  name?: string;

  @ApiPropertyOptional({ example: 'fatima.elamrani@maastricht.nl' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ example: 'Maastricht' })
  @IsOptional()
  @SingleLineText(100)
  municipality?: string;

  @ApiPropertyOptional({ enum: SECTORS })
  @IsOptional()
  @IsIn(SECTORS)
  sector?: Sector;

  @ApiProperty({ example: 'Typo in the surname at registration' })
  @FreeText(2000)
  reason!: string;
}
