import { GuardError } from '../../errors';

/**
 * Why a caller may not do something with a rule request. The HTTP layer maps `status` straight to the response;
 * `code` is stable for tests and logs.
 */
export type AccessErrorCode = 'principal-missing' | 'principal-malformed' | 'principal-untrusted' | 'not-an-approver' | 'own-request';

export class RuleRequestAccessError extends GuardError<AccessErrorCode> {
  override readonly name = 'RuleRequestAccessError';
  readonly status: 401 | 403;
  constructor(code: AccessErrorCode, message: string) {
    super(code, message);
    this.status = code === 'principal-missing' || code === 'principal-malformed' || code === 'principal-untrusted' ? 401 : 403;
  }
}
