import { buildRuleRequestCard, buildRuleResultCard, type RuleRequestResult } from '../../../../shared/core/cards';
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
      expect.objectContaining({ title: 'Status', url: sampleRuleRequest.statusUrl }),
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
