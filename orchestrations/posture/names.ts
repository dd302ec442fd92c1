/** Durable names of the posture pass, shared by triggers, orchestrations and tests. */
export const postureNames = {
  orchestrator: 'posturePassOrchestrator',
  passActivity: 'posturePassActivity',
  notifyActivity: 'notifyPostureActivity',
  rerunEvent: 'rerun',
  /** One pass at a time for the whole estate: events and the sweep all go to this singleton. */
  instanceId: 'egress-posture',
} as const;
