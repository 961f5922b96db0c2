/**
 * Text as the search index sees it. The index tokenizes words (unicode61: letters and digits,
 * case and diacritics folded); scripts written without spaces between words (Chinese,
 * Japanese, Thai) would become one token per run, so each of their characters is made a
 * token of its own, on the indexed text and on queries alike: a phrase of characters then
 * matches anywhere in the run.
 */
const UNSPACED_SCRIPTS =
  /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}])/gu;

export function searchable(text: string): string {
  return text.replace(UNSPACED_SCRIPTS, ' $1 ');
}

/** The words the index would make of a text (after `searchable`). */
export function searchTokens(text: string): string[] {
  return searchable(text).match(/[\p{L}\p{N}\p{M}]+/gu) ?? [];
}
