/**
 * Public API of @kgx/graph-io: everything exported here is public. Reading import files (JSON,
 * JSON Lines, CSV, Cypher) into validated batches, and writing batches as JSON, GraphML or Cypher.
 */
export {
  DEFAULT_MAX_IMPORT_BYTES,
  IMPORT_FORMATS_BY_EXTENSION,
  checkImportFileSize,
  decodeImportBytes,
  importFormatOf,
  parseImportFile,
  readImportFile,
  type ImportFormat,
  type ImportOptions,
  type ParsedImport,
} from "./import-file.ts";
export { defaultRelationshipId, type EntityTypeLookup } from "./import-records.ts";
export { DEFAULT_MAX_REPORTED_PROBLEMS } from "./problems.ts";
export { EXPORT_FORMATS, exportGraph, type ExportFormat } from "./export-graph.ts";
