import { z } from 'zod';
import { pageQuery } from './schemas.ts';

/**
 * Keyset pages over a list ordered newest first by a time and an id (docs/architecture.md, "Adding a domain", tables):
 * a page is the rows after the previous page's last row, read in the index's order from there, so a
 * page costs the same at any depth and no count over a center's millions of rows is taken.
 *
 * The cursor is the last row's time to the microsecond (UTC) and its id, `<instant>_<uuid>`, as the
 * page's `nextCursor` gave it. It is checked whole by the request's schema (a real instant, a uuid), so
 * a bad cursor is 400 VALIDATION_FAILED and never reaches the database; a well-formed cursor past every
 * row is an empty last page.
 */
const CURSOR = /^([1-9]\d{3}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const realInstant = (at: string) => {
  const ms = `${at.slice(0, 23)}Z`;
  const d = new Date(ms);
  return !Number.isNaN(d.getTime()) && d.toISOString() === ms;
};

export interface TimeCursor { at: string; id: string }

export const timeCursor = z.string().max(80)
  .refine((c) => { const m = CURSOR.exec(c); return m !== null && realInstant(m[1]!); }, 'the nextCursor of the previous page')
  .transform((c): TimeCursor => { const m = CURSOR.exec(c)!; return { at: m[1]!, id: m[2]! }; });

/** The query fields of a keyset list. */
export const keysetQuery = { cursor: timeCursor.optional().describe('the nextCursor of the previous page'), pageSize: pageQuery.pageSize };

/** The answer's `nextCursor`: given back as `cursor` for the page after; null on the last page. */
export const nextCursor = z.string().nullable().describe('the cursor of the page after; null on the last page');

/**
 * A page out of the rows read for it (one more than the page, to know whether a page follows):
 * `nextCursor` is the page's last row, `<cursor_at>_<id>`, the shape `timeCursor` reads back.
 */
export function keysetPage<R extends { id: string; cursor_at: string }>(rows: R[], size: number) {
  const page = rows.slice(0, size);
  const last = page.at(-1);
  return { page, nextCursor: rows.length > size && last ? `${last.cursor_at}_${last.id}` : null };
}
