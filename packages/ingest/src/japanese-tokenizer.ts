import { createRequire } from "node:module";
import path from "node:path";
import kuromoji from "kuromoji";
import type { IpadicFeatures, Tokenizer } from "kuromoji";
import { IngestError } from "./errors.ts";

/**
 * Japanese morphemes from kuromoji (IPADIC). A regex cannot find Japanese word boundaries, so
 * mentions must start and end on a morpheme and candidates come from its proper-noun tags.
 * Loading the dictionary takes a few hundred milliseconds and ~100 MB, so it happens once per
 * process: every analyzer shares the same tokenizer.
 */

/** One morpheme with its offsets in the analysed text. */
export interface JapaneseToken {
  readonly surface: string;
  readonly start: number;
  readonly end: number;
  /** 品詞: 名詞, 助詞, 動詞, … */
  readonly pos: string;
  /** 品詞細分類1: 固有名詞, 接尾, 一般, … */
  readonly posDetail1: string;
  /** 品詞細分類2: 人名, 組織, 地域, … */
  readonly posDetail2: string;
  /** 品詞細分類3: 姓, 名, 国, … */
  readonly posDetail3: string;
}

export type JapaneseTokenizer = Tokenizer<IpadicFeatures>;

let tokenizerLoading: Promise<JapaneseTokenizer> | undefined;

function dictionaryDirectory(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve("kuromoji/package.json")), "dict");
}

/** The process's kuromoji tokenizer, loaded on first use. A failed load is not cached, so a later call tries again. */
export function loadJapaneseTokenizer(): Promise<JapaneseTokenizer> {
  tokenizerLoading ??= new Promise<JapaneseTokenizer>((resolve, reject) => {
    let dicPath: string;
    try {
      dicPath = dictionaryDirectory();
    } catch (cause) {
      reject(new IngestError("INGEST_TOKENIZER_UNAVAILABLE", "The Japanese dictionary (npm package kuromoji) is not installed; run npm install.", { cause }));
      return;
    }
    kuromoji.builder({ dicPath }).build((error, tokenizer) => {
      if (error) {
        reject(
          new IngestError("INGEST_TOKENIZER_UNAVAILABLE", `The Japanese dictionary could not be loaded from ${dicPath}: ${error.message}`, { cause: error }),
        );
      } else {
        resolve(tokenizer);
      }
    });
  }).catch((error: unknown) => {
    tokenizerLoading = undefined;
    throw error;
  });
  return tokenizerLoading;
}

/** The morphemes of `text[start, end)`, with offsets in the whole text. */
export function tokenizeJapanese(tokenizer: JapaneseTokenizer, text: string, start: number, end: number): JapaneseToken[] {
  const piece = text.slice(start, end);
  const features = tokenizer.tokenize(piece);
  const tokens: JapaneseToken[] = [];
  let offset = 0;
  for (const feature of features) {
    // Surfaces concatenate to the input; word_position (1-based) is the check if they ever do not.
    const at = piece.startsWith(feature.surface_form, offset) ? offset : Math.max(0, feature.word_position - 1);
    tokens.push({
      surface: feature.surface_form,
      start: start + at,
      end: start + at + feature.surface_form.length,
      pos: feature.pos,
      posDetail1: feature.pos_detail_1,
      posDetail2: feature.pos_detail_2,
      posDetail3: feature.pos_detail_3,
    });
    offset = at + feature.surface_form.length;
  }
  return tokens;
}
