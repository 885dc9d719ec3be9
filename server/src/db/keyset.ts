import { sql } from 'kysely';
import type { TimeCursor } from '../lib/keyset.ts';

/**
 * The SQL of a keyset page (lib/keyset.ts): the row's time to the microsecond (UTC) as `cursor_at`, so
 * a cursor never falls between rows that share a millisecond, and the condition "after the cursor" in
 * the list's order (time DESC, id DESC), a row comparison the index's scan starts from.
 */
export const cursorAt = (column: string) => sql<string>`to_char(${sql.ref(column)} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('cursor_at');

export const before = (time: string, id: string, after: TimeCursor) =>
  sql<boolean>`(${sql.ref(time)}, ${sql.ref(id)}) < (${after.at}::timestamptz, ${after.id}::uuid)`;

/** A keyset page to read: the rows after `after` (the last row of the page before), at most `limit` (the page and one more). */
export interface ListPage { after?: TimeCursor | undefined; limit: number }
