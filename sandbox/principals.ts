/**
 * Identities of the sandbox, as App Service Authentication would pass them: the `x-ms-client-principal` header is
 * base64 JSON `{ auth_typ, claims: [{ typ, val }], name_typ, role_typ }`. Callers of the rule-request API on the
 * sandbox send the same header (see docs/sandbox.md).
 */
const approverGroupId = '7f9c1a2b-0000-4000-8000-0000000000a1';

const principal = (oid: string, name: string, groups: string[]) => {
  const claims = [
    { typ: 'http://schemas.microsoft.com/identity/claims/objectidentifier', val: oid },
    { typ: 'name', val: name },
    { typ: 'preferred_username', val: `${name.toLowerCase().replace(/\s+/g, '.')}@contoso.example` },
    ...groups.map((group) => ({ typ: 'groups', val: group })),
  ];
  const body = { auth_typ: 'aad', claims, name_typ: 'name', role_typ: 'roles' };
  return { oid, name, header: Buffer.from(JSON.stringify(body)).toString('base64') };
};

export const sandboxPrincipals = {
  approverGroupId,
  requester: principal('11111111-aaaa-4bbb-8ccc-000000000001', 'Riley Requester', []),
  approver: principal('22222222-aaaa-4bbb-8ccc-000000000002', 'Avery Approver', [approverGroupId]),
};
