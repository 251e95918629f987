import { describe, expect, it } from "vitest";
import { exportFileName, exportFileStem } from "./export-name.ts";

describe("exportFileName", () => {
  it("names the file after the title, lower-cased and hyphenated", () => {
    expect(exportFileName("H20: Export control, then resumption", "cypher")).toBe("h20-export-control-then-resumption.cypher");
    expect(exportFileName("  Who said what?  ", "ipynb")).toBe("who-said-what.ipynb");
  });

  it("keeps Japanese titles readable and turns full-width Latin into ASCII", () => {
    expect(exportFileName("エヌビディアとファーウェイ", "cypher")).toBe("エヌビディアとファーウェイ.cypher");
    expect(exportFileName("ＡＩ半導体　２０２５年の対立", "ipynb")).toBe("ai半導体-2025年の対立.ipynb");
  });

  it("leaves out characters that mean something to a file system or a shell", () => {
    const name = exportFileName('a/b\\c:d*e?f"g<h>i|j $(k) ../l', "cypher");
    expect(name).toBe("a-b-c-d-e-f-g-h-i-j-k-l.cypher");
    expect(name).not.toMatch(/[/\\:*?"<>|$()\s]/);
  });

  it("never gives an empty name", () => {
    expect(exportFileStem("!!! ???")).toBe("notebook");
    expect(exportFileStem("🙂🙂", "chips-and-makers")).toBe("chips-and-makers");
    expect(exportFileStem("—", "///")).toBe("notebook");
  });

  it("cuts long titles at a whole character, without a trailing hyphen", () => {
    const stem = exportFileStem(`${"長い題名".repeat(20)} end`);
    expect(Array.from(stem)).toHaveLength(60);
    expect(exportFileStem(`${"a".repeat(59)} b`)).toBe("a".repeat(59));
  });
});
