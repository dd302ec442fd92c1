import { callerOfEventClaims, isCaller } from '../../../../shared/azure/arm/eventCaller';

describe('callerOfEventClaims', () => {
  it("reads ARM's claim names (event-schema-resource-groups.md sample)", () => {
    const claims = {
      aud: 'https://management.core.windows.net/',
      appid: '04b07795-8ddb-461a-bbee-02f9e1bf7b46',
      name: 'Dana Ops',
      'http://schemas.microsoft.com/identity/claims/objectidentifier': '9a7e4b12-3c5d-4e6f-8a9b-0c1d2e3f4a5b',
      'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn': 'dana.ops@contoso.example',
      'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name': 'dana.ops@contoso.example',
    };
    expect(callerOfEventClaims(claims)).toEqual({
      objectId: '9a7e4b12-3c5d-4e6f-8a9b-0c1d2e3f4a5b',
      appId: '04b07795-8ddb-461a-bbee-02f9e1bf7b46',
      upn: 'dana.ops@contoso.example',
      name: 'Dana Ops',
    });
  });

  it('accepts the short token names and ignores what is not a claims object', () => {
    expect(callerOfEventClaims({ oid: 'o', appid: 'a' })).toEqual({ objectId: 'o', appId: 'a' });
    expect(callerOfEventClaims(undefined)).toEqual({});
    expect(callerOfEventClaims(['x'])).toEqual({});
    expect(callerOfEventClaims({ oid: 3, appid: '' })).toEqual({});
  });
});

describe('isCaller', () => {
  const app = { objectId: '1C8E4A6F-2222-4B3C-9D4E-5F6A7B8C9D0E', appId: 'a1' };
  it('matches on the object id, case-insensitively, and never on a shared client id alone', () => {
    expect(isCaller({ objectId: '1c8e4a6f-2222-4b3c-9d4e-5f6a7b8c9d0e', appId: 'other' }, app)).toBe(true);
    expect(isCaller({ objectId: 'someone-else', appId: 'a1' }, app)).toBe(false);
  });
  it('falls back to the app id when the event has no object id', () => {
    expect(isCaller({ appId: 'A1' }, app)).toBe(true);
    expect(isCaller({}, app)).toBe(false);
  });
});
