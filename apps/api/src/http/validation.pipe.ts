import {
  BadRequestException,
  ValidationPipe,
  type ArgumentMetadata,
  type ValidationError,
} from '@nestjs/common';

function flatten(
  errors: readonly ValidationError[],
  prefix = '',
): { field: string; message: string }[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** No command has more than a few levels; deeper bodies would only exhaust the stack. */
const MAX_NESTING = 16;

/** The depth of a parsed JSON value, measured without recursion. */
function nestingDepth(value: unknown): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > MAX_NESTING) return deepest;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/**
 * DTO validation for every route: the body must be a JSON object, unknown fields are refused
 * (not silently dropped), values are transformed to their declared types, and each failure
 * names its field.
 */
export class RequestValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      // Commands without fields have DTOs without metadata; unknown fields are still refused.
      forbidUnknownValues: false,
      transform: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => {
        const fieldErrors = flatten(errors);
        return new BadRequestException({
          detail: `The request is not valid: ${fieldErrors.map((error) => error.message).join('; ')}.`,
          errors: fieldErrors,
        });
      },
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && nestingDepth(value) > MAX_NESTING) {
      throw new BadRequestException({
        detail: `The request body is nested more than ${MAX_NESTING} levels deep.`,
        errors: [{ field: '', message: 'nested too deeply' }],
      });
    }
    if (
      metadata.type === 'body' &&
      (typeof value !== 'object' || value === null || Array.isArray(value))
    ) {
      throw new BadRequestException({
        detail: 'The request body must be a JSON object.',
        errors: [{ field: '', message: 'the body must be a JSON object' }],
      });
    }
    return super.transform(value, metadata);
  }
}
