import fc from 'fast-check';
import { parseRuleRequestBody } from '../../../../shared/core/ruleRequests/parseRuleRequestBody';
import { validateRuleRequest } from '../../../../shared/core/ruleRequests/validateRuleRequest';

const context = { maxRuleLifetimeDays: 90, allowedAddressSpaces: ['10.0.0.0/8'], now: new Date('2026-11-24T10:00:00Z') };

/** Bodies that look roughly like requests, so the fuzzer reaches the deep checks and not only "must be an object". */
const nearlyValidBody = fc.record(
  {
    fqdns: fc.oneof(fc.array(fc.oneof(fc.domain(), fc.string(), fc.constantFrom('*', '*.com', '1.2.3.4', 'bücher.de')), { maxLength: 5 }), fc.jsonValue()),
    protocols: fc.oneof(fc.array(fc.oneof(fc.constantFrom('Https:443', 'Http:80', 'Mssql:1433', 'Https:0'), fc.string())), fc.jsonValue()),
    source: fc.oneof(fc.record({ addresses: fc.array(fc.oneof(fc.ipV4(), fc.string(), fc.jsonValue())) }), fc.record({ cluster: fc.string() }), fc.jsonValue()),
    justification: fc.oneof(fc.string({ maxLength: 1200 }), fc.jsonValue()),
    expiresAt: fc.oneof(fc.date({ noInvalidDate: true }).map((date) => date.toISOString()), fc.jsonValue()),
    idempotencyKey: fc.jsonValue(),
  },
  { requiredKeys: [] },
);

const FIELD_PATH = /^(?:[A-Za-z_$][\w$]*|\[".*"\])(?:\.[A-Za-z_$][\w$]*|\[\d+\]|\[".*"\])*$/s;

const everyProblemNamesAField = (body: unknown) => {
  const result = validateRuleRequest(body, context);
  if (!result.ok) {
    expect(result.problems.length).toBeGreaterThan(0);
    for (const problem of result.problems) {
      // A known or client-named member: identifiers joined by dots, array indexes, or ["quoted"] odd keys.
      expect(problem.path).toMatch(FIELD_PATH);
      expect(problem.message.length).toBeGreaterThan(0);
    }
  }
};

describe('validateRuleRequest (fuzz)', () => {
  it('never throws on arbitrary JSON and names a field in every problem', () => {
    fc.assert(fc.property(fc.jsonValue(), everyProblemNamesAField), { numRuns: 500 });
  });

  it('never throws on request-shaped bodies and names a field in every problem', () => {
    fc.assert(fc.property(nearlyValidBody, everyProblemNamesAField), { numRuns: 1000 });
  });

  it('never throws on arbitrary text through parseRuleRequestBody', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.jsonValue().map((value) => JSON.stringify(value))), (text) => {
        const parsed = parseRuleRequestBody(text, 4096);
        if (parsed.ok) everyProblemNamesAField(parsed.body);
        else expect(parsed.problems.every((problem) => problem.path === 'body')).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
