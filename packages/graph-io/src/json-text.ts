/**
 * A strict JSON reader (RFC 8259) that remembers where things are. `JSON.parse` reports neither
 * the line of a value nor, portably, the position of a syntax error, and import errors must say
 * `file:line`. As with JSON.parse, a "__proto__" key is an ordinary property.
 *
 * Why not a library: jsonc-parser's `visit` (and SAX readers such as clarinet) do give the line
 * and column of each token and error, but what an import needs beyond that they leave to the
 * caller: jsonc-parser (made for JSON with comments, which it can be told to refuse) reports an error as a code (ValueExpected,
 * CommaExpected) without what was found; neither refuses a duplicate key (the second "id" of a
 * record would silently win); and positions would still have to be tied to the parsed objects
 * and arrays, which is most of this file. What it says instead — `duplicate key "a" (first at
 * line 1)`, `JSON allows no comma before ]`, `strings need double quotes`, a depth bound against
 * hostile nesting — is tested in json-text.test.ts.
 */

export interface TextPosition {
  /** 1-based line. */
  readonly line: number;
  /** 1-based column, in UTF-16 code units (as editors count them). */
  readonly column: number;
}

export class JsonSyntaxError extends Error {
  readonly line: number;
  readonly column: number;

  constructor(message: string, position: TextPosition) {
    super(message);
    this.name = "JsonSyntaxError";
    this.line = position.line;
    this.column = position.column;
  }
}

/**
 * Where a container and its parts start. Kept as flat lists of numbers rather than one object per
 * key or element: on a large file those objects would be most of the garbage collector's work.
 */
interface ContainerPositions {
  readonly start: TextPosition;
  /** For objects: each key, in order, with its line and column at the same index below. */
  readonly keys: string[];
  /** For objects, the lines and columns of `keys`; for arrays, of each element. */
  readonly lines: number[];
  readonly columns: number[];
}

export interface JsonDocument {
  readonly value: unknown;
  /** Where an object or array in `value` starts. */
  positionOf(container: object): TextPosition | undefined;
  /** Where `key` is written in an object of `value`. */
  keyPositionOf(object: object, key: string): TextPosition | undefined;
  /** Where element `index` of an array in `value` starts. */
  elementPositionOf(array: readonly unknown[], index: number): TextPosition | undefined;
}

/** Records and their lists are at most a few levels deep; this bounds recursion on hostile input. */
const MAX_DEPTH = 64;

const NUMBER_PATTERN = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** Characters a string can hold as they are; the rest end it, start an escape or are refused. */
// eslint-disable-next-line no-control-regex -- JSON refuses raw control characters inside a string (RFC 8259, section 7)
const PLAIN_STRING_RUN = /[^"\\\u0000-\u001f]*/y;

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

export interface JsonReadOptions {
  /** The number of the text's first line, for texts cut from a larger file (default 1). */
  readonly firstLine?: number;
  /**
   * Positions are kept for objects and arrays nested at most this deep, the top-level value being
   * at depth 0 (default: all). Keeping them costs memory and collector time on large files, and
   * the values inside a record need none of their own.
   */
  readonly positionDepth?: number;
}

/** Parses one JSON text, keeping where its objects, keys and elements are. */
export function parseJsonWithPositions(text: string, options: JsonReadOptions = {}): JsonDocument {
  const reader = new JsonReader(text, options.firstLine ?? 1, options.positionDepth ?? Number.POSITIVE_INFINITY);
  reader.skipWhitespace();
  const value = reader.readValue(0);
  reader.skipWhitespace();
  if (!reader.atEnd()) reader.fail(`unexpected ${reader.describeNext()} after the end of the JSON value`);
  const positions = reader.positions;
  return {
    value,
    positionOf: (container) => positions.get(container)?.start,
    keyPositionOf: (object, key) => {
      const where = positions.get(object);
      return where ? positionAt(where, where.keys.indexOf(key)) : undefined;
    },
    elementPositionOf: (array, index) => {
      const where = positions.get(array);
      return where ? positionAt(where, index) : undefined;
    },
  };
}

function positionAt(where: ContainerPositions, index: number): TextPosition | undefined {
  const line = where.lines[index];
  const column = where.columns[index];
  return line === undefined || column === undefined ? undefined : { line, column };
}

class JsonReader {
  readonly positions = new Map<object, ContainerPositions>();
  private offset = 0;
  private line: number;
  private lineStart = 0;

  constructor(
    private readonly text: string,
    firstLine: number,
    private readonly positionDepth: number,
  ) {
    this.line = firstLine;
  }

  atEnd(): boolean {
    return this.offset >= this.text.length;
  }

  position(): TextPosition {
    return { line: this.line, column: this.offset - this.lineStart + 1 };
  }

  fail(message: string, at: TextPosition = this.position()): never {
    throw new JsonSyntaxError(message, at);
  }

  describeNext(): string {
    if (this.atEnd()) return "end of file";
    const ch = this.text.charCodeAt(this.offset);
    if (ch < 0x20 || ch === 0x7f) return `character U+${ch.toString(16).toUpperCase().padStart(4, "0")}`;
    return JSON.stringify(this.text[this.offset]);
  }

  skipWhitespace(): void {
    const text = this.text;
    while (this.offset < text.length) {
      const ch = text.charCodeAt(this.offset);
      if (ch === 0x20 || ch === 0x09) {
        this.offset++;
      } else if (ch === 0x0a) {
        this.offset++;
        this.newLine();
      } else if (ch === 0x0d) {
        this.offset++;
        if (text.charCodeAt(this.offset) === 0x0a) this.offset++;
        this.newLine();
      } else {
        return;
      }
    }
  }

  private newLine(): void {
    this.line++;
    this.lineStart = this.offset;
  }

  private track(container: object, depth: number): ContainerPositions | undefined {
    if (depth > this.positionDepth) return undefined;
    const where: ContainerPositions = { start: this.position(), keys: [], lines: [], columns: [] };
    this.positions.set(container, where);
    return where;
  }

  readValue(depth: number): unknown {
    if (depth > MAX_DEPTH) this.fail(`nested more than ${MAX_DEPTH} levels deep`);
    const ch = this.text[this.offset];
    switch (ch) {
      case "{":
        return this.readObject(depth);
      case "[":
        return this.readArray(depth);
      case '"':
        return this.readString();
      case "t":
        return this.readLiteral("true", true);
      case "f":
        return this.readLiteral("false", false);
      case "n":
        return this.readLiteral("null", null);
      default:
        if (ch === "-" || (ch !== undefined && ch >= "0" && ch <= "9")) return this.readNumber();
        if (ch !== undefined && /[A-Za-z_]/.test(ch)) return this.failBareWord();
        return this.fail(`unexpected ${this.describeNext()}, expected a value`);
    }
  }

  private readObject(depth: number): Record<string, unknown> {
    const object: Record<string, unknown> = {};
    const where = this.track(object, depth);
    this.offset++;
    this.skipWhitespace();
    if (this.text[this.offset] === "}") {
      this.offset++;
      return object;
    }
    for (;;) {
      if (this.text[this.offset] !== '"') {
        const trailing = this.text[this.offset] === "}" ? " (JSON allows no comma before })" : "";
        this.fail(`unexpected ${this.describeNext()}, expected a property name in double quotes${trailing}`);
      }
      const keyLine = this.line;
      const keyColumn = this.offset - this.lineStart + 1;
      const key = this.readString();
      if (Object.hasOwn(object, key)) {
        const earlier = where?.lines[where.keys.indexOf(key)];
        this.fail(`duplicate key ${JSON.stringify(key)}${earlier === undefined ? "" : ` (first at line ${earlier})`}`, { line: keyLine, column: keyColumn });
      }
      if (where) {
        where.keys.push(key);
        where.lines.push(keyLine);
        where.columns.push(keyColumn);
      }
      this.skipWhitespace();
      if (this.text[this.offset] !== ":") this.fail(`unexpected ${this.describeNext()}, expected ":" after ${JSON.stringify(key)}`);
      this.offset++;
      this.skipWhitespace();
      const value = this.readValue(depth + 1);
      // Assigning "__proto__" would replace the prototype instead of adding a key.
      if (key === "__proto__") Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
      else object[key] = value;
      if (this.closesAfterMember("}")) return object;
    }
  }

  /** After a key's value or an element: true at the closing bracket (read past it), false after a comma. */
  private closesAfterMember(close: "}" | "]"): boolean {
    this.skipWhitespace();
    const next = this.text[this.offset];
    if (next === ",") {
      this.offset++;
      this.skipWhitespace();
      return false;
    }
    if (next === close) {
      this.offset++;
      return true;
    }
    return this.fail(`unexpected ${this.describeNext()}, expected "," or "${close}"`);
  }

  private readArray(depth: number): unknown[] {
    const array: unknown[] = [];
    const where = this.track(array, depth);
    this.offset++;
    this.skipWhitespace();
    if (this.text[this.offset] === "]") {
      this.offset++;
      return array;
    }
    for (;;) {
      if (this.text[this.offset] === "]") this.fail('unexpected "]", expected a value (JSON allows no comma before ])');
      if (where) {
        where.lines.push(this.line);
        where.columns.push(this.offset - this.lineStart + 1);
      }
      array.push(this.readValue(depth + 1));
      if (this.closesAfterMember("]")) return array;
    }
  }

  private readString(): string {
    const text = this.text;
    const start = this.position();
    this.offset++;
    let out = "";
    while (this.offset < text.length) {
      PLAIN_STRING_RUN.lastIndex = this.offset;
      PLAIN_STRING_RUN.test(text);
      if (PLAIN_STRING_RUN.lastIndex > this.offset) {
        out += text.slice(this.offset, PLAIN_STRING_RUN.lastIndex);
        this.offset = PLAIN_STRING_RUN.lastIndex;
      }
      const ch = text.charCodeAt(this.offset);
      if (ch === 0x22) {
        this.offset++;
        return out;
      }
      if (ch === 0x5c) {
        out += this.readEscape();
        continue;
      }
      if (ch < 0x20) {
        if (ch === 0x0a || ch === 0x0d) this.fail("unterminated string (a line break inside a string must be written \\n)", start);
        this.fail(`control character U+${ch.toString(16).toUpperCase().padStart(4, "0")} inside a string (write it as \\u${ch.toString(16).padStart(4, "0")})`);
      }
    }
    return this.fail("unterminated string", start);
  }

  private readEscape(): string {
    const at = this.position();
    const letter = this.text[this.offset + 1];
    if (letter === "u") {
      const hex = this.text.slice(this.offset + 2, this.offset + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail(`invalid escape "\\u${hex}" (expected four hex digits)`, at);
      this.offset += 6;
      return String.fromCharCode(Number.parseInt(hex, 16));
    }
    const replacement = letter === undefined ? undefined : SIMPLE_ESCAPES[letter];
    if (replacement === undefined) {
      this.fail(letter === undefined ? "unterminated string" : `invalid escape "\\${letter}" in a string`, at);
    }
    this.offset += 2;
    return replacement;
  }

  private readNumber(): number {
    const at = this.position();
    NUMBER_PATTERN.lastIndex = this.offset;
    const match = NUMBER_PATTERN.exec(this.text);
    if (!match) return this.fail(`invalid number`, at);
    const literal = match[0];
    const after = this.text[this.offset + literal.length];
    if (after !== undefined && /[0-9.eE+-]/.test(after)) {
      const hint = /^-?0$/.test(literal) && /[0-9]/.test(after) ? " (JSON numbers cannot start with 0)" : "";
      this.fail(`invalid number${hint}`, at);
    }
    this.offset += literal.length;
    return Number(literal);
  }

  private readLiteral<T>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.offset)) this.failBareWord();
    this.offset += word.length;
    return value;
  }

  private failBareWord(): never {
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.offset, this.offset + 40))?.[0] ?? "";
    return this.fail(`unexpected ${JSON.stringify(word)}, expected a value (strings need double quotes)`);
  }
}
