import { ENTITY_TYPES } from "@kgx/domain";
import { entityTypeSdl, modelEnumsSdl, relationshipSdl } from "./sdl-model.ts";
import { MUTATION_SDL } from "./sdl-mutations.ts";
import { QUERY_SDL } from "./sdl-queries.ts";
import { GRAPH_TYPES_SDL } from "./sdl-types.ts";

/**
 * The GraphQL schema of the graph as SDL, put together from its parts: the hand-written types,
 * queries and mutations, and the types generated from the domain model. Notebooks and article
 * ingest add their own SDL beside it (server.ts).
 */
export function buildTypeDefs(): string {
  return [GRAPH_TYPES_SDL.trim(), QUERY_SDL.trim(), MUTATION_SDL.trim(), modelEnumsSdl(), relationshipSdl(), ...ENTITY_TYPES.map(entityTypeSdl)].join("\n\n");
}
