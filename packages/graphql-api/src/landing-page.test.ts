import { describe, expect, it } from "vitest";
import { landingPageHtml } from "./landing-page.ts";

describe("the API's landing page", () => {
  it("links to GraphiQL at the explorer this process was started with, and shows its own address", () => {
    const html = landingPageHtml({ apiUrl: "http://localhost:4100/graphql", explorerUrl: "http://localhost:3100/" });
    expect(html).toContain("curl -s http://localhost:4100/graphql ");
    expect(html).toContain('<a href="http://localhost:3100/graphql">http://localhost:3100/graphql</a>');
  });

  it("says where GraphiQL is when it does not know the explorer's address, and escapes what it is given", () => {
    expect(landingPageHtml({})).toMatch(/<code>\/graphql<\/code> on the kgx web app/);
    expect(landingPageHtml({ explorerUrl: 'http://x/"><script>' })).not.toContain("<script>");
  });
});
