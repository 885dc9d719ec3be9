/**
 * The name an uploaded file is kept and shown under (docs/security.md, "Uploads"). A name is text
 * that staff read and later download under, so it must show what it is:
 *
 * - bidirectional controls (U+202A–202E embeddings and overrides, U+2066–2069 isolates, U+200E/200F
 *   and U+061C marks) are removed: `invoice\u202Efdp.exe` displays as `invoiceexe.pdf`;
 * - other invisible format characters (zero-width space and joiners, word joiner, BOM) are removed;
 * - control characters (C0, DEL, C1) and path separators become `_`;
 * - spaces and dots at either end go (`..`, a trailing dot Windows drops), Unicode is NFC;
 * - at most 200 characters, cut on a character, never inside a surrogate pair.
 */
// eslint-disable-next-line no-control-regex
const CONTROL_OR_SEPARATOR = /[\u0000-\u001f\u007f-\u009f\\/]/g;
const BIDI_AND_INVISIBLE = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u200b-\u200d\u2060-\u2064\ufeff]/g;
const MAX_CHARS = 200;

export function cleanFileName(raw: string, fallback: string): string {
  const cleaned = raw.normalize('NFC')
    .replace(BIDI_AND_INVISIBLE, '')
    .replace(CONTROL_OR_SEPARATOR, '_')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  const name = Array.from(cleaned).slice(0, MAX_CHARS).join('').replace(/[\s.]+$/, '');
  return name || fallback;
}
