/**
 * The file name an exported notebook is saved under, made from its title so that a renamed
 * notebook is not still downloaded as the name it was created with. Letters and digits of every
 * script are kept (a Japanese title stays readable in a file manager); everything else that
 * could mean something to a file system or a shell becomes one hyphen.
 */

/** Longest stem kept, in characters: file systems limit names to 255 bytes, and a CJK character is 3 in UTF-8. */
const MAX_STEM_LENGTH = 60;

/** Used when a title has no letter or digit at all (e.g. only punctuation or emoji). */
const FALLBACK_STEM = "notebook";

export function exportFileStem(title: string, fallback: string = FALLBACK_STEM): string {
  const stem = title
    // Full-width Latin letters and digits (ＡＩ２０２５) become their ASCII forms; kana stay as written.
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "");
  const cut = Array.from(stem).slice(0, MAX_STEM_LENGTH).join("").replace(/-+$/, "");
  if (cut !== "") return cut;
  return fallback === FALLBACK_STEM ? FALLBACK_STEM : exportFileStem(fallback);
}

/** `extension` without its dot, e.g. "cypher" or "ipynb". */
export function exportFileName(title: string, extension: string, fallback?: string): string {
  return `${exportFileStem(title, fallback)}.${extension}`;
}
