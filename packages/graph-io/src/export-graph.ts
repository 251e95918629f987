import type { GraphBatch } from "@kgx/graph-store";
import { exportCypher } from "./export-cypher.ts";
import { exportGraphml } from "./export-graphml.ts";
import { exportJson } from "./export-json.ts";
import { checkExportableBatch } from "./export-records.ts";

export const EXPORT_FORMATS = ["json", "graphml", "cypher"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * Serialises a batch: `json` in the shape the importer reads, `graphml` for graph tools, `cypher`
 * as MERGE statements that rebuild it on Kùzu or Neo4j. Records outside the domain model are
 * refused with INVALID_INPUT; for graphml and cypher every relationship's endpoints must be in the
 * batch, while a JSON export may point at entities the importing store already has.
 */
export function exportGraph(batch: GraphBatch, format: ExportFormat): string {
  switch (format) {
    case "json":
      checkExportableBatch(batch, false);
      return exportJson(batch);
    case "graphml":
      checkExportableBatch(batch, true);
      return exportGraphml(batch);
    case "cypher":
      return exportCypher(batch, checkExportableBatch(batch, true));
  }
}
