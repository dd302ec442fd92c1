import { GuardError } from '../../errors';

/** The request changed since it was read (etag mismatch, HTTP 412): re-read, re-apply the change, retry. */
export class RuleRequestConcurrencyError extends GuardError<'etag-mismatch'> {
  override readonly name = 'RuleRequestConcurrencyError';
  constructor(message: string) {
    super('etag-mismatch', message);
  }
}

/** The same requester reused an idempotency key for a different request body: answer 409, do not create. */
export class IdempotencyConflictError extends GuardError<'idempotency-key-reused'> {
  override readonly name = 'IdempotencyConflictError';
  constructor(readonly existingRequestId: string) {
    super('idempotency-key-reused', `This idempotency key was already used for a different request (${existingRequestId})`);
  }
}

export class RuleRequestNotFoundError extends GuardError<'rule-request-not-found'> {
  override readonly name = 'RuleRequestNotFoundError';
  constructor(message: string) {
    super('rule-request-not-found', message);
  }
}
