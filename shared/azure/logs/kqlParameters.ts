/**
 * Values from outside (resource ids, FQDNs, times) reach KQL only through these encoders. Each produces text drawn
 * from a fixed, harmless alphabet, so no input can end a string literal, start a comment or add an operator:
 * - strings: base64 (A-Z a-z 0-9 + / =) inside "...", decoded by base64_decode_tostring() at query time;
 * - datetimes: ISO 8601 from a Date whose time is finite (digits, "-", ":", ".", "T", "Z");
 * - string lists: pack_array() of encoded strings, or the constant dynamic([]) when empty.
 */

const identifier = /^[A-Za-z_][A-Za-z0-9_]*$/;

export type KqlParameterValue = string | Date | readonly string[];

export function kqlString(value: string): string {
  if (typeof value !== 'string') throw new TypeError('kqlString expects a string');
  return `base64_decode_tostring("${Buffer.from(value, 'utf8').toString('base64')}")`;
}

export function kqlDatetime(value: Date): string {
  if (!(value instanceof Date) || !Number.isFinite(value.getTime())) throw new TypeError('kqlDatetime expects a valid Date');
  return `datetime(${value.toISOString()})`;
}

export function kqlStringList(values: readonly string[]): string {
  return values.length === 0 ? 'dynamic([])' : `pack_array(${values.map(kqlString).join(', ')})`;
}

/** `let name = <encoded value>;` lines, one per parameter, in the given order. */
export function kqlParameterPrelude(parameters: Readonly<Record<string, KqlParameterValue>>): string {
  return Object.entries(parameters)
    .map(([name, value]) => {
      if (!identifier.test(name)) throw new RangeError(`KQL parameter name ${JSON.stringify(name)} is not an identifier`);
      return `let ${name} = ${encode(value)};`;
    })
    .join('\n');
}

function encode(value: KqlParameterValue): string {
  if (value instanceof Date) return kqlDatetime(value);
  if (typeof value === 'string') return kqlString(value);
  return kqlStringList(value);
}
