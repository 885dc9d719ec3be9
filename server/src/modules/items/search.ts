/**
 * Chinese search without a dictionary: a name is indexed as its single characters and its
 * character pairs (bigrams), Latin words and codes as whole tokens. A query is cut the same way
 * and matches an item when enough of its tokens are in the item's document, so 施工证 finds
 * 建筑工程施工许可证核发 (施, 工, 证, 施工) and one wrong character costs only a few tokens.
 */
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/u;

export function normalise(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

export function tokenize(text: string): string[] {
  const out = new Set<string>();
  // Runs of CJK characters, and runs of Latin letters/digits.
  for (const run of normalise(text).match(/[\u3400-\u9fff\uf900-\ufaff]+|[a-z0-9]+/gu) ?? []) {
    if (CJK.test(run)) {
      const chars = [...run];
      chars.forEach((c, i) => {
        out.add(c);
        if (i + 1 < chars.length) out.add(c + chars[i + 1]);
      });
    } else {
      out.add(run);
    }
  }
  return [...out];
}

/**
 * The tokens that pick candidates from the index: character pairs and words, which are
 * selective, rather than single characters like 证 that half the catalog holds. A query of one
 * character has only that character.
 */
export function candidateTokens(tokens: string[]): string[] {
  const selective = tokens.filter((t) => !(CJK.test(t) && [...t].length === 1));
  return selective.length ? selective : tokens;
}

/** How many of a query's tokens an item must have to be a match. */
export function minimumMatches(tokenCount: number): number {
  return tokenCount <= 2 ? tokenCount : Math.ceil(tokenCount * 0.5);
}

/** A tsquery that matches a document holding any of the tokens; tokens hold only letters and digits. */
export function anyOfQuery(tokens: string[]): string {
  return tokens.map((t) => `'${t}'`).join(' | ');
}

export function documentTokens(doc: { name: string; nameEn?: string | null; basicCode: string; implementationCode: string; keywords?: string[] }): string[] {
  const all = new Set<string>([
    ...tokenize(doc.name),
    ...tokenize(doc.nameEn ?? ''),
    ...(doc.keywords ?? []).flatMap(tokenize),
    doc.basicCode.toLowerCase(),
    doc.implementationCode.toLowerCase(),
  ]);
  return [...all];
}
