import fs from "node:fs";
import path from "node:path";
import {
  checkArticleInput,
  commitArticle,
  isArticleWriteError,
  isIngestError,
  removeArticle,
  StoreAnalyzers,
  type AliasMergeInput,
  type ArticleAnalysis,
  type ArticleInput,
  type ConfirmedRelationshipInput,
  type NewEntityInput,
} from "@kgx/ingest";
import type { CliIo } from "../io.ts";
import { parseCommandArgs, STORE_HELP, STORE_OPTIONS, UsageError, withStore } from "./shared.ts";

export const INGEST_HELP = `Usage: kgx ingest FILE --title T [article options] [--json]
       kgx ingest FILE --title T [article options] --commit [--accept ACCEPT.json]
       kgx ingest remove SOURCE_ID

Turns an article into evidence-backed relationships, the same way the GraphQL API does.

  FILE             prints the entities the text names, candidates for new ones, figures and
                   suggested relationships (a table, or --json); writes nothing
  FILE --commit    writes the article in one transaction: its Source and MENTIONS of every entity
                   the text names, plus the new entities, merges and confirmed relationships of
                   ACCEPT.json when given
  remove           undoes a committed article: its Source, MENTIONS, the relationships it alone
                   supports, the aliases its merges added, and the entities left with no
                   relationship; prints what it removed
  (kgx ingest analyze FILE … and kgx ingest commit FILE … --plan ACCEPT.json say the same.)

ACCEPT.json: {"newEntities": [{"ref", "type", "name", "nameJa"?, "aliases"?}],
              "relationships": [{"type", "from", "to", "sentence", "claim"}],
              "merges": [{"entity", "alias"}]}
  from/to are entity ids or a new entity's ref; sentence is an index from the analysis;
  a merge adds the alias (a candidate's text) to an existing entity.

Article options:
  --title T                headline (required)
  --publisher P            who published it
  --url U                  where it can be read
  --published YYYY-MM-DD   publication date (also --date)
  --language en|ja         language (detected when absent)
  --json                   print the analysis as JSON
${STORE_HELP}`;

/** Where each article field comes from on the command line, for error messages. */
const ARTICLE_FLAGS: Readonly<Record<string, string>> = {
  text: "FILE",
  title: "--title",
  publisher: "--publisher",
  url: "--url",
  language: "--language",
};

/** An ingest error's field as a person typed it: `--date`, or `plan.json: relationships[1].to`. */
function whereOnCommandLine(field: string | undefined, planFile: string | undefined, dateFlag = "--published"): string {
  if (!field) return "";
  const article = /^input(?:\.article)?\.(text|title|publisher|url|publishedAt|language)$/.exec(field);
  if (article) return article[1] === "publishedAt" ? dateFlag : (ARTICLE_FLAGS[article[1] as string] ?? field);
  const plan = /^input\.((?:newEntities|relationships|merges).*)$/.exec(field);
  if (plan) return `${planFile ?? "plan"}: ${plan[1]}`;
  return field.replace(/^input\./, "");
}

function readText(file: string): string {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message}`);
  }
  return bytes.toString("utf8");
}

/** Line and column of a position in a text, 1-based. */
function lineAndColumn(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, position).split("\n");
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

interface Plan {
  readonly newEntities: readonly NewEntityInput[];
  readonly relationships: readonly ConfirmedRelationshipInput[];
  readonly merges: readonly AliasMergeInput[];
}

const PLAN_LISTS = ["newEntities", "relationships", "merges"] as const;

/** Reads PLAN.json, naming the file and the line, or the field, of what is wrong. */
export function readPlan(file: string, shownName: string): Plan {
  const text = readText(file);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    const where = position ? lineAndColumn(text, Number(position[1])) : undefined;
    throw new UsageError(`${shownName}${where ? `:${where.line}:${where.column}` : ""}: not valid JSON (${message})`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new UsageError(`${shownName}: expected an object with ${PLAN_LISTS.map((k) => `"${k}"`).join(", ")}`);
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!(PLAN_LISTS as readonly string[]).includes(key)) throw new UsageError(`${shownName}: unknown field "${key}" (allowed: ${PLAN_LISTS.join(", ")})`);
  }
  const list = (key: (typeof PLAN_LISTS)[number], fields: Record<string, "string" | "number" | "string[]">, required: readonly string[]) => {
    const items = record[key] ?? [];
    if (!Array.isArray(items)) throw new UsageError(`${shownName}: ${key} must be a list`);
    items.forEach((item, index) => {
      if (typeof item !== "object" || item === null || Array.isArray(item)) throw new UsageError(`${shownName}: ${key}[${index}] must be an object`);
      for (const [name, fieldValue] of Object.entries(item as Record<string, unknown>)) {
        const kind = fields[name];
        if (!kind) throw new UsageError(`${shownName}: ${key}[${index}].${name}: unknown field (allowed: ${Object.keys(fields).join(", ")})`);
        const ok =
          fieldValue === null ||
          (kind === "string" && typeof fieldValue === "string") ||
          (kind === "number" && typeof fieldValue === "number") ||
          (kind === "string[]" && Array.isArray(fieldValue) && fieldValue.every((v) => typeof v === "string"));
        if (!ok) throw new UsageError(`${shownName}: ${key}[${index}].${name}: expected ${kind === "string[]" ? "a list of strings" : `a ${kind}`}`);
      }
      for (const name of required) {
        if ((item as Record<string, unknown>)[name] === undefined) throw new UsageError(`${shownName}: ${key}[${index}].${name} is required`);
      }
    });
    return items;
  };
  return {
    newEntities: list("newEntities", { ref: "string", type: "string", name: "string", nameJa: "string", aliases: "string[]" }, [
      "ref",
      "type",
      "name",
    ]) as NewEntityInput[],
    relationships: list("relationships", { type: "string", from: "string", to: "string", sentence: "number", claim: "string" }, [
      "type",
      "from",
      "to",
      "sentence",
      "claim",
    ]) as ConfirmedRelationshipInput[],
    merges: list("merges", { entity: "string", alias: "string" }, ["entity", "alias"]) as AliasMergeInput[],
  };
}

function analysisTable(analysis: ArticleAnalysis, names: ReadonlyMap<string, string>): string {
  const lines: string[] = [`language: ${analysis.language}; ${analysis.sentences.length} sentences`, "", "Mentions (sentence, text → entity):"];
  for (const m of analysis.mentions) lines.push(`  [${m.sentence}] ${m.text} → ${m.entityId}${names.has(m.entityId) ? ` (${names.get(m.entityId)})` : ""}`);
  if (analysis.mentions.length === 0) lines.push("  none");
  lines.push("", "Candidates for new entities (proposed type, occurrences):");
  for (const c of analysis.candidates) lines.push(`  ${c.text}  ${c.proposedType}  ×${c.occurrences}`);
  if (analysis.candidates.length === 0) lines.push("  none");
  lines.push("", "Figures (sentence, text = value unit):");
  for (const f of analysis.figures) lines.push(`  [${f.sentence}] ${f.text} = ${f.value} ${f.unit}`);
  if (analysis.figures.length === 0) lines.push("  none");
  lines.push("", "Suggested relationships (sentence, score):");
  for (const s of analysis.suggestions) lines.push(`  [${s.sentence}] ${s.from} -${s.type}-> ${s.to}  ${s.score.toFixed(2)}`);
  if (analysis.suggestions.length === 0) lines.push("  none");
  lines.push("", "Sentences:");
  for (const s of analysis.sentences) lines.push(`  [${s.index}] ¶${s.paragraph} ${s.text}`);
  return lines.join("\n");
}

export async function ingestCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    {
      ...STORE_OPTIONS,
      title: { type: "string" },
      publisher: { type: "string" },
      url: { type: "string" },
      date: { type: "string" },
      published: { type: "string" },
      language: { type: "string" },
      plan: { type: "string" },
      accept: { type: "string" },
      commit: { type: "boolean" },
      json: { type: "boolean" },
    },
    true,
  );
  if (values.help) {
    io.stdout.write(`${INGEST_HELP}\n`);
    return 0;
  }
  // `kgx ingest FILE [--commit]` and `kgx ingest analyze|commit FILE` are the same commands.
  const named = positionals[0] === "analyze" || positionals[0] === "commit" || positionals[0] === "remove";
  const [action, target, ...extra] = named ? positionals : [values.commit ? "commit" : "analyze", ...positionals];
  if (extra.length > 0) throw new UsageError(`unexpected ${extra.join(" ")}`);
  if (!target) throw new UsageError(action === "remove" ? "kgx ingest remove needs the SOURCE_ID" : "kgx ingest needs the article FILE");
  if (values.commit && action !== "commit") throw new UsageError(`--commit does not go with kgx ingest ${action}`);
  if (values.plan && values.accept) throw new UsageError("give the accepted candidates and relationships once: --accept FILE (or --plan FILE)");
  if (values.date && values.published) throw new UsageError("give the publication date once: --published YYYY-MM-DD");
  const publishedAt = values.published ?? values.date;
  const dateFlag = values.date !== undefined ? "--date" : "--published";
  const planFile = values.accept ?? values.plan;
  const planName = planFile ? path.relative(process.cwd(), path.resolve(planFile)) || planFile : undefined;

  try {
    if (action === "remove") {
      return await withStore(io, values, async (store) => {
        const plan = await removeArticle(store, target);
        io.stdout.write(
          [
            `removed ${plan.sourceId}${plan.title ? ` "${plan.title}"` : ""}`,
            `  mentions removed:                       ${plan.mentionsRemoved}`,
            `  relationships removed:                  ${plan.relationshipsRemoved.length}`,
            ...plan.relationshipsRemoved.map((r) => `    ${r.from} -${r.type}-> ${r.to} (${r.id})`),
            `  relationships kept with other evidence: ${plan.relationshipsKept.length}`,
            ...plan.relationshipsKept.map((r) => `    ${r.from} -${r.type}-> ${r.to} (${r.id})`),
            `  entities removed:                       ${plan.entitiesRemoved.length}`,
            ...plan.entitiesRemoved.map((e) => `    ${e.type} ${e.id} "${e.name}"`),
            ...(plan.aliasesRemoved.length > 0
              ? [`  aliases taken back:                     ${plan.aliasesRemoved.map((a) => `${a.entityId} "${a.alias}"`).join(", ")}`]
              : []),
          ].join("\n") + "\n",
        );
        return 0;
      });
    }
    if (!values.title) throw new UsageError(`kgx ingest ${action} needs --title`);
    const article: ArticleInput = {
      text: readText(target),
      title: values.title,
      publisher: values.publisher ?? null,
      url: values.url ?? null,
      publishedAt: publishedAt ?? null,
      language: values.language ?? null,
    };
    const plan = planFile ? readPlan(planFile, planName as string) : undefined;
    checkArticleInput(article, "input");
    return await withStore(io, values, async (store) => {
      const analyzers = new StoreAnalyzers(store);
      if (action === "analyze") {
        const analysis = await analyzers.analyze(article);
        if (values.json) {
          io.stdout.write(`${JSON.stringify(analysis, null, 2)}\n`);
          return 0;
        }
        const named = await store.getEntities([...new Set(analysis.mentions.map((m) => m.entityId))]);
        const names = new Map(named.map((n) => [n.id, typeof n.properties["name"] === "string" ? n.properties["name"] : n.id]));
        io.stdout.write(`${analysisTable(analysis, names)}\n`);
        return 0;
      }
      const result = await commitArticle(
        store,
        { article, newEntities: plan?.newEntities ?? [], relationships: plan?.relationships ?? [], merges: plan?.merges ?? [] },
        (a, more) => analyzers.analyzeWith(a, more),
      );
      io.stdout.write(
        [
          `committed ${result.sourceId}`,
          `  entities created:        ${result.entitiesCreated}${result.newEntities.map((e) => `\n    ${e.ref} → ${e.id}`).join("")}`,
          `  relationships created:   ${result.relationshipsCreated}`,
          `  relationships extended:  ${result.relationshipsExtended}`,
          `  mentions written:        ${result.mentionsWritten}`,
          ...(result.aliasesAdded.length > 0 ? [`  aliases added:           ${result.aliasesAdded.map((a) => `${a.entityId} "${a.alias}"`).join(", ")}`] : []),
          `Undo with: kgx ingest remove ${result.sourceId}`,
        ].join("\n") + "\n",
      );
      return 0;
    });
  } catch (error) {
    if (isArticleWriteError(error) || isIngestError(error)) {
      const where = whereOnCommandLine(error.field ? (isIngestError(error) ? `input.${error.field}` : error.field) : undefined, planName, dateFlag);
      const message = error.message.replace(/^input(?:\.article)?\.[^\s:]+: /, "");
      io.stderr.write(`kgx ingest: error [${error.code}]: ${where ? `${where}: ` : ""}${message}\n`);
      if (isArticleWriteError(error)) {
        for (const problem of error.problems.slice(1)) io.stderr.write(`  also ${whereOnCommandLine(problem.field, planName, dateFlag)}: ${problem.message}\n`);
      }
      return 1;
    }
    throw error;
  }
}
