import { applyDecorators } from '@nestjs/common';
import { isLocalDate } from '@vakregister/certification';
import {
  IsNotEmpty,
  ValidateIf,
  IsString,
  Matches,
  MaxLength,
  ValidateBy,
  type ValidationOptions,
} from 'class-validator';

// Control characters have no place in a register; free text may keep line breaks and tabs.
const NO_CONTROL_CHARACTERS = /^[^\p{Cc}]*$/u;
const NO_CONTROL_EXCEPT_LINES = /^(?:[^\p{Cc}]|[\t\n\r])*$/u;

const NOT_BLANK = /\S/;

/** Absent is fine, `null` is not: a correction cannot erase a required field. */
export const OptionalNotNull = () => ValidateIf((_object, value) => value !== undefined);

/** A one-line text: a name, a title, an id. */
export function SingleLineText(maxLength: number, options?: ValidationOptions) {
  return applyDecorators(
    IsString(options),
    IsNotEmpty(options),
    Matches(NOT_BLANK, { ...options, message: '$property must not be blank' }),
    MaxLength(maxLength, options),
    Matches(NO_CONTROL_CHARACTERS, {
      ...options,
      message: '$property must not contain control characters',
    }),
  );
}

/** Free text such as a reason: line breaks allowed, other control characters not. */
export function FreeText(maxLength: number, options?: ValidationOptions) {
  return applyDecorators(
    IsString(options),
    IsNotEmpty(options),
    Matches(NOT_BLANK, { ...options, message: '$property must not be blank' }),
    MaxLength(maxLength, options),
    Matches(NO_CONTROL_EXCEPT_LINES, {
      ...options,
      message: '$property must not contain control characters other than line breaks',
    }),
  );
}

/** An existing ISO calendar date (`2016-05-13`; not `2016-02-30`, not `13-05-2016`). */
export function CalendarDate(options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (value) => isLocalDate(value),
        defaultMessage: () => '$property must be a calendar date such as 2016-05-13',
      },
    },
    options,
  );
}
