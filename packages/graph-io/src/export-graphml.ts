import { allEntityPropertyKinds, allRelationshipPropertyKinds, type PropertyKind, type PropertySpec } from "@kgx/domain";
import type { GraphBatch } from "@kgx/graph-store";
import { modelProperties, type ModelProperty } from "./export-records.ts";
import { entityPropertySpecs, relationshipPropertySpecs } from "./property-specs.ts";

/**
 * GraphML 1.0 (http://graphml.graphdrawing.org/specification.html) with one <key> per property in
 * the model, so the file declares the whole schema whether or not a property is used.
 *
 * Neo4j's APOC reader (apoc.import.graphml with readLabels) takes node labels from a data key with
 * the id "labels" and a relationship's type only from a `label` attribute on <edge>, so both are
 * written the way APOC's own exporter writes them, `labels` attribute on <node> included. The
 * GraphML schema has no place for those two attributes; other readers (yEd, Gephi, NetworkX,
 * igraph) ignore attributes they do not know.
 */
export function exportGraphml(batch: GraphBatch): string {
  const nodeKeys = propertyKeys(allEntityPropertyKinds());
  const edgeKeys = propertyKeys(allRelationshipPropertyKinds());
  const out: string[] = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">`,
    keyElement("labels", "node", "labels", "string"),
    keyElement("node.type", "node", "type", "string"),
    ...nodeKeys.map((spec) => keyElement(`node.${spec.name}`, "node", spec.name, spec.kind)),
    keyElement("label", "edge", "label", "string"),
    keyElement("edge.type", "edge", "type", "string"),
    ...edgeKeys.map((spec) => keyElement(`edge.${spec.name}`, "edge", spec.name, spec.kind)),
    `  <graph id="kgx" edgedefault="directed">`,
  ];
  for (const entity of batch.entities) {
    const labels = `:${entity.type}`;
    out.push(`    <node id="${xmlAttribute(entity.id)}" labels="${xmlAttribute(labels)}">`);
    out.push(dataElement("labels", labels), dataElement("node.type", entity.type));
    for (const property of modelProperties(entity, entityPropertySpecs(entity.type).list)) {
      out.push(dataElement(`node.${property.spec.name}`, dataText(property)));
    }
    out.push(`    </node>`);
  }
  for (const relationship of batch.relationships) {
    out.push(
      `    <edge id="${xmlAttribute(relationship.id)}" source="${xmlAttribute(relationship.from)}" target="${xmlAttribute(relationship.to)}" label="${xmlAttribute(relationship.type)}">`,
    );
    out.push(dataElement("label", relationship.type), dataElement("edge.type", relationship.type));
    for (const property of modelProperties(relationship, relationshipPropertySpecs(relationship.type).list)) {
      out.push(dataElement(`edge.${property.spec.name}`, dataText(property)));
    }
    out.push(`    </edge>`);
  }
  out.push(`  </graph>`, `</graphml>`);
  return `${out.join("\n")}\n`;
}

/** GraphML's attr.type for each kind; dates have no GraphML type and lists none either, so both travel as text. */
const ATTR_TYPES: Readonly<Record<PropertyKind, string>> = {
  string: "string",
  "string[]": "string",
  int: "long",
  float: "double",
  date: "string",
  boolean: "boolean",
};

function propertyKeys(kinds: ReadonlyMap<string, PropertySpec>): PropertySpec[] {
  return [...kinds.values()].filter((spec) => spec.name !== "id");
}

function keyElement(id: string, target: "node" | "edge", name: string, kind: PropertyKind): string {
  // attr.list is APOC's extension: it reads such a value back as a list instead of a JSON string.
  const list = kind === "string[]" ? ` attr.list="string"` : "";
  return `  <key id="${xmlAttribute(id)}" for="${target}" attr.name="${xmlAttribute(name)}" attr.type="${ATTR_TYPES[kind]}"${list}/>`;
}

function dataElement(key: string, text: string): string {
  return `      <data key="${xmlAttribute(key)}">${xmlText(text)}</data>`;
}

function dataText({ spec, value }: ModelProperty): string {
  if (spec.kind === "string[]") return JSON.stringify(value);
  return String(value);
}

/** Characters XML 1.0 does not allow at all (https://www.w3.org/TR/xml/#charsets), lone surrogates included. */
const NOT_XML_CHARACTER = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const TEXT_ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
  // A parser turns a raw CR (or CRLF) into LF; a reference keeps it.
  "\r": "&#13;",
};

const ATTRIBUTE_ESCAPES: Readonly<Record<string, string>> = {
  ...TEXT_ESCAPES,
  // Attribute-value normalisation turns raw tabs and line breaks into spaces; references survive it.
  "\n": "&#10;",
  "\t": "&#9;",
};

export function xmlText(value: string): string {
  return value.replace(NOT_XML_CHARACTER, "").replace(/[&<>"'\r]/g, (ch) => TEXT_ESCAPES[ch] ?? ch);
}

export function xmlAttribute(value: string): string {
  return value.replace(NOT_XML_CHARACTER, "").replace(/[&<>"'\r\n\t]/g, (ch) => ATTRIBUTE_ESCAPES[ch] ?? ch);
}
