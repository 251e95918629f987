import { describe, expect, it } from "vitest";
import type { ArticleAnalysis, ArticleFields } from "./ingest-client.ts";
import {
  CANDIDATE_TYPES,
  addRelationship,
  allowedRelationshipTypes,
  candidateKey,
  endpoints,
  evidenceSentences,
  planCommit,
  previewCommit,
  refFor,
  startReview,
  swapDirection,
  updateCandidate,
  updateRelationship,
} from "./ingest-review.ts";

const TEXT = "Nvidia designs the H20. Howard Lutnick spoke about the H20.\n\nKestrel Silicon will buy H20 chips from Nvidia.";

function at(part: string, from = 0): { start: number; end: number } {
  const start = TEXT.indexOf(part, from);
  if (start < 0) throw new Error(part);
  return { start, end: start + part.length };
}

const NVIDIA = { id: "nvidia", name: "Nvidia", nameJa: "エヌビディア", type: "Organization" } as const;
const H20 = { id: "h20", name: "H20", nameJa: null, type: "Chip" } as const;
const LUTNICK = { id: "howard-lutnick", name: "Howard Lutnick", nameJa: null, type: "Person" } as const;

const ANALYSIS: ArticleAnalysis = {
  language: "en",
  text: TEXT,
  sentences: [
    { index: 0, paragraph: 1, text: "Nvidia designs the H20.", ...at("Nvidia designs the H20.") },
    { index: 1, paragraph: 1, text: "Howard Lutnick spoke about the H20.", ...at("Howard Lutnick spoke about the H20.") },
    { index: 2, paragraph: 2, text: "Kestrel Silicon will buy H20 chips from Nvidia.", ...at("Kestrel Silicon will buy H20 chips from Nvidia.") },
  ],
  mentions: [
    { entity: NVIDIA, text: "Nvidia", sentence: 0, ...at("Nvidia") },
    { entity: H20, text: "H20", sentence: 0, ...at("H20") },
    { entity: LUTNICK, text: "Howard Lutnick", sentence: 1, ...at("Howard Lutnick") },
    { entity: H20, text: "H20", sentence: 1, ...at("H20", 30) },
    { entity: H20, text: "H20", sentence: 2, ...at("H20", 70) },
    { entity: NVIDIA, text: "Nvidia", sentence: 2, ...at("Nvidia", 70) },
  ],
  candidates: [
    { text: "Kestrel Silicon", proposedType: "Organization", occurrences: 1, positions: [{ sentence: 2, ...at("Kestrel Silicon") }] },
    { text: "Lutnick Memo", proposedType: "Source", occurrences: 1, positions: [] },
  ],
  figures: [],
  suggestions: [
    { type: "MAKES", from: NVIDIA, to: H20, sentence: 0, score: 0.9 },
    { type: "MAKES", from: NVIDIA, to: H20, sentence: 2, score: 0.5 },
  ],
};

const ARTICLE: ArticleFields = { text: TEXT, title: "Kestrel buys in", publisher: "Test Wire", url: null, publishedAt: "2025-08-01", language: null };

describe("the relationship types a pair of entities allows", () => {
  it("follows the model's endpoints, and leaves out the MENTIONS the commit writes itself", () => {
    expect(allowedRelationshipTypes("Organization", "Chip")).toEqual(expect.arrayContaining(["MAKES", "MANUFACTURES", "ADOPTS", "DEPENDS_ON"]));
    expect(allowedRelationshipTypes("Organization", "Chip")).not.toContain("LEADS");
    expect(allowedRelationshipTypes("Chip", "Organization")).toEqual([]);
    expect(allowedRelationshipTypes("Person", "Organization")).toEqual(["LEADS", "WORKS_AT"]);
    expect(allowedRelationshipTypes("Source", "Organization")).not.toContain("MENTIONS");
    expect(allowedRelationshipTypes("Nonsense", "Chip")).toEqual([]);
  });

  it("offers candidates every entity type but Source and Statement", () => {
    expect(CANDIDATE_TYPES).toContain("Organization");
    expect(CANDIDATE_TYPES).toContain("Person");
    expect(CANDIDATE_TYPES).not.toContain("Source");
    expect(CANDIDATE_TYPES).not.toContain("Statement");
  });
});

describe("the review of an analysis", () => {
  it("starts with every candidate undecided and every suggestion unconfirmed with no claim", () => {
    const review = startReview(ANALYSIS);
    expect(review.candidates.map((c) => [c.text, c.decision, c.type])).toEqual([
      ["Kestrel Silicon", "pending", "Organization"],
      // A type candidates cannot have is replaced by one they can.
      ["Lutnick Memo", "pending", "Organization"],
    ]);
    expect(review.relationships.every((r) => !r.confirmed && r.claim === "")).toBe(true);
    const plan = planCommit(ARTICLE, ANALYSIS, review);
    expect(plan.input).toEqual({ article: ARTICLE, newEntities: [], merges: [], relationships: [] });
    expect(plan.problems).toEqual([]);
  });

  it("prefills a Japanese article's candidate as its Japanese name too", () => {
    const review = startReview({
      ...ANALYSIS,
      language: "ja",
      candidates: [{ text: "ケストレル", proposedType: "Organization", occurrences: 2, positions: [] }],
    });
    expect(review.candidates[0]).toMatchObject({ name: "ケストレル", nameJa: "ケストレル" });
  });

  it("builds the commit from accepted candidates and confirmed relationships, naming new entities by their ref", () => {
    let review = startReview(ANALYSIS);
    review = updateCandidate(review, candidateKey(0), { decision: "accept", nameJa: "ケストレル・シリコン" });
    review = updateCandidate(review, candidateKey(1), { decision: "ignore" });
    review = updateRelationship(review, "suggestion:0", { confirmed: true, claim: "  Nvidia is the designer of the H20.  " });
    review = addRelationship(review, { type: "ADOPTS", from: candidateKey(0), to: "h20", sentence: 2, claim: "Kestrel Silicon is to take H20s into use." });
    const plan = planCommit(ARTICLE, ANALYSIS, review);
    expect(plan.problems).toEqual([]);
    expect(plan.input.newEntities).toEqual([
      { ref: "kestrel-silicon", type: "Organization", name: "Kestrel Silicon", nameJa: "ケストレル・シリコン", aliases: [] },
    ]);
    expect(plan.input.relationships).toEqual([
      { type: "MAKES", from: "nvidia", to: "h20", sentence: 0, claim: "Nvidia is the designer of the H20." },
      { type: "ADOPTS", from: "kestrel-silicon", to: "h20", sentence: 2, claim: "Kestrel Silicon is to take H20s into use." },
    ]);
    expect(plan.newEntityKeys).toEqual([candidateKey(0)]);
    expect(plan.relationshipKeys).toEqual(["suggestion:0", "added:0"]);
    const preview = previewCommit(plan, ANALYSIS);
    expect(preview).toMatchObject({ relationshipsConfirmed: 2, mentionedEntities: 4, newEntities: [{ name: "Kestrel Silicon", type: "Organization" }] });
    expect(preview.source).toEqual({ title: "Kestrel buys in", publisher: "Test Wire", url: null, publishedAt: "2025-08-01" });
  });

  it("keeps the article's own spelling as an alias when the name was edited", () => {
    const review = updateCandidate(startReview(ANALYSIS), candidateKey(0), { decision: "accept", name: "Kestrel Silicon Inc." });
    expect(planCommit(ARTICLE, ANALYSIS, review).input.newEntities[0]).toMatchObject({ name: "Kestrel Silicon Inc.", aliases: ["Kestrel Silicon"] });
  });

  it("turns a merge into an alias of the chosen entity, written with the commit, and counts its mention", () => {
    const review = updateCandidate(startReview(ANALYSIS), candidateKey(1), {
      decision: "merge",
      mergeInto: { id: "lutnick-memo-2025", name: "Commerce memo", type: "Policy" },
    });
    const plan = planCommit(ARTICLE, ANALYSIS, review);
    expect(plan.aliases).toEqual([{ entity: { id: "lutnick-memo-2025", name: "Commerce memo", type: "Policy" }, alias: "Lutnick Memo" }]);
    expect(plan.input.newEntities).toEqual([]);
    expect(plan.input.merges).toEqual([{ entity: "lutnick-memo-2025", alias: "Lutnick Memo" }]);
    expect(previewCommit(plan, ANALYSIS).mentionedEntities).toBe(4);
  });

  it("says why it cannot commit: no claim, no name, no entity to merge into, a type the ends do not allow, a dropped candidate", () => {
    let review = startReview(ANALYSIS);
    review = updateRelationship(review, "suggestion:0", { confirmed: true, claim: "   " });
    review = updateCandidate(review, candidateKey(0), { decision: "accept", name: " " });
    review = updateCandidate(review, candidateKey(1), { decision: "merge" });
    review = updateRelationship(review, "suggestion:1", { confirmed: true, claim: "Nvidia leads the H20?", type: "LEADS" });
    review = addRelationship(review, { type: "ADOPTS", from: candidateKey(0), to: "h20", sentence: 2, claim: "Kestrel takes H20s." });
    review = updateCandidate(review, candidateKey(0), { decision: "ignore" });
    const problems = planCommit(ARTICLE, ANALYSIS, review).problems;
    expect(problems.map((p) => p.key)).toEqual([candidateKey(1), "suggestion:0", "suggestion:1", "added:0"]);
    expect(problems[0]?.message).toMatch(/Lutnick Memo.*pick the entity/);
    expect(problems[1]?.message).toMatch(/MAKES from Nvidia to H20: write the claim/);
    expect(problems[2]?.message).toMatch(/does not allow LEADS from an Organization to a Chip/);
    expect(problems[3]?.message).toMatch(/no longer accepted/);

    const unnamed = planCommit(ARTICLE, ANALYSIS, updateCandidate(startReview(ANALYSIS), candidateKey(0), { decision: "accept", name: "" })).problems;
    expect(unnamed).toEqual([{ key: candidateKey(0), message: "Candidate “Kestrel Silicon”: give the new entity a name." }]);
  });

  it("refuses the same relationship confirmed twice on one sentence", () => {
    let review = updateRelationship(startReview(ANALYSIS), "suggestion:0", { confirmed: true, claim: "Nvidia designs it." });
    review = addRelationship(review, { type: "MAKES", from: "nvidia", to: "h20", sentence: 0, claim: "Again." });
    expect(planCommit(ARTICLE, ANALYSIS, review).problems.map((p) => p.message)).toEqual([
      "MAKES from Nvidia to H20: confirmed twice with the same sentence; drop one.",
    ]);
  });
});

describe("ends, direction and evidence of a relationship", () => {
  it("offers the mentioned entities once each, then the accepted candidates", () => {
    const review = updateCandidate(startReview(ANALYSIS), candidateKey(0), { decision: "accept", type: "Organization" });
    expect(endpoints(ANALYSIS, review).map((e) => [e.key, e.isNew])).toEqual([
      ["nvidia", false],
      ["h20", false],
      ["howard-lutnick", false],
      [candidateKey(0), true],
    ]);
  });

  it("swaps the direction keeping the type where the model allows it, changing it where not, and not at all where nothing fits", () => {
    const review = updateCandidate(startReview(ANALYSIS), candidateKey(0), { decision: "accept" });
    const ends = endpoints(ANALYSIS, review);
    const competes = {
      key: "x",
      origin: "added" as const,
      confirmed: true,
      type: "COMPETES_WITH",
      from: "nvidia",
      to: candidateKey(0),
      sentence: 2,
      claim: "",
    };
    expect(swapDirection(competes, ends)).toMatchObject({ from: candidateKey(0), to: "nvidia", type: "COMPETES_WITH" });
    const depends = { ...competes, type: "DEPENDS_ON" };
    expect(swapDirection(depends, ends)?.type).toBe("DEPENDS_ON");
    const makes = { ...competes, type: "MAKES", to: "h20" };
    expect(swapDirection(makes, ends)).toBeUndefined();
    const leads = { ...competes, type: "LEADS", from: "howard-lutnick", to: "nvidia" };
    expect(swapDirection(leads, ends)).toBeUndefined();
  });

  it("finds the sentences naming both ends, a candidate by its positions", () => {
    const review = updateCandidate(startReview(ANALYSIS), candidateKey(0), { decision: "accept" });
    expect(evidenceSentences(ANALYSIS, review, "nvidia", "h20")).toEqual([0, 2]);
    expect(evidenceSentences(ANALYSIS, review, candidateKey(0), "nvidia")).toEqual([2]);
    // No sentence names both: every sentence naming either is offered.
    expect(evidenceSentences(ANALYSIS, review, "howard-lutnick", "nvidia")).toEqual([0, 1, 2]);
  });

  it("makes readable refs unique within a commit", () => {
    const taken = new Set(["kestrel-silicon"]);
    expect(refFor("Kestrel Silicon", taken)).toBe("kestrel-silicon-2");
    expect(refFor("Société Générale", new Set())).toBe("societe-generale");
    expect(refFor("ケストレル", new Set())).toBe("new-entity");
  });
});
