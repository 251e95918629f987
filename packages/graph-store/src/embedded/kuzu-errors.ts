import { GraphStoreError } from "../errors.ts";
import { KuzuStatementError } from "./kuzu-handle.ts";

/**
 * Kùzu reports errors as plain Errors whose message starts with the failing stage
 * ("Parser exception: …", "Binder exception: …", "Interrupted."). This turns them into the
 * store's coded errors, with the line and column when the parser gives an offset.
 */
export function mapKuzuError(error: unknown): GraphStoreError {
  if (error instanceof GraphStoreError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/^Interrupted\.?$/.test(message.trim()) || /interrupted/i.test(message)) {
    return new GraphStoreError("QUERY_TIMEOUT", "The query ran past its time limit and was stopped.", { cause: error });
  }
  const position = /\(line: (\d+), offset: (\d+)\)/.exec(message);
  if (/^(Parser|Binder|Catalog) exception/i.test(message) || error instanceof KuzuStatementError) {
    const clean = message.replace(/\s*\n.*$/s, "").trim();
    if (position) {
      const line = Number(position[1]);
      const column = Number(position[2]) + 1;
      return new GraphStoreError("CYPHER_SYNTAX", clean, { cause: error, location: { line, column } });
    }
    return new GraphStoreError("CYPHER_SYNTAX", clean, { cause: error });
  }
  // Kùzu refuses a parameter the statement does not use. It is a mistake in the request, not a
  // store failure: reported as STORE_UNAVAILABLE it made a healthy store look down.
  const unusedParameter = /^Parameter (.+) not found\.?$/.exec(message.trim());
  if (unusedParameter) {
    const name = unusedParameter[1] as string;
    return new GraphStoreError("INVALID_INPUT", `The statement does not use the parameter $${name}; remove it or refer to it as $${name}.`, {
      cause: error,
      location: { field: name },
    });
  }
  // Kùzu's binder words some mistakes without its "Binder exception:" prefix, e.g. an ORDER BY
  // after RETURN DISTINCT on something not returned. They are the statement's fault, not the store's.
  if (/^Cannot evaluate expression with type \w+\.?$/.test(message.trim())) {
    return new GraphStoreError(
      "CYPHER_SYNTAX",
      `${message.trim()} An ORDER BY after RETURN DISTINCT or an aggregation may only use returned columns, and a parameter must be a value (not a node or map to read properties from).`,
      { cause: error },
    );
  }
  if (/^(Runtime|Conversion|Overflow) exception/i.test(message)) {
    return new GraphStoreError("INVALID_INPUT", message.trim(), { cause: error });
  }
  // The buffer pool is bounded (KGX_KUZU_BUFFER_POOL): a statement that needs more than it holds
  // is too large for this store, not a sign that the store is down.
  if (/^Buffer manager exception/i.test(message.trim())) {
    return new GraphStoreError(
      "QUERY_TOO_LARGE",
      "The query needs more memory than the store's buffer pool holds (KGX_KUZU_BUFFER_POOL); narrow it (a LIMIT, fewer rows, smaller values).",
      { cause: error },
    );
  }
  if (/lock/i.test(message)) {
    return new GraphStoreError("STORE_LOCKED", message.trim(), { cause: error });
  }
  return new GraphStoreError("STORE_UNAVAILABLE", `The embedded store failed: ${message.trim()}`, { cause: error });
}

/**
 * Kùzu's Node.js binding mis-handles some parameter shapes instead of refusing them: an empty list
 * has no element type to infer and fails at run time or crashes the process, and a list mixing
 * whole and fractional numbers (or a list of maps doing so under one key) is silently reinterpreted
 * bit for bit. Parameters of user queries are checked for those shapes first.
 */
export function checkEmbeddedParams(params: Readonly<Record<string, unknown>>): void {
  for (const [name, value] of Object.entries(params)) {
    if (!/^[\p{L}_][\p{L}\p{N}_]*$/u.test(name)) {
      throw new GraphStoreError("INVALID_INPUT", `Parameter name "${name}" is not a valid identifier.`, { location: { field: name } });
    }
    checkParamValue(value, `$${name}`);
  }
}

type ValueKind = "null" | "int" | "float" | "string" | "boolean" | "list" | "map";

function kindOf(value: unknown): ValueKind {
  if (value === null || value === undefined) return "null";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "float";
  if (typeof value === "string") return "string";
  if (typeof value === "boolean") return "boolean";
  if (Array.isArray(value)) return "list";
  return "map";
}

function checkParamValue(value: unknown, path: string): void {
  const kind = kindOf(value);
  if (typeof value === "number" && !Number.isFinite(value)) {
    throw new GraphStoreError("INVALID_INPUT", `${path} must be a finite number.`, { location: { field: path } });
  }
  if (kind === "list") {
    const list = value as unknown[];
    if (list.length === 0) {
      throw new GraphStoreError("INVALID_INPUT", `${path} is an empty list; the embedded store cannot type it. Leave the parameter out or use null.`, {
        location: { field: path },
      });
    }
    const kinds = new Set(list.map(kindOf).filter((k) => k !== "null"));
    if (kinds.size > 1) {
      throw new GraphStoreError(
        "INVALID_INPUT",
        `${path} mixes ${[...kinds].join(" and ")} values; the embedded store needs lists of one kind (write 1.0 as a string or use only fractions).`,
        { location: { field: path } },
      );
    }
    list.forEach((item, index) => checkParamValue(item, `${path}[${index}]`));
    if (kinds.has("map")) {
      const keyKinds = new Map<string, Set<ValueKind>>();
      for (const item of list) {
        if (kindOf(item) !== "map") continue;
        for (const [k, v] of Object.entries(item as Record<string, unknown>)) {
          const set = keyKinds.get(k) ?? new Set<ValueKind>();
          if (kindOf(v) !== "null") set.add(kindOf(v));
          keyKinds.set(k, set);
        }
      }
      for (const [k, set] of keyKinds) {
        if (set.size > 1) {
          throw new GraphStoreError("INVALID_INPUT", `${path}[*].${k} mixes ${[...set].join(" and ")} values; use one kind per key.`, {
            location: { field: `${path}[*].${k}` },
          });
        }
      }
    }
  } else if (kind === "map") {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) checkParamValue(v, `${path}.${k}`);
  }
}
