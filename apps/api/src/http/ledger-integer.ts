import { ValidateBy, type ValidationOptions } from 'class-validator';

/** The largest integer the stores keep: every position, revision and cursor fits in it. */
const MAX_INT64 = 9223372036854775807n;

/**
 * A ledger position, stream revision or cursor as a client writes it: a non-negative 64-bit
 * integer in decimal. Undefined for anything else, including 19 digits beyond 64 bits, which
 * the stores cannot even be asked about.
 */
export function parseLedgerInteger(text: unknown): bigint | undefined {
  if (typeof text !== 'string' || !/^\d{1,19}$/.test(text)) return undefined;
  const value = BigInt(text);
  return value <= MAX_INT64 ? value : undefined;
}

/** class-validator: a string that `parseLedgerInteger` accepts. */
export function LedgerInteger(message: string, options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isLedgerInteger',
      validator: {
        validate: (value) => parseLedgerInteger(value) !== undefined,
        defaultMessage: () => message,
      },
    },
    options,
  );
}
