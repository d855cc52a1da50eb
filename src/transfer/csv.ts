// CSV as RFC 4180 describes it: fields separated by commas, records by CRLF (LF is accepted),
// a field in double quotes when it holds a comma, a quote or a line break, a quote inside it
// doubled.
//
// A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula to a
// spreadsheet, which a crafted task title could abuse (`=HYPERLINK(…)`). Such a value is
// written with a leading `'`, which spreadsheets read as "text", and so is a value that starts
// with `'` itself; `unneutralise` takes exactly that one character off again, so the file reads
// back to the same values.

const FORMULA_START = /^[=+\-@\t\r']/;
const QUOTE_NEEDED = /[",\r\n]/;

export const neutralise = (value: string) => (FORMULA_START.test(value) ? `'${value}` : value);
export const unneutralise = (value: string) => (value.startsWith("'") ? value.slice(1) : value);

function field(value: string): string {
  const safe = neutralise(value);
  return QUOTE_NEEDED.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** One record, CRLF-terminated. */
export const csvRecord = (values: readonly string[]) => `${values.map(field).join(',')}\r\n`;

export interface CsvRecord {
  /** The line the record starts on, counting from 1. */
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    reason: string,
  ) {
    super(reason);
  }
}

/**
 * The records of a CSV text. A quote that opens a field must close it, and only a separator or
 * the end of the record may follow; a quote inside an unquoted field is taken as it is. Blank
 * lines are skipped.
 */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let value = '';
  /** The field being read was quoted: an empty one still makes a record. */
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  const endRecord = () => {
    if (fields.length > 0 || value !== '' || quoted) {
      records.push({ line: recordLine, fields: [...fields, value] });
    }
    fields = [];
    value = '';
    quoted = false;
  };
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (char === '"' && value === '' && !quoted) {
      const opened = line;
      for (i += 1; ; i += 1) {
        if (i >= text.length) throw new CsvSyntaxError(opened, 'a quoted field is not closed');
        if (text[i] === '"') {
          if (text[i + 1] !== '"') break;
          i += 1;
        } else if (text[i] === '\n') {
          line += 1;
        }
        value += text[i];
      }
      i += 1;
      quoted = true;
      if (i < text.length && !/[,\r\n]/.test(text[i]!)) {
        throw new CsvSyntaxError(line, 'a closing quote is followed by more text in the field');
      }
      continue;
    }
    if (char === ',') {
      fields.push(value);
      value = '';
      quoted = false;
    } else if (char === '\r' || char === '\n') {
      if (char === '\r' && text[i + 1] === '\n') i += 1;
      endRecord();
      line += 1;
      recordLine = line;
    } else {
      value += char;
    }
    i += 1;
  }
  endRecord();
  return records;
}
