import { fightVerdict, repairKeyOf } from '../../../../shared/core/drift/fight';
import { claimsOfJwt } from '../../../../shared/azure/selfIdentity';

const now = new Date('2026-12-07T12:00:00Z');
const ago = (minutes: number, brokenBy?: string) => ({ at: new Date(now.getTime() - minutes * 60_000).toISOString(), ...(brokenBy ? { brokenBy } : {}) });
const hour = 3_600_000;

describe('fight detection', () => {
  it.each([
    { label: 'no repair yet', records: [], contested: false, repairs: 0 },
    { label: 'two repairs in the hour', records: [ago(5), ago(50)], contested: false, repairs: 2 },
    { label: 'three repairs in the hour (the limit)', records: [ago(1, 'ci@contoso.com'), ago(2, 'ci@contoso.com'), ago(3)], contested: true, repairs: 3 },
    { label: 'three repairs, one older than the window', records: [ago(1), ago(2), ago(61)], contested: false, repairs: 2 },
  ])('$label', ({ records, contested, repairs }) => {
    expect(fightVerdict(records, 3, hour, now)).toMatchObject({ contested, repairs });
  });

  it('names the other writers (most recent first, each once) and when writing resumes', () => {
    const verdict = fightVerdict([ago(10, 'a'), ago(1, 'b'), ago(5, 'a')], 3, hour, now);
    expect(verdict.otherWriters).toEqual(['b', 'a']);
    expect(verdict.until).toBe(new Date(now.getTime() - 10 * 60_000 + hour).toISOString());
  });

  it('keys a repair by resource (case folded) and property', () => {
    const route = { kind: 'route-put' as const, resourceId: '/S/RG/rt/routes/Default', reason: 'default-route-wrong-next-hop' };
    expect(repairKeyOf(route)).toBe(repairKeyOf({ ...route, resourceId: route.resourceId.toLowerCase() }));
    expect(repairKeyOf(route)).not.toBe(repairKeyOf({ ...route, reason: 'default-route-missing' }));
  });
});

describe("the app's own identity from its token", () => {
  const jwt = (claims: object) => `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
  it('reads oid and appid of a JWT, nothing of an opaque token', () => {
    expect(claimsOfJwt(jwt({ oid: 'o', appid: 'a', aud: 'x' }))).toEqual({ oid: 'o', appid: 'a' });
    expect(claimsOfJwt(jwt({ azp: 'a' }))).toEqual({ appid: 'a' });
    expect(claimsOfJwt('opaque-token')).toBeUndefined();
    expect(claimsOfJwt('a.!!!.c')).toBeUndefined();
  });
});
