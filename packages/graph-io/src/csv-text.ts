/**
 * A CSV reader following RFC 4180 (https://www.rfc-editor.org/rfc/rfc4180): fields separated by
 * commas, optionally enclosed in double quotes, a quote inside a quoted field written twice, and
 * quoted fields free to contain commas and line breaks. Rows end with CRLF, or LF or CR alone as
 * written by other tools. Every cell keeps the physical line and column it starts at, so that
 * errors in a row whose earlier cell spans several lines still point at the right line.
 */

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

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

/** Splits CSV text into rows of cells. Blank lines are skipped; malformed quoting raises CsvSyntaxError. */
export function parseCsv(text: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let offset = 0;
  let line = 1;
  let lineStart = 0;

  /** Moves past a line break at `offset`, if there is one, and counts it. */
  const passLineBreak = (): boolean => {
    const ch = text.charCodeAt(offset);
    if (ch === CR) {
      offset += text.charCodeAt(offset + 1) === LF ? 2 : 1;
    } else if (ch === LF) {
      offset++;
    } else {
      return false;
    }
    line++;
    lineStart = offset;
    return true;
  };

  while (offset < text.length) {
    if (passLineBreak()) continue;
    const rowLine = line;
    const cells: CsvCell[] = [];
    for (;;) {
      const cellLine = line;
      const cellColumn = offset - lineStart + 1;
      let value: string;
      if (text.charCodeAt(offset) === QUOTE) {
        value = "";
        offset++;
        for (;;) {
          const close = text.indexOf('"', offset);
          if (close < 0) {
            throw new CsvSyntaxError(`quoted field starting here is never closed (a quote inside a field must be doubled: "")`, cellLine, cellColumn);
          }
          value += text.slice(offset, close);
          countLineBreaks(offset, close);
          offset = close + 1;
          if (text.charCodeAt(offset) === QUOTE) {
            value += '"';
            offset++;
            continue;
          }
          break;
        }
        const after = text.charCodeAt(offset);
        if (offset < text.length && after !== COMMA && after !== LF && after !== CR) {
          throw new CsvSyntaxError(
            `unexpected ${JSON.stringify(text[offset])} after a closing quote (a quote inside a field must be doubled: "")`,
            line,
            offset - lineStart + 1,
          );
        }
      } else {
        const start = offset;
        while (offset < text.length) {
          const ch = text.charCodeAt(offset);
          if (ch === COMMA || ch === LF || ch === CR) break;
          if (ch === QUOTE) {
            throw new CsvSyntaxError(
              `quote inside an unquoted field (enclose the whole field in quotes and double the quote: "a ""b"" c")`,
              line,
              offset - lineStart + 1,
            );
          }
          offset++;
        }
        value = text.slice(start, offset);
      }
      cells.push({ text: value, line: cellLine, column: cellColumn });
      if (text.charCodeAt(offset) === COMMA) {
        offset++;
        continue;
      }
      passLineBreak();
      break;
    }
    rows.push({ line: rowLine, cells });
  }
  return rows;

  function countLineBreaks(from: number, to: number): void {
    for (let k = from; k < to; k++) {
      const ch = text.charCodeAt(k);
      if (ch === LF || (ch === CR && text.charCodeAt(k + 1) !== LF)) {
        line++;
        lineStart = k + 1;
      }
    }
  }
}
