import { BadRequestException, Param, ParseUUIDPipe } from '@nestjs/common';

/** A path parameter that must be a UUID; otherwise 400 with a sentence naming it. */
export const UuidParam = (name: string) =>
  Param(
    name,
    new ParseUUIDPipe({
      exceptionFactory: () =>
        new BadRequestException({
          detail: `The ${name} in the path is not a valid id (a UUID).`,
          errors: [{ field: name, message: 'must be a UUID' }],
        }),
    }),
  );
