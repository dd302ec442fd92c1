/**
 * The base of every error the app itself throws: a stable kebab-case `code` that callers, logs and HTTP answers
 * branch on, and a message for people. Azure SDK errors (RestError) pass through untouched and are read by
 * shared/azure/arm/armError.ts, as is an ARM operation that ended Failed/Canceled (ArmOperationFailedError, which
 * withRawJson reads from the operation's terminal answer). Callers catch by `name`/`code`, not `instanceof` (bundling can duplicate classes).
 * A subclass exists only where a caller acts differently.
 */
export class GuardError<Code extends string = string> extends Error {
  override readonly name: string = 'GuardError';
  constructor(
    readonly code: Code,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** An operator has to change a setting or tag; do not retry. */
export class ConfigurationError extends GuardError<'configuration-invalid'> {
  override readonly name = 'ConfigurationError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('configuration-invalid', message, options);
  }
}
