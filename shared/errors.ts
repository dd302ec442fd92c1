/**
 * The app's own errors. Azure SDK `RestError`s pass through untouched; callers catch by `name`/`code`, not
 * `instanceof` (bundling can duplicate classes). A subclass exists only where a caller acts differently.
 */
export const guardErrorCodes = [
  /** A setting or tag is wrong: an operator must fix it; retrying does not help. */
  'configuration-invalid',
  /** A resource id does not have the expected shape. */
  'resource-id-invalid',
  /** Someone else kept changing the resource between our read and our write (412s past the retry bound). */
  'concurrent-modification',
  /** CHANGE_BUDGET_PER_HOUR is used up: switch to audit and tell people. */
  'change-budget-exhausted',
  /** A long-running ARM operation ended Failed/Canceled (the SDK throws a plain Error without a status). */
  'arm-operation-failed',
] as const;

export type GuardErrorCode = (typeof guardErrorCodes)[number];

export class GuardError extends Error {
  override readonly name: string = 'GuardError';
  constructor(
    readonly code: GuardErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** An operator has to change a setting or tag; do not retry. */
export class ConfigurationError extends GuardError {
  override readonly name = 'ConfigurationError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('configuration-invalid', message, options);
  }
}

/** Retry later: the resource is being changed by someone else. */
export class ConcurrentModificationError extends GuardError {
  override readonly name = 'ConcurrentModificationError';
  constructor(
    readonly resourceId: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super('concurrent-modification', message, options);
  }
}

/** Stop writing for now; report on Teams. */
export class ChangeBudgetExhaustedError extends GuardError {
  override readonly name = 'ChangeBudgetExhaustedError';
  constructor(
    readonly budgetPerHour: number,
    message: string,
  ) {
    super('change-budget-exhausted', message);
  }
}

export function isGuardError(error: unknown): error is GuardError {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string' && guardErrorCodes.includes((error as GuardError).code);
}
