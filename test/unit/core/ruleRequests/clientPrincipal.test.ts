import { RuleRequestAccessError } from '../../../../shared/core/ruleRequests/accessErrors';
import { assertMayDecide, isApprover } from '../../../../shared/core/ruleRequests/authorization';
import { parseClientPrincipal, type Principal } from '../../../../shared/core/ruleRequests/clientPrincipal';

const OID = 'http://schemas.microsoft.com/identity/claims/objectidentifier';
const ROLE = 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role';
const encode = (payload: unknown) => Buffer.from(JSON.stringify(payload)).toString('base64');

/** Shaped like a decoded Easy Auth header for an Entra user (claims after default claim mapping). */
const entraPayload = {
  auth_typ: 'aad',
  name_typ: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
  role_typ: ROLE,
  claims: [
    { typ: OID, val: 'AAAAAAAA-0000-4000-8000-000000000001' },
    { typ: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress', val: 'alice@contoso.com' },
    { typ: 'name', val: 'Alice' },
    { typ: 'groups', val: 'F08BBBEA-B793-4A36-A5FC-136C18D8AA8F' },
    { typ: 'groups', val: '14a87ffa-0801-49bf-a515-3d259a2a9f8f' },
    { typ: 'roles', val: 'EgressGuard.Approver' },
    { typ: ROLE, val: 'EgressGuard.Reader' },
  ],
};

describe('parseClientPrincipal', () => {
  it('reads oid, name (name_typ), every groups claim and roles from both claim types', () => {
    expect(parseClientPrincipal(encode(entraPayload))).toEqual({
      userId: 'aaaaaaaa-0000-4000-8000-000000000001',
      name: 'alice@contoso.com',
      identityProvider: 'aad',
      groups: ['f08bbbea-b793-4a36-a5fc-136c18d8aa8f', '14a87ffa-0801-49bf-a515-3d259a2a9f8f'],
      roles: ['EgressGuard.Approver', 'EgressGuard.Reader'],
    });
  });

  it('accepts an unmapped oid claim and falls back to the name claim', () => {
    const principal = parseClientPrincipal(encode({ auth_typ: 'aad', claims: [{ typ: 'oid', val: 'x-1' }, { typ: 'name', val: 'Svc' }] }));
    expect(principal).toMatchObject({ userId: 'x-1', name: 'Svc', groups: [], roles: [] });
  });

  it.each([
    { label: 'missing', header: undefined, code: 'principal-missing' },
    { label: 'empty', header: ' ', code: 'principal-missing' },
    { label: 'not base64', header: '{not base64}', code: 'principal-malformed' },
    { label: 'base64 of non-JSON', header: Buffer.from('hello').toString('base64'), code: 'principal-malformed' },
    { label: 'a JSON array', header: encode([1]), code: 'principal-malformed' },
    { label: 'no claims array', header: encode({ auth_typ: 'aad' }), code: 'principal-malformed' },
    { label: 'no object id', header: encode({ claims: [{ typ: 'name', val: 'x' }] }), code: 'principal-malformed' },
  ])('refuses a $label header with 401', ({ header, code }) => {
    const attempt = () => parseClientPrincipal(header);
    expect(attempt).toThrow(RuleRequestAccessError);
    expect(attempt).toThrow(expect.objectContaining({ code, status: 401 }));
  });
});

const principal = (overrides: Partial<Principal>): Principal => ({
  userId: 'u-approver',
  name: 'Bob',
  identityProvider: 'aad',
  groups: [],
  roles: [],
  ...overrides,
});
const policy = { approverGroupIds: ['7F9C1A2B-0000-4000-8000-000000000001'], approverAppRole: 'EgressGuard.Approver' };

describe('isApprover', () => {
  it.each([
    { label: 'an approver group member (any case)', who: principal({ groups: ['7f9c1a2b-0000-4000-8000-000000000001'] }), approver: true },
    { label: 'an approver role holder', who: principal({ roles: ['EgressGuard.Approver'] }), approver: true },
    { label: 'someone with other groups and roles', who: principal({ groups: ['other'], roles: ['EgressGuard.Reader'] }), approver: false },
  ])('$label', ({ who, approver }) => {
    expect(isApprover(who, policy)).toBe(approver);
  });

  it('grants nothing when no groups are configured and the role is empty', () => {
    expect(isApprover(principal({ roles: [''] }), { approverAppRole: '' })).toBe(false);
  });
});

describe('assertMayDecide', () => {
  it('allows an approver deciding on someone else’s request', () => {
    expect(() => assertMayDecide(principal({ roles: ['EgressGuard.Approver'] }), 'u-requester', policy)).not.toThrow();
  });

  it('refuses a non-approver with 403', () => {
    expect(() => assertMayDecide(principal({}), 'u-requester', policy)).toThrow(expect.objectContaining({ code: 'not-an-approver', status: 403 }));
  });

  it('refuses an approver deciding on their own request with 403', () => {
    expect(() => assertMayDecide(principal({ roles: ['EgressGuard.Approver'], userId: 'U-Same' }), 'u-same', policy)).toThrow(
      expect.objectContaining({ code: 'own-request', status: 403 }),
    );
  });
});
