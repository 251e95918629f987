/**
 * Public API of @kgx/domain: the one declaration of entity types, relationship types and their
 * properties, and what derives from it (schema statements, validation).
 */
export * from "./model.ts";
export * from "./lookup.ts";
export * from "./records.ts";
export * from "./schema.ts";
