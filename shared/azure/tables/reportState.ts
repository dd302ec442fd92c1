/** What the last report run did with Teams; failures are kept so an operator (and the next run) can see them. */
export interface ReportDeliveryOutcome {
  readonly delivered: boolean;
  /** PostResult.reason: not-configured | too-large | rejected | retries-exhausted. */
  readonly reason?: string;
  readonly status?: number;
  readonly attempts: number;
  /** Safe to show: the poster never puts the webhook URL in it. */
  readonly error?: string;
  /** Not taken by Teams now but queued in the Teams outbox under this id, which delivers it later. */
  readonly queuedAs?: string;
}

/** The egress report's memory between runs (one entity in tableNames.reportState). */
export interface ReportState {
  /**
   * End of the last window whose report reached Teams (or was logged because Teams is not configured). The next
   * scheduled window starts here; a failed delivery leaves it alone, so the next run covers the failed window again.
   */
  readonly lastWindowEnd?: string;
  /** FQDNs the last successful report listed as denied: "new" is measured against these. */
  readonly deniedFqdns: readonly string[];
  readonly lastRun?: {
    readonly at: string;
    readonly window: { readonly from: string; readonly to: string };
    /** scheduled = timer or HTTP without a window (advances the state); explicit = HTTP with from/to (does not). */
    readonly kind: 'scheduled' | 'explicit';
    readonly delivery: ReportDeliveryOutcome;
  };
  /** Scheduled runs in a row whose delivery failed; 0 after a success. */
  readonly consecutiveFailures: number;
}

export const emptyReportState: ReportState = { deniedFqdns: [], consecutiveFailures: 0 };
