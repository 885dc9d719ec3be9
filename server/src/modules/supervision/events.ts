/**
 * Live events across instances. Writers queue `pg_notify('ow_events', json)` with their transaction
 * (db/after-commit.ts: sent once it commits, outside it; dropped on rollback); each instance hears them on its one
 * LISTEN connection (db/listen.ts), while a live stream is open, and hands each to its own SSE clients.
 */
export const CHANNEL = 'ow_events';

export type LiveEvent =
  | { type: 'case'; centerId: string; caseId: string; departmentId: string; status: string; action: string }
  | { type: 'light'; centerId: string; caseId: string; departmentId: string; light: 'green' | 'yellow' | 'red' | null };
