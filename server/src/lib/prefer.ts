/**
 * RFC 7240 `Prefer`: whether the client asked for `return=minimal`. Preferences are a comma-separated
 * list of `token[=value]` with optional `;` parameters; a value may be quoted, tokens are
 * case-insensitive, and a preference the server does not know is ignored (RFC 7240 §2), so anything
 * unparsable simply means "no preference".
 */
export function prefersMinimalReturn(header: string | string[] | undefined): boolean {
  const values = Array.isArray(header) ? header : header === undefined ? [] : [header];
  let answer: boolean | undefined;
  for (const preference of values.flatMap((v) => v.split(','))) {
    const [name, value] = preference.split(';')[0]!.split('=').map((p) => p.trim().replace(/^"(.*)"$/, '$1').toLowerCase());
    // The first `return` preference counts: a client sending both is inconsistent, and the first is what RFC 7240 §2 says to honour.
    if (name === 'return' && answer === undefined) answer = value === 'minimal';
  }
  return answer ?? false;
}
