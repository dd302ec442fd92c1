/**
 * HTTP trigger route templates, with the ASP.NET Core syntax the Functions host accepts:
 * literals, `{name}`, optional `{name?}`, catch-all `{*rest}`, defaults `{name=value}` and inline constraints such as
 * `{id:int}`, `{id:guid}`, `{n:min(1)}`, `{code:regex(^[a-z]+$)}`. Literals match case-insensitively and a trailing
 * slash is ignored, as in the real host.
 */

export interface RouteTemplate {
  readonly template: string;
  /** Higher sorts first: more specific templates win when several match (ASP.NET route precedence). */
  readonly precedence: number[];
  /** The route values when `path` (no prefix, no query, no leading slash) matches, else undefined. */
  match(path: string): Record<string, string> | undefined;
}

interface Parameter {
  readonly name: string;
  readonly optional: boolean;
  readonly catchAll: boolean;
  readonly defaultValue: string | undefined;
  readonly constraints: ReadonlyArray<(value: string) => boolean>;
}

/** Parses a template; throws an Error naming the template when its syntax or a constraint is not supported. */
export function parseRouteTemplate(template: string): RouteTemplate {
  const trimmed = template.replace(/^[~/]+/, '').replace(/\/+$/, '');
  const parameters: Parameter[] = [];
  const precedence: number[] = [];
  let pattern = '^';
  const segments = trimmed === '' ? [] : trimmed.split('/');
  segments.forEach((segment, index) => {
    const parts = splitSegment(segment, template);
    const onlyParameter = parts.length === 1 && parts[0]?.kind === 'parameter';
    const separator = index === 0 ? '' : '/';
    if (onlyParameter) {
      const parameter = parseParameter(parts[0]!.text, template);
      if (parameter.catchAll && index !== segments.length - 1) {
        throw new Error(`Route template "${template}": a catch-all parameter must be the last segment`);
      }
      parameters.push(parameter);
      const capture = parameter.catchAll ? '(.*)' : '([^/]+)';
      // An optional, defaulted or catch-all segment may be absent together with its separator.
      const mayBeAbsent = parameter.optional || parameter.catchAll || parameter.defaultValue !== undefined;
      pattern += mayBeAbsent ? `(?:${separator}${capture})?` : `${separator}${capture}`;
      precedence.push(parameter.catchAll ? 1 : parameter.constraints.length > 0 ? 3 : 2);
      return;
    }
    pattern += separator;
    for (const part of parts) {
      if (part.kind === 'literal') {
        pattern += escapeRegExp(part.text);
      } else {
        const parameter = parseParameter(part.text, template);
        if (parameter.catchAll || parameter.optional) {
          throw new Error(`Route template "${template}": optional and catch-all parameters must fill a whole segment`);
        }
        parameters.push(parameter);
        pattern += '([^/]+?)';
      }
    }
    precedence.push(parts.every((part) => part.kind === 'literal') ? 5 : 4);
  });
  const regex = new RegExp(`${pattern}$`, 'i');

  return {
    template,
    precedence,
    match(path) {
      const found = regex.exec(path.replace(/\/+$/, ''));
      if (!found) return undefined;
      const values: Record<string, string> = {};
      for (const [index, parameter] of parameters.entries()) {
        const raw = found[index + 1];
        const value = raw === undefined || raw === '' ? parameter.defaultValue : safeDecode(raw, parameter.catchAll);
        if (value === undefined) {
          if (parameter.optional || parameter.catchAll) continue;
          return undefined;
        }
        if (!parameter.constraints.every((accepts) => accepts(value))) return undefined;
        values[parameter.name] = value;
      }
      return values;
    },
  };
}

/** Sorts templates most specific first (literal > constrained > plain > catch-all, segment by segment). */
export function compareRoutePrecedence(a: RouteTemplate, b: RouteTemplate): number {
  const length = Math.max(a.precedence.length, b.precedence.length);
  for (let index = 0; index < length; index++) {
    const difference = (b.precedence[index] ?? 0) - (a.precedence[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

type SegmentPart = { kind: 'literal' | 'parameter'; text: string };

function splitSegment(segment: string, template: string): SegmentPart[] {
  const parts: SegmentPart[] = [];
  let rest = segment;
  while (rest.length > 0) {
    const open = rest.indexOf('{');
    if (open === -1) {
      parts.push({ kind: 'literal', text: rest });
      break;
    }
    if (open > 0) parts.push({ kind: 'literal', text: rest.slice(0, open) });
    const close = findClosingBrace(rest, open);
    if (close === -1) throw new Error(`Route template "${template}": unbalanced "{" in segment "${segment}"`);
    parts.push({ kind: 'parameter', text: rest.slice(open + 1, close) });
    rest = rest.slice(close + 1);
  }
  return parts;
}

/** Constraint arguments may contain braces (regex quantifiers), so count nesting. */
function findClosingBrace(text: string, open: number): number {
  let depth = 0;
  for (let index = open; index < text.length; index++) {
    if (text[index] === '{') depth++;
    if (text[index] === '}' && --depth === 0) return index;
  }
  return -1;
}

function parseParameter(text: string, template: string): Parameter {
  const catchAll = text.startsWith('*');
  let body = catchAll ? text.replace(/^\*+/, '') : text;
  let defaultValue: string | undefined;
  const equals = body.indexOf('=');
  if (equals !== -1 && !body.slice(0, equals).includes('(')) {
    defaultValue = body.slice(equals + 1);
    body = body.slice(0, equals);
  }
  let optional = false;
  if (body.endsWith('?')) {
    optional = true;
    body = body.slice(0, -1);
  }
  const [name, ...constraintTexts] = splitConstraints(body);
  if (!name || !/^[A-Za-z_][\w]*$/.test(name)) {
    throw new Error(`Route template "${template}": invalid parameter "{${text}}"`);
  }
  return {
    name,
    optional,
    catchAll,
    defaultValue,
    constraints: constraintTexts.map((constraint) => parseConstraint(constraint, template)),
  };
}

/** Splits `id:int:min(1)` on colons that are outside parentheses (regex arguments may contain colons). */
function splitConstraints(body: string): string[] {
  const pieces: string[] = [];
  let depth = 0;
  let current = '';
  for (const character of body) {
    if (character === '(') depth++;
    if (character === ')') depth--;
    if (character === ':' && depth === 0) {
      pieces.push(current);
      current = '';
    } else {
      current += character;
    }
  }
  pieces.push(current);
  return pieces;
}

const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };
const GUID = /^\{?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\}?$/i;

function parseConstraint(constraint: string, template: string): (value: string) => boolean {
  const [, name = '', argumentText] = /^(\w+)(?:\((.*)\))?$/s.exec(constraint) ?? [];
  const numbers = (argumentText ?? '').split(',').map((piece) => Number(piece.trim()));
  const [first = NaN, second = NaN] = numbers;
  const integer = (value: string) => /^-?\d+$/.test(value);
  switch (name.toLowerCase()) {
    case 'int':
      return (value) => integer(value) && Number(value) >= INT32.min && Number(value) <= INT32.max;
    case 'long':
      return integer;
    case 'guid':
      return (value) => GUID.test(value);
    case 'bool':
      return (value) => /^(true|false)$/i.test(value);
    case 'alpha':
      return (value) => /^[a-z]+$/i.test(value);
    case 'double':
    case 'float':
    case 'decimal':
      return (value) => value.trim() !== '' && Number.isFinite(Number(value));
    case 'datetime':
      return (value) => !Number.isNaN(Date.parse(value));
    case 'minlength':
      return (value) => value.length >= first;
    case 'maxlength':
      return (value) => value.length <= first;
    case 'length':
      return Number.isNaN(second)
        ? (value) => value.length === first
        : (value) => value.length >= first && value.length <= second;
    case 'min':
      return (value) => integer(value) && Number(value) >= first;
    case 'max':
      return (value) => integer(value) && Number(value) <= first;
    case 'range':
      return (value) => integer(value) && Number(value) >= first && Number(value) <= second;
    case 'regex': {
      // Braces inside a template are escaped by doubling them: `{code:regex(^\d{{3}}$)}`.
      const regex = new RegExp((argumentText ?? '').replace(/\{\{/g, '{').replace(/\}\}/g, '}'), 'i');
      return (value) => regex.test(value);
    }
    default:
      throw new Error(`Route template "${template}": unsupported route constraint "${constraint}"`);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A catch-all keeps its slashes; a malformed escape is passed through rather than failing the request. */
function safeDecode(raw: string, catchAll: boolean): string {
  try {
    return catchAll ? raw.split('/').map(decodeURIComponent).join('/') : decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
