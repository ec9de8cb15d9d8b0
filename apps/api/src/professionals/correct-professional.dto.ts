import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SECTORS, type Sector } from '@vakregister/certification';
import { IsEmail, IsIn, MaxLength } from 'class-validator';
import { FreeText, OptionalNotNull, SingleLineText } from '../http/text-validators';

export class CorrectProfessionalDto {
  @ApiPropertyOptional({ example: 'Fatima El Amrani' })
  @OptionalNotNull()
  @SingleLineText(200)
  name?: string;

  @ApiPropertyOptional({ example: 'fatima.elamrani@maastricht.nl' })
  @OptionalNotNull()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ example: 'Maastricht' })
  @OptionalNotNull()
  @SingleLineText(100)
  municipality?: string;

  @ApiPropertyOptional({ enum: SECTORS })
  @OptionalNotNull()
  @IsIn(SECTORS)
  sector?: Sector;

  @ApiProperty({ example: 'Typo in the surname at registration' })
  @FreeText(2000)
  reason!: string;
}
