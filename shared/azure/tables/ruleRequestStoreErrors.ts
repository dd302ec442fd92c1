/** The request changed since it was read (etag mismatch, HTTP 412): re-read, re-apply the change, retry. */
export class RuleRequestConcurrencyError extends Error {
  override readonly name = 'RuleRequestConcurrencyError';
  readonly code = 'etag-mismatch';
}

/** The same requester reused an idempotency key for a different request body: answer 409, do not create. */
export class IdempotencyConflictError extends Error {
  override readonly name = 'IdempotencyConflictError';
  readonly code = 'idempotency-key-reused';
  constructor(readonly existingRequestId: string) {
    super(`This idempotency key was already used for a different request (${existingRequestId})`);
  }
}

export class RuleRequestNotFoundError extends Error {
  override readonly name = 'RuleRequestNotFoundError';
  readonly code = 'rule-request-not-found';
}
