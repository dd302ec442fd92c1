import { validateRuleRequest, type RuleRequestContext } from '../../../../shared/core/ruleRequests/validateRuleRequest';

const context: RuleRequestContext = {
  maxRuleLifetimeDays: 30,
  allowedAddressSpaces: ['10.42.0.0/16', '10.43.0.0/16'],
  now: new Date('2026-11-24T10:00:00Z'),
};
const clusterId = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks-prod';
const valid = {
  fqdns: ['API.example.com', 'api.example.com', '*.cdn.example.net'],
  protocols: ['https:443', 'Https:443', 'Http:8080'],
  source: { addresses: ['10.42.1.0/24', '10.43.0.7'] },
  justification: '  Payment provider API for checkout  ',
};

const problemsOf = (body: unknown) => {
  const result = validateRuleRequest(body, context);
  return result.ok ? [] : result.problems;
};

describe('validateRuleRequest', () => {
  it('normalizes a valid request: lower-case, deduplicated, canonical protocols, default expiry', () => {
    expect(validateRuleRequest(valid, context)).toEqual({
      ok: true,
      value: {
        fqdns: ['api.example.com', '*.cdn.example.net'],
        protocols: [
          { protocolType: 'Https', port: 443 },
          { protocolType: 'Http', port: 8080 },
        ],
        source: { kind: 'addresses', addresses: ['10.42.1.0/24', '10.43.0.7'] },
        justification: 'Payment provider API for checkout',
        expiresAt: '2026-12-24T10:00:00.000Z',
      },
    });
  });

  it('accepts a cluster source and keeps an explicit expiry and idempotency key', () => {
    const result = validateRuleRequest(
      { ...valid, source: { cluster: clusterId.replace('Microsoft.ContainerService', 'microsoft.containerservice') }, expiresAt: '2026-12-01T00:00:00+01:00', idempotencyKey: 'deploy-42' },
      context,
    );
    expect(result.ok && result.value).toMatchObject({
      source: { kind: 'cluster', clusterId },
      expiresAt: '2026-11-30T23:00:00.000Z',
      idempotencyKey: 'deploy-42',
    });
  });

  it('lists every problem with its field path', () => {
    const problems = problemsOf({
      fqdns: ['ok.example.com', '*.com', '10.0.0.1'],
      protocols: ['Https:443', 'Ftp:21', 'Https:70000'],
      source: { addresses: ['10.42.0.0/24', '192.168.0.0/24', '10.42.1.1/24'] },
      justification: 'short',
      expiresAt: '2027-06-01T00:00:00Z',
      idempotencyKey: 'has space',
      extra: true,
    });
    expect(problems.map((problem) => problem.path).sort()).toEqual(
      ['extra', 'fqdns[1]', 'fqdns[2]', 'protocols[1]', 'protocols[2]', 'source.addresses[1]', 'source.addresses[2]', 'justification', 'expiresAt', 'idempotencyKey'].sort(),
    );
    expect(problems.find((problem) => problem.path === 'source.addresses[2]')?.message).toMatch(/did you mean 10\.42\.1\.0\/24/);
  });

  it.each([
    { label: 'missing fields', body: {}, paths: ['fqdns', 'protocols', 'source', 'justification'] },
    { label: 'empty lists', body: { ...valid, fqdns: [], protocols: [] }, paths: ['fqdns', 'protocols'] },
    { label: 'wrong types', body: { ...valid, fqdns: 'a.com', justification: 5 }, paths: ['fqdns', 'justification'] },
    { label: 'both sources', body: { ...valid, source: { cluster: clusterId, addresses: ['10.42.0.0/24'] } }, paths: ['source'] },
    { label: 'neither source', body: { ...valid, source: {} }, paths: ['source'] },
    { label: 'bad cluster id', body: { ...valid, source: { cluster: '/subscriptions/x/resourceGroups/rg' } }, paths: ['source.cluster'] },
    { label: 'unknown source field', body: { ...valid, source: { cluster: clusterId, tags: [] } }, paths: ['source.tags'] },
    { label: 'expiry in the past', body: { ...valid, expiresAt: '2026-11-01T00:00:00Z' }, paths: ['expiresAt'] },
    { label: 'expiry without a zone', body: { ...valid, expiresAt: '2026-12-01T00:00:00' }, paths: ['expiresAt'] },
    { label: 'too many fqdns', body: { ...valid, fqdns: Array.from({ length: 51 }, (_, i) => `h${i}.example.com`) }, paths: ['fqdns'] },
    { label: 'a long key', body: { ...valid, idempotencyKey: 'k'.repeat(129) }, paths: ['idempotencyKey'] },
    { label: 'not an object', body: ['x'], paths: ['body'] },
  ])('refuses $label', ({ body, paths }) => {
    expect(problemsOf(body).map((problem) => problem.path)).toEqual(paths);
  });

  it('accepts an expiry exactly at the maximum lifetime and refuses one just past it', () => {
    expect(validateRuleRequest({ ...valid, expiresAt: '2026-12-24T10:00:00Z' }, context).ok).toBe(true);
    expect(problemsOf({ ...valid, expiresAt: '2026-12-24T10:00:01Z' }).map((p) => p.path)).toEqual(['expiresAt']);
  });
});
