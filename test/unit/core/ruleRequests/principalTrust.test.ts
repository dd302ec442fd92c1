import { trustedCaller } from '../../../../shared/core/ruleRequests/principalTrust';
import { RuleRequestAccessError } from '../../../../shared/core/ruleRequests/accessErrors';

const header = Buffer.from(JSON.stringify({ auth_typ: 'aad', claims: [{ typ: 'http://schemas.microsoft.com/identity/claims/objectidentifier', val: 'AAAA-1' }, { typ: 'name', val: 'Mallory' }] })).toString('base64');

describe('trustedCaller (fail closed)', () => {
  it.each([
    ['neither signal', {}],
    ['WEBSITE_AUTH_ENABLED=False', { websiteAuthEnabled: false }],
    ['front end explicitly not trusted', { websiteAuthEnabled: false, clientPrincipalFromFrontEnd: false }],
  ])('refuses a well-formed principal with 401 when %s', (_label, trust) => {
    let thrown: unknown;
    try {
      trustedCaller(header, trust);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(RuleRequestAccessError);
    expect(thrown).toMatchObject({ status: 401, code: 'principal-untrusted' });
  });

  it.each([
    ['App Service Authentication on', { websiteAuthEnabled: true }],
    ['a front end that sets the header', { clientPrincipalFromFrontEnd: true }],
  ])('reads the principal when %s', (_label, trust) => {
    expect(trustedCaller(header, trust)).toMatchObject({ userId: 'aaaa-1', name: 'Mallory' });
  });
});
