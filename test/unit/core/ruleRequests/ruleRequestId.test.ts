import { isRuleRequestId } from '../../../../shared/core/ruleRequests/ruleRequestId';
import { ruleNameFor } from '../../../../shared/core/ruleRequests/ownedRule';

describe('isRuleRequestId', () => {
  it.each([
    { label: 'an id the app makes', id: 'rr-20261207-0a1b2c3d4e', valid: true },
    { label: 'a single character', id: 'a', valid: true },
    { label: '64 characters', id: `a${'b'.repeat(63)}`, valid: true },
    { label: '65 characters', id: `a${'b'.repeat(64)}`, valid: false },
    { label: 'a leading hyphen', id: '-rr', valid: false },
    { label: 'a slash', id: 'rr/1', valid: false },
    { label: 'empty', id: '', valid: false },
  ])('$label -> $valid', ({ id, valid }) => {
    expect(isRuleRequestId(id)).toBe(valid);
  });

  it('is the same rule the firewall rule name is built under', () => {
    expect(ruleNameFor('rr-20261207-0a1b2c3d4e')).toBe('req-rr-20261207-0a1b2c3d4e');
    expect(() => ruleNameFor('rr/1')).toThrow(RangeError);
  });
});
