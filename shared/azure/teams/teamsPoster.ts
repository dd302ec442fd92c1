import type { IAdaptiveCard } from '@microsoft/teams.cards';
import { TEAMS_MAX_PAYLOAD_BYTES, toWorkflowsPayload } from '../../core/cards/workflowsPayload';
import { redactWebhookUrl } from './redact';
import { isRetryableStatus, parseRetryAfterInMs, retryDelayInMs } from './retryPolicy';

/** Matches console and the Functions InvocationContext. */
export interface PosterLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface TeamsPosterOptions {
  /** The Workflows trigger URL (TEAMS_WEBHOOK_URL). Unset = log only. It carries a signature: never logged. */
  readonly webhookUrl?: string;
  readonly logger: PosterLogger;
  readonly fetchImpl?: typeof fetch;
  /** Total tries including the first; default 4. */
  readonly maxAttempts?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
  readonly timeoutInMs?: number;
  readonly maxPayloadBytes?: number;
}

export interface PostOptions {
  /** One line for the logs saying what was posted (e.g. "drift aks-nodes"). */
  readonly summary: string;
}

export type PostFailureReason = 'not-configured' | 'too-large' | 'rejected' | 'retries-exhausted';

export interface PostResult {
  readonly delivered: boolean;
  readonly reason?: PostFailureReason;
  readonly status?: number;
  readonly attempts: number;
  /** Safe to log: never contains the webhook URL. */
  readonly error?: string;
  /** Teams' last Retry-After, when it sent one. */
  readonly retryAfterInMs?: number;
  /**
   * Not delivered now but queued in the Teams outbox (see withTeamsOutbox), which retries it until Teams takes it or
   * it is a day old: the caller need not post it again.
   */
  readonly queued?: { readonly id: string; readonly nextAttemptAt: string };
}

export interface TeamsPoster {
  post(card: IAdaptiveCard, options: PostOptions): Promise<PostResult>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Posts Adaptive Cards to a Teams Workflows webhook. Never throws: the result says whether Teams accepted the
 * message (Workflows answers 202 and may still fail later inside the flow; that is invisible to us).
 */
export function createTeamsPoster(options: TeamsPosterOptions): TeamsPoster {
  const { webhookUrl, logger } = options;
  const fetchImpl = options.fetchImpl ?? globalThis.fetch;
  const maxAttempts = Math.max(1, options.maxAttempts ?? 4);
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  const maxBytes = options.maxPayloadBytes ?? TEAMS_MAX_PAYLOAD_BYTES;
  const safe = (text: string) => (webhookUrl ? redactWebhookUrl(text, webhookUrl) : text);

  async function post(card: IAdaptiveCard, { summary }: PostOptions): Promise<PostResult> {
    const body = JSON.stringify(toWorkflowsPayload(card));
    const size = Buffer.byteLength(body, 'utf8');
    if (!webhookUrl) {
      logger.info(`Teams not configured (TEAMS_WEBHOOK_URL unset); not posted: ${summary} (${size} bytes)`);
      return { delivered: false, reason: 'not-configured', attempts: 0 };
    }
    if (size > maxBytes) {
      const error = `Teams payload for "${summary}" is ${size} bytes; Teams accepts at most ${maxBytes} bytes (28 KB). Not sent: build cards with shared/core/cards, which cut lists to fit.`;
      logger.error(error);
      return { delivered: false, reason: 'too-large', attempts: 0, error };
    }
    let last: { status?: number; error: string; retryAfterInMs?: number } = { error: 'not attempted' };
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      let retryAfterInMs: number | undefined;
      try {
        const response = await fetchImpl(webhookUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          signal: AbortSignal.timeout(options.timeoutInMs ?? 15_000),
        });
        if (response.ok) {
          logger.info(`Posted to Teams: ${summary} (HTTP ${response.status}, attempt ${attempt})`);
          return { delivered: true, status: response.status, attempts: attempt };
        }
        const detail = safe((await response.text().catch(() => '')).slice(0, 300));
        last = { status: response.status, error: `Teams answered HTTP ${response.status}${detail ? `: ${detail}` : ''}` };
        if (!isRetryableStatus(response.status)) {
          logger.error(`Teams rejected "${summary}": ${last.error}`);
          return { delivered: false, reason: 'rejected', status: response.status, attempts: attempt, error: last.error };
        }
        retryAfterInMs = parseRetryAfterInMs(response.headers.get('retry-after'), now());
        if (retryAfterInMs !== undefined) last = { ...last, retryAfterInMs };
      } catch (error) {
        last = { error: safe(describeError(error)) };
      }
      if (attempt < maxAttempts) {
        const delay = retryDelayInMs(attempt, retryAfterInMs);
        logger.warn(`Posting "${summary}" to Teams failed (${last.error}); retry ${attempt + 1}/${maxAttempts} in ${delay} ms`);
        await sleep(delay);
      }
    }
    logger.error(`Gave up posting "${summary}" to Teams after ${maxAttempts} attempts: ${last.error}`);
    return {
      delivered: false,
      reason: 'retries-exhausted',
      status: last.status,
      attempts: maxAttempts,
      error: last.error,
      ...(last.retryAfterInMs !== undefined ? { retryAfterInMs: last.retryAfterInMs } : {}),
    };
  }

  return { post };
}

/** fetch failures hide the useful part in `cause` (ECONNREFUSED, ENOTFOUND, timeouts). */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${(error.cause as NodeJS.ErrnoException).code ?? error.cause.message})` : '';
  return `${error.name}: ${error.message}${cause}`;
}
