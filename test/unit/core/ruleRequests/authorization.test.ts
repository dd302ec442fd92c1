import { RuleRequestAccessError } from '../../../../shared/core/ruleRequests/accessErrors';
import { assertMayDecide, mayDecide, mayViewRequest, type ApproverPolicy } from '../../../../shared/core/ruleRequests/authorization';
import type { Principal } from '../../../../shared/core/ruleRequests/clientPrincipal';

const group = '7f9c1a2b-0000-4000-8000-000000000001';
const policy: ApproverPolicy = { approverGroupIds: [group.toUpperCase()], approverAppRole: 'EgressGuard.Approver' };
const person = (userId: string, extra: Partial<Principal> = {}): Principal => ({ userId, name: userId, identityProvider: 'aad', groups: [], roles: [], ...extra });

const requesterId = '11111111-1111-4111-8111-111111111111';
const cases: Array<{ label: string; who: Principal; decide: boolean; view: boolean }> = [
  { label: 'the requester (not an approver)', who: person(requesterId.toUpperCase()), decide: false, view: true },
  { label: 'an approver by group', who: person('22222222-2222-4222-8222-222222222222', { groups: [group] }), decide: true, view: true },
  { label: 'an approver by app role', who: person('33333333-3333-4333-8333-333333333333', { roles: ['EgressGuard.Approver'] }), decide: true, view: true },
  { label: 'an approver who is the requester', who: person(requesterId, { groups: [group] }), decide: false, view: true },
  { label: 'a bystander', who: person('44444444-4444-4444-8444-444444444444', { roles: ['Other.Role'] }), decide: false, view: false },
];

describe('mayDecide / mayViewRequest', () => {
  it.each(cases)('$label: decide $decide, view $view', ({ who, decide, view }) => {
    expect(mayDecide(who, requesterId, policy)).toBe(decide);
    expect(mayViewRequest(who, requesterId, policy)).toBe(view);
  });

  it.each(cases)('mayDecide agrees with assertMayDecide for $label', ({ who }) => {
    let allowed = true;
    try {
      assertMayDecide(who, requesterId, policy);
    } catch (error) {
      expect(error).toBeInstanceOf(RuleRequestAccessError);
      allowed = false;
    }
    expect(mayDecide(who, requesterId, policy)).toBe(allowed);
  });

  it('an empty APPROVER_APP_ROLE makes nobody an approver by role', () => {
    const holder = person('55555555-5555-4555-8555-555555555555', { roles: [''] });
    expect(mayViewRequest(holder, requesterId, { approverAppRole: '' })).toBe(false);
  });
});
