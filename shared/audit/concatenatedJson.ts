/**
 * Splits text holding JSON values one after another (`az ... >> estate.json` several times: arrays and objects,
 * whitespace between) and parses each. Throws SyntaxError naming the value's position when one does not parse.
 */
export function parseConcatenatedJson(text: string): unknown[] {
  const values: unknown[] = [];
  let index = skipSpace(text, 0);
  while (index < text.length) {
    const end = endOfValue(text, index);
    const slice = text.slice(index, end);
    try {
      values.push(JSON.parse(slice));
    } catch (error) {
      throw new SyntaxError(`the JSON value starting at line ${lineOf(text, index)} does not parse: ${(error as Error).message}`);
    }
    index = skipSpace(text, end);
  }
  return values;
}

function skipSpace(text: string, from: number): number {
  let index = from;
  // A UTF-8 BOM (PowerShell's Out-File) counts as space.
  while (index < text.length && /[\s\uFEFF]/.test(text[index]!)) index += 1;
  return index;
}

/** The end (exclusive) of the value starting at `start`: brackets matched outside strings; a scalar runs to space. */
function endOfValue(text: string, start: number): number {
  const first = text[start];
  if (first !== '{' && first !== '[') {
    let index = start;
    if (first === '"') {
      index += 1;
      while (index < text.length && text[index] !== '"') index += text[index] === '\\' ? 2 : 1;
      return Math.min(index + 1, text.length);
    }
    while (index < text.length && !/[\s{[]/.test(text[index]!)) index += 1;
    return index;
  }
  let depth = 0;
  let inString = false;
  for (let index = start; index < text.length; index += 1) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index += 1;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') inString = true;
    else if (char === '{' || char === '[') depth += 1;
    else if (char === '}' || char === ']') {
      depth -= 1;
      if (depth === 0) return index + 1;
    }
  }
  return text.length; // unterminated: JSON.parse says what is wrong
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let at = 0; at < index; at += 1) if (text.charCodeAt(at) === 10) line += 1;
  return line;
}
