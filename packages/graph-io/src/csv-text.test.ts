import { describe, expect, it } from "vitest";
import { CsvSyntaxError, parseCsv } from "./csv-text.ts";

const texts = (csv: string) => parseCsv(csv).map((row) => row.cells.map((cell) => cell.text));

describe("parseCsv", () => {
  it("reads the examples of RFC 4180 section 2", () => {
    expect(texts(`aaa,bbb,ccc\r\nzzz,yyy,xxx\r\n`)).toEqual([
      ["aaa", "bbb", "ccc"],
      ["zzz", "yyy", "xxx"],
    ]);
    expect(texts(`aaa,bbb,ccc\r\nzzz,yyy,xxx`)).toEqual([
      ["aaa", "bbb", "ccc"],
      ["zzz", "yyy", "xxx"],
    ]);
    expect(texts(`"aaa","b\r\nbb","ccc"\r\nzzz,yyy,xxx`)).toEqual([
      ["aaa", "b\r\nbb", "ccc"],
      ["zzz", "yyy", "xxx"],
    ]);
    expect(texts(`"aaa","b""bb","ccc"`)).toEqual([["aaa", `b"bb`, "ccc"]]);
  });

  it("keeps empty cells, commas inside quotes and Japanese text", () => {
    expect(texts(`a,,"x, y",\n"東京, 日本",""`)).toEqual([
      ["a", "", "x, y", ""],
      ["東京, 日本", ""],
    ]);
  });

  it("skips blank lines and accepts LF and lone CR row endings", () => {
    expect(texts(`a,b\n\n\nc,d\re,f\n`)).toEqual([
      ["a", "b"],
      ["c", "d"],
      ["e", "f"],
    ]);
  });

  it("gives each row and cell the physical line and column it starts on", () => {
    const rows = parseCsv(`h1,h2\n"multi\nline\r\ncell",x\n\ny,"z"`);
    expect(rows.map((row) => row.line)).toEqual([1, 2, 6]);
    expect(rows[1]?.cells).toEqual([
      { text: "multi\nline\r\ncell", line: 2, column: 1 },
      { text: "x", line: 4, column: 7 },
    ]);
    expect(rows[2]?.cells[1]).toEqual({ text: "z", line: 6, column: 3 });
  });

  it.each([
    [`a,"b\nc`, 1, 3, "quoted field starting here is never closed"],
    [`a,"b"c`, 1, 6, `unexpected "c" after a closing quote`],
    [`a\nb,c"d`, 2, 4, "quote inside an unquoted field"],
    // Positions after CRLF blank lines, a CRLF inside quotes and text outside ASCII.
    [`h\r\n\r\n"a\r\nb",東京,"x""y`, 4, 7, "quoted field starting here is never closed"],
    [`h\r\n"東\r\n京","z"😀`, 3, 7, `unexpected "😀" after a closing quote`],
    [`h\r\n\r\n\r\nx,東京 "y"`, 4, 6, "quote inside an unquoted field"],
  ])("refuses bad quoting in %j at its line and column", (csv, line, column, message) => {
    let caught: unknown;
    try {
      parseCsv(csv);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CsvSyntaxError);
    expect(caught).toMatchObject({ line, column });
    expect((caught as Error).message).toContain(message);
  });
});
