/**
 * Parses a CSV export as the Log Analytics portal writes it ("Export to CSV (all columns)"): a header row of column
 * names, comma separators, fields quoted with " when they contain commas, quotes or line breaks, "" for a literal
 * quote, CRLF or LF line ends, an optional UTF-8 BOM. Every value stays a string; the emulator converts on use.
 */
export function parseCsv(text: string): Record<string, string>[] {
  const records = parseRecords(text.replace(/^\uFEFF/, ''));
  const header = records.shift();
  if (!header || header.every((name) => name === '')) throw new Error('CSV has no header row');
  return records
    .filter((fields) => !(fields.length === 1 && fields[0] === ''))
    .map((fields, index) => {
      if (fields.length !== header.length) {
        throw new Error(`CSV row ${index + 2} has ${fields.length} fields, the header has ${header.length}`);
      }
      return Object.fromEntries(header.map((name, column) => [columnNameOf(name), fields[column] ?? '']));
    });
}

/** The portal names datetime columns "TimeGenerated [UTC]" (the time zone shown); the table's column is TimeGenerated. */
function columnNameOf(header: string): string {
  return header.trim().replace(/ \[[^\]]+\]$/, '');
}

function parseRecords(text: string): string[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"' && field === '') quoted = true;
    else if (char === ',') {
      fields.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      records.push(fields);
      fields = [];
      field = '';
    } else field += char;
  }
  if (quoted) throw new Error('CSV ends inside a quoted field');
  if (field !== '' || fields.length > 0) {
    fields.push(field);
    records.push(fields);
  }
  return records;
}
