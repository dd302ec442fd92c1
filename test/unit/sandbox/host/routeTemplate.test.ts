import { compareRoutePrecedence, parseRouteTemplate } from '../../../../sandbox/host/routeTemplate';

describe('parseRouteTemplate', () => {
  it.each([
    { label: 'a literal, any case', template: 'health', path: 'HEALTH', expected: {} },
    { label: 'a parameter', template: 'hello/{name}', path: 'hello/ann', expected: { name: 'ann' } },
    { label: 'a decoded parameter', template: 'hello/{name}', path: 'hello/a%20b', expected: { name: 'a b' } },
    { label: 'an int', template: 'items/{id:int}', path: 'items/-12', expected: { id: '-12' } },
    { label: 'a guid', template: 'x/{id:guid}', path: 'x/0F8FAD5B-D9CB-469F-A165-70867728950E', expected: { id: '0F8FAD5B-D9CB-469F-A165-70867728950E' } },
    { label: 'an optional parameter, present', template: 'opt/{id?}', path: 'opt/3', expected: { id: '3' } },
    { label: 'an optional parameter, absent', template: 'opt/{id?}', path: 'opt', expected: {} },
    { label: 'an optional constrained parameter', template: 'opt/{id:int?}', path: 'opt/3', expected: { id: '3' } },
    { label: 'a default value', template: 'page/{n=1}', path: 'page', expected: { n: '1' } },
    { label: 'a catch-all', template: 'files/{*rest}', path: 'files/a/b%20c', expected: { rest: 'a/b c' } },
    { label: 'chained constraints', template: 'n/{v:int:range(1,10)}', path: 'n/10', expected: { v: '10' } },
    { label: 'a regex with braces and colons', template: 'c/{code:regex(^[a-z]{{2}}:\\d$)}', path: 'c/ab:1', expected: { code: 'ab:1' } },
    { label: 'a complex segment', template: 'f/{name}.{ext}', path: 'f/report.pdf', expected: { name: 'report', ext: 'pdf' } },
    { label: 'a leading slash in the template', template: '/hello/{name}', path: 'hello/x', expected: { name: 'x' } },
  ])('matches $label', ({ template, path, expected }) => {
    expect(parseRouteTemplate(template).match(path)).toEqual(expected);
  });

  it.each([
    { label: 'a non-int', template: 'items/{id:int}', path: 'items/1.5' },
    { label: 'an int beyond int32', template: 'items/{id:int}', path: 'items/2147483648' },
    { label: 'a non-guid', template: 'x/{id:guid}', path: 'x/not-a-guid' },
    { label: 'out of range', template: 'n/{v:int:range(1,10)}', path: 'n/11' },
    { label: 'a missing required parameter', template: 'hello/{name}', path: 'hello' },
    { label: 'an extra segment', template: 'hello/{name}', path: 'hello/a/b' },
    { label: 'a different literal', template: 'health', path: 'healthz' },
  ])('rejects $label', ({ template, path }) => {
    expect(parseRouteTemplate(template).match(path)).toBeUndefined();
  });

  it.each([
    { label: 'an unknown constraint', template: 'x/{id:color}', message: /unsupported route constraint "color"/ },
    { label: 'a catch-all before the end', template: '{*rest}/x', message: /catch-all parameter must be the last segment/ },
    { label: 'an unbalanced brace', template: 'x/{id', message: /unbalanced/ },
  ])('throws for $label', ({ template, message }) => {
    expect(() => parseRouteTemplate(template)).toThrow(message);
  });
});

describe('compareRoutePrecedence', () => {
  it('orders literal before constrained before plain before catch-all', () => {
    const templates = ['items/{*rest}', 'items/{id}', 'items/new', 'items/{id:int}'].map(parseRouteTemplate);
    expect(templates.sort(compareRoutePrecedence).map((route) => route.template)).toEqual(['items/new', 'items/{id:int}', 'items/{id}', 'items/{*rest}']);
  });
});
