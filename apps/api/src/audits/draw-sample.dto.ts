import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, Max, Min } from 'class-validator';
import { SingleLineText } from '../http/text-validators';

export class DrawSampleDto {
  @ApiProperty({
    example: '2016-Q2-steekproef',
    description: 'Anyone can recompute the sample from it',
  })
  @SingleLineText(200)
  seed!: string;

  @ApiProperty({ example: 5, minimum: 1, maximum: 1000 })
  @IsInt()
  @Min(1)
  @Max(1000)
  size!: number;

  @ApiProperty({ enum: ['certified', 'activities'] })
  @IsIn(['certified', 'activities'])
  population!: 'certified' | 'activities';
}
