/**
 * CSV as RFC 4180 (https://www.rfc-editor.org/rfc/rfc4180) defines it — fields separated by
 * commas, optionally enclosed in double quotes, a quote inside a quoted field written twice, quoted
 * fields free to contain commas and line breaks — read by csv-parse (https://csv.js.org/parse/).
 * Rows end with CRLF, or LF or CR alone as written by other tools. Every cell keeps the physical
 * line and column it starts at, so that errors in a row whose earlier cell spans several lines
 * still point at the right line.
 *
 * csv-parse cannot say where a cell starts: it reports a record's line, not its cells' columns,
 * and counts a CRLF inside a quoted field as two lines (`info.lines`); its `raw` text drops the
 * second character of a CRLF row ending, and its errors name a field by index only. So positions
 * are computed here from the text. That needs no second parser: under RFC 4180 a field is quoted
 * exactly when its first character is a quote, and then its length in the text is its value's
 * length, plus the two enclosing quotes, plus one for each quote that was doubled.
 */
import { CsvError, parse, type Options } from "csv-parse/sync";

export interface CsvCell {
  readonly text: string;
  readonly line: number;
  readonly column: number;
}

export interface CsvRow {
  /** Physical line the row starts on. */
  readonly line: number;
  readonly cells: readonly CsvCell[];
}

export class CsvSyntaxError extends Error {
  readonly line: number;
  readonly column: number;

  constructor(message: string, line: number, column: number) {
    super(message);
    this.name = "CsvSyntaxError";
    this.line = line;
    this.column = column;
  }
}

const QUOTE = '"';
const DOUBLE_THE_QUOTE = `a quote inside a field must be doubled: ""`;

/**
 * RFC 4180 with the row endings other tools write; rows may have any number of cells, since the
 * import reports a row whose count differs from the header's with the row's line.
 */
const RFC_4180_OPTIONS = {
  record_delimiter: ["\r\n", "\n", "\r"],
  skip_empty_lines: true,
  relax_column_count: true,
} as const satisfies Options;

/** Splits CSV text into rows of cells. Blank lines are skipped; malformed quoting raises CsvSyntaxError. */
export function parseCsv(text: string): CsvRow[] {
  const positions = new TextPositions(text);
  const rows: CsvRow[] = [];
  // End of the last record read: the next record, after any blank lines, starts here.
  let recordsEnd = 0;
  try {
    parse(text, {
      ...RFC_4180_OPTIONS,
      // Only for errors: the failing record's text read so far tells where reading stopped.
      raw: true,
      // With `raw`, csv-parse hands on_record `{ record, raw }`, though its types say the record alone.
      on_record: (withRaw: unknown) => {
        const values = recordValues(withRaw);
        const start = skipLineBreaks(text, recordsEnd);
        const fields = locateFields(text, start, values);
        rows.push({
          line: positions.at(start).line,
          cells: values.map((value, index) => ({ text: value, ...positions.at(fields.starts[index] as number) })),
        });
        recordsEnd = fields.end;
        // Rows are gathered here, with their positions; csv-parse need not keep the records too.
        return null;
      },
    });
  } catch (error) {
    if (error instanceof CsvError) throw locateCsvError(error, text, skipLineBreaks(text, recordsEnd), positions);
    throw error;
  }
  return rows;
}

/** Turns csv-parse's error for the record starting at `recordStart` into one with the line and column at fault. */
function locateCsvError(error: CsvError, text: string, recordStart: number, positions: TextPositions): CsvSyntaxError {
  // `raw` may begin with the blank lines before the record, some of their characters dropped.
  const raw = typeof error.raw === "string" ? error.raw.replace(/^[\r\n]+/, "") : "";
  const readUpTo = recordStart + raw.length;
  const syntaxError = (message: string, offset: number) => {
    const { line, column } = positions.at(offset);
    return new CsvSyntaxError(message, line, column);
  };
  switch (error.code) {
    case "CSV_QUOTE_NOT_CLOSED": {
      // The unclosed field runs to the end of the text and holds only doubled quotes, so one more
      // quote closes it; reading the record again then gives the fields before it.
      const values = parse(raw + QUOTE, RFC_4180_OPTIONS)[0] ?? [];
      const index = typeof error.index === "number" ? error.index : values.length - 1;
      const opening = locateFields(text, recordStart, values).starts[index] ?? recordStart;
      return syntaxError(`quoted field starting here is never closed (${DOUBLE_THE_QUOTE})`, opening);
    }
    case "CSV_INVALID_CLOSING_QUOTE": {
      // `raw` ends with the quote that closed the field; the character after it is the fault.
      const unexpected = String.fromCodePoint(text.codePointAt(readUpTo) ?? 0);
      return syntaxError(`unexpected ${JSON.stringify(unexpected)} after a closing quote (${DOUBLE_THE_QUOTE})`, readUpTo);
    }
    case "INVALID_OPENING_QUOTE":
      // `raw` ends with the quote found inside the unquoted field.
      return syntaxError(`quote inside an unquoted field (enclose the whole field in quotes and double the quote: "a ""b"" c")`, readUpTo - 1);
    default:
      // The options above leave no other syntax error; should one come, it is placed where reading stopped.
      return syntaxError(error.message, readUpTo);
  }
}

function recordValues(withRaw: unknown): string[] {
  const values = typeof withRaw === "object" && withRaw !== null && "record" in withRaw ? withRaw.record : undefined;
  if (!Array.isArray(values) || !values.every((value) => typeof value === "string")) {
    throw new TypeError("csv-parse gave a record that is not a list of texts");
  }
  return values;
}

/** Offsets in `text` at which the fields of a record starting at `start` begin, and where its last field ends. */
function locateFields(text: string, start: number, values: readonly string[]): { starts: number[]; end: number } {
  const starts: number[] = [];
  let offset = start;
  values.forEach((value, index) => {
    // Past the comma that ends the previous field.
    if (index > 0) offset++;
    starts.push(offset);
    offset += fieldLength(text, offset, value);
  });
  return { starts, end: offset };
}

/** Length in the text of the field at `offset` whose value csv-parse read as `value`. */
function fieldLength(text: string, offset: number, value: string): number {
  if (!text.startsWith(QUOTE, offset)) return value.length;
  const doubledQuotes = value.split(QUOTE).length - 1;
  return value.length + doubledQuotes + 2;
}

function skipLineBreaks(text: string, offset: number): number {
  let at = offset;
  while (text[at] === "\n" || text[at] === "\r") at++;
  return at;
}

/** Line and column (both from 1) of offsets in a text whose lines end with CRLF, LF or CR. */
class TextPositions {
  private readonly lineStarts: number[] = [0];

  constructor(text: string) {
    for (let offset = 0; offset < text.length; offset++) {
      const ch = text[offset];
      if (ch === "\n" || (ch === "\r" && text[offset + 1] !== "\n")) this.lineStarts.push(offset + 1);
    }
  }

  at(offset: number): { line: number; column: number } {
    // The last line starting at or before `offset`.
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if ((this.lineStarts[middle] as number) <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - (this.lineStarts[low] as number) + 1 };
  }
}
