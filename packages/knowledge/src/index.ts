/**
 * Public API of @kgx/knowledge: everything exported here is public. Where the shipped knowledge,
 * notebooks and schema files are, and seeding a store with the knowledge.
 */
export { KNOWLEDGE_DIR, SHIPPED_NOTEBOOKS_DIR, SCHEMA_DIR } from "./locations.ts";
export { loadKnowledgeScript, seedKnowledge, type SeedSummary } from "./seed.ts";
