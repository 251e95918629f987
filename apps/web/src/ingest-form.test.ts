import { describe, expect, it } from "vitest";
import { ApiError, ApiUnreachableError } from "./api-client.ts";
import { writeTokenHeaders } from "./ingest-client.ts";
import { EMPTY_FORM, articleFields, checkArticleForm, describeError, placeError, placeErrors, sameArticle, titleFromFile } from "./ingest-form.ts";

describe("the article form", () => {
  it("asks for the text and the title before anything is sent", () => {
    expect(checkArticleForm(EMPTY_FORM)).toEqual({
      text: "Paste the article's text, or open a file with it.",
      title: "Give the article's title: it names the source every relationship will cite.",
    });
    expect(checkArticleForm({ ...EMPTY_FORM, text: "   \n ", title: "T" })).toHaveProperty("text");
    expect(checkArticleForm({ ...EMPTY_FORM, text: "Nvidia.", title: "T" })).toEqual({});
  });

  it("refuses an address that is not http(s) and a date that is not a day of the calendar", () => {
    const base = { ...EMPTY_FORM, text: "x", title: "t" };
    expect(checkArticleForm({ ...base, url: "javascript:alert(1)" })).toHaveProperty("url");
    expect(checkArticleForm({ ...base, url: "not a url" })).toHaveProperty("url");
    expect(checkArticleForm({ ...base, url: "https://example.com/a" })).toEqual({});
    expect(checkArticleForm({ ...base, publishedAt: "2025-02-30" })).toHaveProperty("publishedAt");
    expect(checkArticleForm({ ...base, publishedAt: "15/07/2025" })).toHaveProperty("publishedAt");
    expect(checkArticleForm({ ...base, publishedAt: "2024-02-29" })).toEqual({});
  });

  it("sends trimmed fields, leaves empty ones out and the language to the API when it is auto", () => {
    const fields = articleFields({ text: "  Body ", title: " Title ", publisher: " ", url: "https://e.x/a ", publishedAt: "2025-07-15", language: "auto" });
    expect(fields).toEqual({ text: "  Body ", title: "Title", publisher: null, url: "https://e.x/a", publishedAt: "2025-07-15", language: null });
    expect(articleFields({ ...EMPTY_FORM, language: "ja" }).language).toBe("ja");
    expect(sameArticle(fields, { ...fields })).toBe(true);
    expect(sameArticle(fields, { ...fields, text: "Body" })).toBe(false);
  });
});

describe("API errors on the page", () => {
  it("puts a field error next to its field, a list item's on the item, a refused token on the token", () => {
    expect(placeError(new ApiError("Title is empty", "BAD_USER_INPUT", "input.title"))).toEqual({ kind: "article", field: "title" });
    expect(placeError(new ApiError("bad date", "BAD_USER_INPUT", "input.article.publishedAt"))).toEqual({ kind: "article", field: "publishedAt" });
    expect(placeError(new ApiError("bad type", "BAD_USER_INPUT", "input.newEntities[1].type"))).toEqual({ kind: "newEntity", index: 1 });
    expect(placeError(new ApiError("not allowed", "BAD_USER_INPUT", "relationships.2.type"))).toEqual({ kind: "relationship", index: 2 });
    expect(placeError(new ApiError("no token", "UNAUTHENTICATED"))).toEqual({ kind: "token" });
    expect(placeError(new ApiError("odd", "BAD_USER_INPUT", "input.somethingElse"))).toEqual({ kind: "page" });
    expect(placeError(new ApiUnreachableError("down"))).toEqual({ kind: "page" });
  });

  it("places each problem of a refusal that lists several", () => {
    const refusal = new ApiError("2 problems", "BAD_USER_INPUT", "input.relationships[0].to", {
      problems: [
        { field: "input.relationships[0].to", message: "No entity nvidiaa." },
        { field: "input.newEntities[1].type", message: "No type Company." },
        { nonsense: true },
      ],
    });
    expect(placeErrors(refusal)).toEqual([
      { place: { kind: "relationship", index: 0 }, message: "No entity nvidiaa." },
      { place: { kind: "newEntity", index: 1 }, message: "No type Company." },
    ]);
    expect(placeErrors(new ApiError("Title is empty", "BAD_USER_INPUT", "input.title"))).toEqual([
      { place: { kind: "article", field: "title" }, message: "Title is empty" },
    ]);
  });

  it("says what went wrong in words, never with a stack", () => {
    expect(describeError(new ApiUnreachableError("HTTP 502"))).toMatch(/cannot be reached; nothing was written/);
    expect(describeError(new ApiError("A write token is required.", "UNAUTHENTICATED"))).toBe("The API refused the write: A write token is required.");
    const thrown = new Error("first line\n    at somewhere (file.ts:1:1)");
    expect(describeError(thrown)).toBe("first line");
  });

  it("sends the write token as a bearer token, and no header without one", () => {
    expect(writeTokenHeaders(" abc ")).toEqual({ authorization: "Bearer abc" });
    expect(writeTokenHeaders("")).toEqual({});
  });
});

describe("opening a file", () => {
  it("proposes the title an HTML or Markdown file gives, or its name", () => {
    expect(titleFromFile("a.html", "<html><head><title>Chips &amp; Rules</title></head><body><h1>Other</h1></body></html>")).toBe("Chips & Rules");
    expect(titleFromFile("a.html", "<body><h1 class=x>H20 <em>returns</em></h1></body>")).toBe("H20 returns");
    expect(titleFromFile("story.md", "Intro\n\n# Nvidia and the H20 ##\n\ntext")).toBe("Nvidia and the H20");
    expect(titleFromFile("nvidia_h20-wire.txt", "Just text.")).toBe("nvidia h20 wire");
  });
});
