import { GuardError } from '../../errors';

/** Stable codes for failures reading firewall logs; callers branch on `code`, never on the message. */
export type FirewallLogsErrorCode =
  /** The service answered, but the table it returned does not have the columns the query promises. */
  | 'LogsSchemaMismatch'
  /** The service returned partial results with an error (timeout, row limit); the report must not trust them. */
  | 'LogsPartialFailure'
  /** The query returned no table at all. */
  | 'LogsNoTable';

/**
 * A firewall log query failed in a way the caller may act on. RestError from the SDK (auth, 400 semantic errors,
 * throttling) passes through unwrapped.
 */
export class FirewallLogsError extends GuardError<FirewallLogsErrorCode> {
  override readonly name = 'FirewallLogsError';
  constructor(
    code: FirewallLogsErrorCode,
    readonly queryId: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, `Log query ${queryId}: ${message}`, options);
  }
}
