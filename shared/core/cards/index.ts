export { buildDriftCard, DNS_REBOOT_NOTE, type DriftCardModel } from './driftCard';
export { buildReportCard, NO_DENIALS_TEXT, NO_NEW_DENIALS_TEXT } from './reportCard';
export type { DeniedFqdnRow, ReportCardModel, SnatRow } from './reportCardModel';
export { buildRuleRequestCard, type RuleRequestCardModel } from './ruleRequestCard';
export { buildRuleResultCard, type RuleRequestResult, type RuleResultCardModel } from './ruleResultCard';
export { payloadSizeInBytes, TEAMS_MAX_PAYLOAD_BYTES, toWorkflowsPayload, type WorkflowsPayload } from './workflowsPayload';
