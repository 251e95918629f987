/**
 * A list of words written as one string, split at spaces: a long list of words stays a few lines
 * (Prettier puts an array's items one per line) and reads as the list it is.
 */
export function wordList(words: string): string[] {
  return words.split(" ").filter((word) => word !== "");
}
