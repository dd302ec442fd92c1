/** One thing wrong with a rule request, named by its JSON path (`fqdns[2]`, `source.addresses[1]`, `body`). */
export interface Problem {
  readonly path: string;
  readonly message: string;
}

/** Either the parsed value or every problem found; callers answer 400 with the whole list. */
export type Validated<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problems: readonly Problem[] };

/** Single-field check result: the normalized value or why it was refused. */
export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

export const accept = <T>(value: T): Checked<T> => ({ ok: true, value });
export const refuse = (message: string): Checked<never> => ({ ok: false, message });

/** Renders any JSON value briefly for messages, so a huge or hostile input never floods a response. */
export function shown(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    // BigInt, cycles or a null-prototype object: fall back to the type tag rather than throw.
    text = Object.prototype.toString.call(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]{0,63}$/;

/** Path of a member named by the client: `source.cluster`, or `source["odd key"]` when the name is not an identifier. */
export function memberPath(parent: string, key: string): string {
  if (IDENTIFIER.test(key)) return parent === '' ? key : `${parent}.${key}`;
  const quoted = JSON.stringify(key.length > 60 ? `${key.slice(0, 57)}...` : key);
  return `${parent}[${quoted}]`;
}
