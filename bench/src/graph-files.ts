import fs from "node:fs";
import path from "node:path";
import { entityProperties, relationshipProperties, type EntityTypeName, type PropertyValue, type RelationshipTypeName } from "@kgx/domain";
import { toJsonLines, type SyntheticGraph } from "./synthetic-graph.ts";

/**
 * The generated graph on disk: JSON Lines for `kgx import`, and Kùzu-ready CSV files (one per node
 * table, one per relationship table and endpoint pair, columns in table order) for the raw
 * `COPY FROM` baseline. The generator only makes values CSV can carry as they are.
 */

export interface CopyFile {
  readonly file: string;
  readonly statement: string;
  readonly rows: number;
}

export function writeJsonLines(graph: SyntheticGraph, dir: string): string {
  const file = path.join(dir, "graph.jsonl");
  fs.writeFileSync(file, toJsonLines(graph));
  return file;
}

function cell(value: PropertyValue | undefined): string {
  if (value === undefined || value === null) return "";
  if (Array.isArray(value)) return `"[${value.join(",")}]"`;
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function writeCopyFiles(graph: SyntheticGraph, dir: string): CopyFile[] {
  fs.mkdirSync(dir, { recursive: true });
  const typeOf = new Map<string, EntityTypeName>(graph.entities.map((e) => [e.id, e.type]));
  const nodeLines = new Map<EntityTypeName, string[]>();
  for (const entity of graph.entities) {
    const line = entityProperties(entity.type)
      .map((spec) => cell(spec.name === "id" ? entity.id : entity.properties[spec.name]))
      .join(",");
    nodeLines.set(entity.type, [...(nodeLines.get(entity.type) ?? []), line]);
  }
  const relLines = new Map<string, { type: RelationshipTypeName; from: EntityTypeName; to: EntityTypeName; lines: string[] }>();
  for (const rel of graph.relationships) {
    const from = typeOf.get(rel.from) as EntityTypeName;
    const to = typeOf.get(rel.to) as EntityTypeName;
    const line = [rel.from, rel.to, ...relationshipProperties(rel.type).map((spec) => cell(spec.name === "id" ? rel.id : rel.properties[spec.name]))].join(",");
    const key = `${rel.type}-${from}-${to}`;
    const group = relLines.get(key) ?? { type: rel.type, from, to, lines: [] };
    group.lines.push(line);
    relLines.set(key, group);
  }
  const files: CopyFile[] = [];
  for (const [type, lines] of nodeLines) {
    const file = path.join(dir, `${type}.csv`);
    fs.writeFileSync(file, `${lines.join("\n")}\n`);
    files.push({ file, statement: `COPY ${type} FROM '${file}' (header=false)`, rows: lines.length });
  }
  for (const [key, group] of relLines) {
    const file = path.join(dir, `${key}.csv`);
    fs.writeFileSync(file, `${group.lines.join("\n")}\n`);
    files.push({ file, statement: `COPY ${group.type} FROM '${file}' (header=false, from='${group.from}', to='${group.to}')`, rows: group.lines.length });
  }
  return files;
}
