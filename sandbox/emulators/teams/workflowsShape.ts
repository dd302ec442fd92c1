import { ADAPTIVE_CARD_CONTENT_TYPE } from '../../../shared/core/cards/workflowsPayload';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Why `body` is not a Workflows webhook message, or undefined when it is. Stricter than Teams on one point: the real
 * trigger answers 202 to a non-card attachment and the flow fails later, invisibly; the sandbox says 400 at once.
 */
export function describeWorkflowsShapeProblem(body: unknown): string | undefined {
  if (!isObject(body)) return 'Body must be a JSON object like {"type":"message","attachments":[...]}.';
  if (body.type === 'AdaptiveCard') return 'A bare Adaptive Card is not accepted: wrap it as {"type":"message","attachments":[{"contentType":"application/vnd.microsoft.card.adaptive","contentUrl":null,"content":<card>}]}.';
  if (body.type !== 'message') return `"type" must be "message", got ${JSON.stringify(body.type)}.`;
  if (!Array.isArray(body.attachments) || body.attachments.length === 0) return '"attachments" must be a non-empty array.';
  for (const [index, attachment] of body.attachments.entries()) {
    if (!isObject(attachment)) return `attachments[${index}] must be an object.`;
    if (attachment.contentType !== ADAPTIVE_CARD_CONTENT_TYPE) {
      return `attachments[${index}].contentType must be "${ADAPTIVE_CARD_CONTENT_TYPE}", got ${JSON.stringify(attachment.contentType)}.`;
    }
    if (!isObject(attachment.content)) return `attachments[${index}].content must be the Adaptive Card object.`;
    if (attachment.content.type !== 'AdaptiveCard') return `attachments[${index}].content.type must be "AdaptiveCard", got ${JSON.stringify(attachment.content.type)}.`;
  }
  return undefined;
}
