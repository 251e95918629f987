import { NOTEBOOK_LIMITS } from "@kgx/notebook";

/**
 * The notebooks part of the schema: saved Cypher/GraphQL notebooks, kept by the server in its
 * notebook directory. Separate from the graph's SDL because notebooks are documents, not graph data.
 */
export const NOTEBOOK_SDL = /* GraphQL */ `
"The kind of a notebook cell."
enum NotebookCellKind {
  "Notes in Markdown."
  MARKDOWN
  "A read-only Cypher statement, run with the \`cypher\` field."
  CYPHER
  "A GraphQL operation against this API."
  GRAPHQL
}

"One cell of a notebook."
type NotebookCell {
  "The cell's id, unique within its notebook."
  id: ID!
  "What the cell holds."
  kind: NotebookCellKind!
  "The cell's text."
  source: String!
  "What the cell's last run gave (\`ranAt\`, \`data\`, \`errors\`), kept until it runs again; null if it never ran."
  result: JSON
}

"A notebook: Markdown notes, Cypher and GraphQL cells, and parameters, saved on the server."
type Notebook {
  "The notebook's id (a slug; also its file name on the server)."
  id: ID!
  "The notebook's title."
  title: String!
  "Values for \`$name\` in the notebook's Cypher statements, as a JSON object."
  params: JSON!
  "The cells, in order."
  cells: [NotebookCell!]!
  "When the notebook was last saved (ISO 8601)."
  updatedAt: String!
  "True for the notebooks that ship with kgx: they can be read, run and duplicated, but saving, renaming or deleting one is NOTEBOOK_READ_ONLY."
  readOnly: Boolean!
  "The notebook as readable text: Cypher with \`// %% kind\` cell markers and Markdown as comments. Last results are left out."
  text: String!
  "The notebook in Jupyter's format (nbformat 4), as JSON text."
  ipynb: String!
}

"A notebook in the list: enough to show and open it."
type NotebookSummary {
  "The notebook's id."
  id: ID!
  "The notebook's title."
  title: String!
  "How many cells it has."
  cellCount: Int!
  "When it was last saved (ISO 8601)."
  updatedAt: String!
  "True for the notebooks that ship with kgx (see Notebook.readOnly)."
  readOnly: Boolean!
}

"A cell to save."
input NotebookCellInput {
  "The cell's id, unique within the notebook: 1–64 letters, digits, - or _."
  id: ID!
  "What the cell holds."
  kind: NotebookCellKind!
  "The cell's text."
  source: String!
  "The cell's last result to keep with it (\`ranAt\`, \`data\`, \`errors\`), or null."
  result: JSON
}

"A whole notebook to save; it replaces the stored one."
input NotebookInput {
  "The title (one line, at most ${NOTEBOOK_LIMITS.titleLength} characters)."
  title: String!
  "Values for \`$name\` in the notebook's statements, as a JSON object."
  params: JSON
  "The cells, in order (at most ${NOTEBOOK_LIMITS.cells})."
  cells: [NotebookCellInput!]!
}

extend type Query {
  "Every saved notebook, by title."
  notebooks: [NotebookSummary!]!
  "One saved notebook; null when there is none with this id."
  notebook("The notebook's id." id: ID!): Notebook
}

# Changing notebooks needs the write token when the server has one (KGX_WRITE_TOKEN) and is open
# to every client when it has none; reading never needs it. The descriptions below say so, because
# a type extension has no description of its own.
extend type Mutation {
  "Creates an empty notebook (one Cypher cell) with this title. Like every notebook change, it needs \`Authorization: Bearer <token>\` when the server has a write token (UNAUTHENTICATED otherwise). A server keeps at most KGX_NOTEBOOK_MAX_COUNT notebooks of KGX_NOTEBOOK_MAX_BYTES together; a write over either is NOTEBOOK_LIMIT_EXCEEDED and changes nothing."
  createNotebook("The title." title: String!): Notebook!
  "Creates a notebook from its text form (see Notebook.text). A bad file is BAD_USER_INPUT naming the line, and nothing is saved."
  importNotebook("The file's text." text: String!): Notebook!
  "Replaces a notebook's title, parameters and cells (with their last results). Bad input is BAD_USER_INPUT naming the field; a shipped notebook is NOTEBOOK_READ_ONLY (duplicate it)."
  saveNotebook("The notebook's id." id: ID!, "The notebook." notebook: NotebookInput!): Notebook!
  "Gives a notebook a new title. A shipped notebook is NOTEBOOK_READ_ONLY."
  renameNotebook("The notebook's id." id: ID!, "The new title." title: String!): Notebook!
  "Copies a notebook under a new id, titled '… (copy)'; the copy is the caller's to change, also when the original is read-only."
  duplicateNotebook("The notebook's id." id: ID!): Notebook!
  "Deletes a notebook. Returns false when there was none. A shipped notebook is NOTEBOOK_READ_ONLY."
  deleteNotebook("The notebook's id." id: ID!): Boolean!
}
`;
