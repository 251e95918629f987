import type { ResultValue } from "@kgx/graph-store";

/** Renders one result cell for a terminal: nodes and relationships in a compact Cypher-like form. */
export function formatCell(value: ResultValue): string {
  if (value === null) return "null";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `[${value.map(formatCell).join(", ")}]`;
  const object = value as Record<string, unknown>;
  if (object["kind"] === "node" && typeof object["id"] === "string") {
    const name = (object["properties"] as Record<string, unknown> | undefined)?.["name"];
    return `(${String(object["type"])} ${object["id"]}${typeof name === "string" ? ` "${name}"` : ""})`;
  }
  if (object["kind"] === "relationship") {
    return `[:${String(object["type"])} ${String(object["source"])}->${String(object["target"])}]`;
  }
  if (object["kind"] === "path" && Array.isArray(object["nodes"])) {
    return (object["nodes"] as { id: string }[]).map((n) => `(${n.id})`).join("--");
  }
  return JSON.stringify(value);
}

/** Columns in a terminal: East Asian wide characters take two cells, so Japanese names line up. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    width += isWide(code) ? 2 : 1;
  }
  return width;
}

function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1faff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}

function clip(text: string, max: number): string {
  if (displayWidth(text) <= max) return text;
  let out = "";
  for (const ch of text) {
    if (displayWidth(out + ch) > max - 1) break;
    out += ch;
  }
  return `${out}…`;
}

function pad(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - displayWidth(text)));
}

export function renderTable(columns: readonly string[], rows: readonly (readonly ResultValue[])[], maxCellWidth = 60): string {
  const cells = rows.map((row) => row.map((v) => clip(formatCell(v).replace(/\s+/g, " "), maxCellWidth)));
  const widths = columns.map((c, i) => Math.max(displayWidth(c), ...cells.map((row) => displayWidth(row[i] ?? ""))));
  const line = (parts: readonly string[]) => `| ${parts.map((p, i) => pad(p, widths[i] ?? 0)).join(" | ")} |`;
  const rule = `+${widths.map((w) => "-".repeat(w + 2)).join("+")}+`;
  return [rule, line(columns), rule, ...cells.map(line), rule].join("\n");
}
