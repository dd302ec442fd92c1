import type { IAdaptiveCard } from '@microsoft/teams.cards';

/** Teams refuses messages over about 28 KB; we measure the whole Workflows payload, not just the card. */
export const TEAMS_MAX_PAYLOAD_BYTES = 28 * 1024;

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

export interface WorkflowsPayload {
  readonly type: 'message';
  readonly attachments: readonly [
    { readonly contentType: typeof ADAPTIVE_CARD_CONTENT_TYPE; readonly contentUrl: null; readonly content: IAdaptiveCard },
  ];
}

/** The envelope a Teams Workflows "When a Teams webhook request is received" trigger expects; a bare card fails. */
export function toWorkflowsPayload(card: IAdaptiveCard): WorkflowsPayload {
  return { type: 'message', attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, contentUrl: null, content: card }] };
}

/** UTF-8 size of the serialized Workflows payload carrying `card`. */
export function payloadSizeInBytes(card: IAdaptiveCard): number {
  return Buffer.byteLength(JSON.stringify(toWorkflowsPayload(card)), 'utf8');
}
