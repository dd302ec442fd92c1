import type { IAdaptiveCard } from '@microsoft/teams.cards';
import { notifyApprovers, notifyRequester, ruleRequestUrls } from '../../../../orchestrations/ruleRequests/notifications';
import { buildRuleRequestCard, buildRuleResultCard, type RuleRequestResult } from '../../../../shared/core/cards';
import type { AppServices } from '../../../../shared/runtime/appServices';
import { after, approver, pendingRequest, personOf, testSettings } from '../../../support/handlerFakes';
import { assertValidAdaptiveCard } from '../../../support/adaptiveCards';
import { cardText } from './cardText';
import { sampleRuleRequest, sampleRuleResult } from './sampleModels';

describe('buildRuleRequestCard', () => {
  const card = buildRuleRequestCard(sampleRuleRequest);

  it('shows the request and offers approve, reject and status links', () => {
    assertValidAdaptiveCard(card);
    const text = cardText(card);
    expect(text).toContain('registry.npmjs.org, pypi.org');
    expect(text).toContain('dev@contoso.com');
    expect(text).toContain('2027-02-19 00:00 UTC');
    expect(card.actions).toEqual([
      expect.objectContaining({ title: 'Approve', url: sampleRuleRequest.approveUrl, style: 'positive' }),
      expect.objectContaining({ title: 'Reject', url: sampleRuleRequest.rejectUrl, style: 'destructive' }),
      expect.objectContaining({ title: 'Status', url: sampleRuleRequest.statusPageUrl }),
    ]);
  });

  it('does not let the justification become a link', () => {
    const text = cardText(card);
    expect(text).toContain('\\[this\\](https://evil.example)');
    expect(text).not.toContain('[this](https://evil.example)');
  });

  it('drops an action whose URL is not http(s)', () => {
    const odd = buildRuleRequestCard({ ...sampleRuleRequest, approveUrl: 'javascript:alert(1)' });
    expect(odd.actions?.map((action) => (action as { title?: string }).title)).toEqual(['Reject', 'Status']);
  });
});

describe('buildRuleResultCard', () => {
  it.each<{ label: string; result: RuleRequestResult; expected: string }>([
    { label: 'approved', result: 'approved', expected: 'was approved' },
    { label: 'rejected', result: 'rejected', expected: 'was rejected' },
    { label: 'expired', result: 'expired', expected: 'expired before anyone approved it' },
    { label: 'applied', result: 'applied', expected: 'now allowed by the firewall' },
    { label: 'removed', result: 'removed', expected: 'the rule was removed' },
  ])('tells the requester the request $label', ({ result, expected }) => {
    const card = buildRuleResultCard({ ...sampleRuleResult, result });
    assertValidAdaptiveCard(card);
    expect(cardText(card)).toContain(expected);
    expect(cardText(card)).toContain(`Rule request ${result}`);
  });
});

describe('the Status button of the cards the app posts', () => {
  const id = 'rr-20261201-0123456789';
  const settings = testSettings();
  const pagePath = `https://guard.example.com/api/rule-requests/${id}/status-page`;

  /** notifyApprovers / notifyRequester with a Teams poster that keeps the card: the card exactly as it is sent. */
  function services() {
    const posted: IAdaptiveCard[] = [];
    const teams = { post: async (card: IAdaptiveCard) => (posted.push(card), { delivered: true, attempts: 1 }) };
    return { services: { settings, teams } as unknown as AppServices, posted };
  }
  const statusActionOf = (card: IAdaptiveCard | undefined) => (card?.actions ?? []).find((action) => (action as { title?: string }).title === 'Status') as { url?: string } | undefined;

  it('opens the status page, not the function-key JSON API, on the approval card', async () => {
    const { services: app, posted } = services();
    await notifyApprovers(app, pendingRequest(id));
    expect(posted).toHaveLength(1);
    assertValidAdaptiveCard(posted[0]);
    expect(statusActionOf(posted[0])?.url).toBe(pagePath);
    expect(statusActionOf(posted[0])?.url).not.toBe(ruleRequestUrls({ settings }, id).statusUrl);
    expect(JSON.stringify(posted[0])).not.toContain('code=');
  });

  it.each<RuleRequestResult>(['approved', 'rejected', 'expired', 'applied', 'removed'])('opens the status page on the %s result card', async (notice) => {
    const { services: app, posted } = services();
    const request = notice === 'rejected' ? after(pendingRequest(id), { type: 'reject', by: personOf(approver), note: 'use the mirror' }) : pendingRequest(id);
    await notifyRequester(app, request, notice);
    assertValidAdaptiveCard(posted[0]);
    expect(statusActionOf(posted[0])?.url).toBe(pagePath);
    expect(JSON.stringify(posted[0])).not.toContain('code=');
  });

  it('keeps the JSON API URL for API clients (the create answer\'s Location)', () => {
    const urls = ruleRequestUrls({ settings }, id);
    expect(urls.statusUrl).toBe(`https://guard.example.com/api/rule-requests/${id}`);
    expect(urls.statusPageUrl).toBe(pagePath);
    expect(urls.reviewUrl).toBe(`https://guard.example.com/api/rule-requests/${id}/review`);
  });
});
