import { guarded } from '../../../../functions/ruleRequests/httpAnswers';
import { handleNewRuleRequestForm, newRuleRequestSubmitHandler } from '../../../../functions/ruleRequests/newRuleRequestForm';
import { errorOf, fakeRuleRequestDeps, httpRequest, pathsOf, requester, testContext, testSettings } from '../../../support/handlerFakes';

const url = 'https://guard.example.com/api/rule-requests/new';
const body = { fqdns: ['api.partner.example'], protocols: ['Https:443'], source: { addresses: ['10.42.1.0/24'] }, justification: 'Payment provider API for checkout' };

describe('GET /api/rule-requests/new (the prefilled form)', () => {
  it('renders the form with the query prefilled, escaped and capped, under a restrictive CSP', async () => {
    const fqdn = `"><script>alert(1)</script>${'a'.repeat(400)}`;
    const answer = await handleNewRuleRequestForm(httpRequest({ url, query: { fqdn, cluster: '/subscriptions/x' } }));
    expect(answer.status).toBe(200);
    const headers = answer.headers as Record<string, string>;
    expect(headers['content-type']).toBe('text/html; charset=utf-8');
    expect(headers['content-security-policy']).toMatch(/default-src 'none'/);
    const html = String(answer.body);
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('&#34;&#62;&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).not.toContain('a'.repeat(300));
    expect(html).toContain('value="/subscriptions/x"');
  });
});

describe('POST /api/rule-requests/new (the form submit)', () => {
  function setup(settingsEnv: Record<string, string> = {}) {
    const fakes = fakeRuleRequestDeps({ settings: testSettings(settingsEnv) });
    const { context } = testContext();
    const submit = (headers: Record<string, string>, init: { json?: unknown; text?: string; signedIn?: boolean } = { json: body }) =>
      guarded(newRuleRequestSubmitHandler(fakes.deps))(
        httpRequest({ method: 'POST', url, ...(init.signedIn === false ? {} : { as: requester }), ...(init.json !== undefined ? { json: init.json } : {}), ...(init.text !== undefined ? { text: init.text } : {}), headers }),
        context,
      );
    return { ...fakes, submit };
  }

  it('a same-origin JSON submit is exactly a create: 202 and the request stored', async () => {
    const { submit, store, durable } = setup();
    const answer = await submit({ origin: 'https://guard.example.com' });
    expect(answer.status).toBe(202);
    expect(store.rows.size).toBe(1);
    expect(durable.started).toHaveLength(1);
  });

  it('403 naming origin for a cross-site submit, nothing stored', async () => {
    const { submit, store } = setup();
    const answer = await submit({ origin: 'https://evil.example.net' });
    expect(answer.status).toBe(403);
    expect(errorOf(answer).code).toBe('cross-site-form');
    expect(pathsOf(answer)).toEqual(['origin']);
    expect(store.rows.size).toBe(0);
  });

  it('403 when the browser names no origin at all (no token fallback on this form)', async () => {
    const answer = await setup().submit({});
    expect(answer.status).toBe(403);
    expect(pathsOf(answer)).toEqual(['origin']);
  });

  it('415 naming content-type when the submit is not JSON', async () => {
    const { submit, store } = setup();
    const answer = await submit({ origin: 'https://guard.example.com', 'content-type': 'application/x-www-form-urlencoded' }, { text: 'fqdns=a.example' });
    expect(answer.status).toBe(415);
    expect(pathsOf(answer)).toEqual(['content-type']);
    expect(store.rows.size).toBe(0);
  });

  it('401 before anything else when not signed in, and for everyone while the header is not vouched for', async () => {
    expect(errorOf(await setup().submit({ origin: 'https://evil.example.net' }, { json: body, signedIn: false })).code).toBe('principal-missing');
    const answer = await setup({ WEBSITE_AUTH_ENABLED: 'false' }).submit({ origin: 'https://guard.example.com' });
    expect(answer.status).toBe(401);
    expect(errorOf(answer).code).toBe('principal-untrusted');
  });

  it('validation answers are the create API\'s: 400 naming the field', async () => {
    const answer = await setup().submit({ origin: 'https://guard.example.com' }, { json: { ...body, justification: 'x' } });
    expect(answer.status).toBe(400);
    expect(pathsOf(answer)).toEqual(['justification']);
  });
});
