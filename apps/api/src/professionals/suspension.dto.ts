import { ApiProperty } from '@nestjs/swagger';
import { CalendarDate, FreeText } from '../http/text-validators';

export class SuspensionDto {
  @ApiProperty({
    example: '2017-01-01',
    description: 'Last day after the suspension (exclusive), at most 12 months ahead',
  })
  @CalendarDate()
  until!: string;

  @ApiProperty({ example: 'Under investigation after a complaint' })
  @FreeText(2000)
  reason!: string;
}
