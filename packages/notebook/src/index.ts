/**
 * Public API of @kgx/notebook: everything exported here is public. The notebook shape and its
 * validation, the readable text form (Cypher with cell markers) and Jupyter export. Plain
 * TypeScript with no Node APIs, so the web app uses it too; the server's notebook directory is
 * the `./directory` subpath.
 */
export {
  CELL_KINDS,
  NOTEBOOK_LIMITS,
  NotebookFormatError,
  isCellKind,
  nextCellId,
  paramsUsedBy,
  parseNotebook,
  titleProblems,
  type CellKind,
  type CellResult,
  type Notebook,
  type NotebookCell,
} from "./notebook.ts";
export { TEXT_FORMAT_HEADER, notebookToText, parseNotebookText } from "./text-format.ts";
export { exportFileName, exportFileStem } from "./export-name.ts";
export { notebookToIpynb, notebookToIpynbText, type IpynbCell, type IpynbNotebook } from "./ipynb.ts";
