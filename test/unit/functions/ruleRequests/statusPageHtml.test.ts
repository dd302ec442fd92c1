import { statusPage, statusSentence } from '../../../../functions/ruleRequests/statusPageHtml';
import { RULE_REQUEST_STATUSES, type RuleRequest } from '../../../../shared/core/ruleRequests/ruleRequest';

const evil = '<script>alert("x")</script>';
const request = (overrides: Partial<RuleRequest> = {}): RuleRequest => ({
  id: 'rr-20261124-0a1b2c3d4e',
  status: 'pending-approval',
  spec: {
    fqdns: ['api.payments.example.com'],
    protocols: [{ protocolType: 'Https', port: 443 }],
    source: { kind: 'addresses', addresses: ['10.42.1.0/24'] },
    justification: `Checkout needs it ${evil}`,
    expiresAt: '2026-12-24T10:00:00.000Z',
  },
  requester: { userId: '11111111-aaaa-4bbb-8ccc-000000000001', name: 'Riley' },
  createdAt: '2026-11-24T10:00:00.000Z',
  updatedAt: '2026-11-24T10:00:00.000Z',
  history: [{ at: '2026-11-24T10:00:00.000Z', stage: 'pending-approval', note: 'requested' }],
  ...overrides,
});
const htmlOf = (page: { body?: unknown }) => String(page.body);

describe('statusSentence', () => {
  it.each(RULE_REQUEST_STATUSES.map((status) => [status]))('says where a %s request stands', (status) => {
    const sentence = statusSentence(request({ status, approver: { userId: 'u2', name: 'Avery' }, decidedAt: '2026-11-24T11:00:00.000Z', appliedAt: '2026-11-24T11:01:00.000Z', endedAt: '2026-12-24T10:00:05.000Z' }));
    expect(sentence.length).toBeGreaterThan(10);
    if (status !== 'pending-approval' && status !== 'expired' && status !== 'removed' && status !== 'applied') expect(sentence).toContain('Avery');
    if (status === 'applied') expect(sentence).toContain('until 2026-12-24T10:00:00.000Z');
    if (status === 'expired' || status === 'removed') expect(sentence).toContain('2026-12-24T10:00:05.000Z');
  });

  it('tells a rejection by the approval timeout (no approver) from an approver\'s', () => {
    expect(statusSentence(request({ status: 'rejected', decidedAt: '2026-11-25T10:00:00.000Z' }))).toBe('Rejected: nobody approved it before the approval timeout (2026-11-25T10:00:00.000Z).');
    expect(statusSentence(request({ status: 'rejected', approver: { userId: 'u2', name: 'Avery' }, decidedAt: '2026-11-25T10:00:00.000Z' }))).toBe('Rejected by Avery at 2026-11-25T10:00:00.000Z.');
  });
});

describe('statusPage', () => {
  it('escapes the viewer, the names, the stage and the review link; has no form and no script', () => {
    const page = statusPage({
      request: request({ status: 'approved', approver: { userId: 'u2', name: `Avery ${evil}` } }),
      viewer: `Viewer ${evil}`,
      stage: `applying ${evil}`,
      reviewUrl: 'https://guard.example.com/api/rule-requests/x/review?a="b"',
    });
    const html = htmlOf(page);
    expect(page.status).toBe(200);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<form');
    expect(html).toContain('Signed in as Viewer &#60;script&#62;');
    expect(html).toContain('Approved by Avery &#60;script&#62;');
    expect(html).toContain('Orchestration stage: applying &#60;script&#62;');
    expect(html).toContain('href="https://guard.example.com/api/rule-requests/x/review?a=&#34;b&#34;"');
  });

  it('leaves out a stage that only repeats the status, and the review link when there is none', () => {
    const html = htmlOf(statusPage({ request: request({ status: 'applied' }), viewer: 'Riley', stage: 'applied' }));
    expect(html).not.toContain('id="stage"');
    expect(html).not.toContain('id="review"');
    expect(html).toContain('<h2>Allowed by the firewall</h2>');
  });
});
