import type { AppContext } from '../../lib/context.ts';
import { findPreferences, upsertPreferences } from './preferences.repository.ts';
import type { PreferencesBody, PreferencesView } from './preferences.schemas.ts';

const DEFAULTS: PreferencesView = { elderMode: false };

/** The user's own preferences (the defaults until the first change). */
export async function getPreferences(ctx: AppContext, userId: string): Promise<PreferencesView> {
  const row = await findPreferences(ctx.db, userId);
  return row ? { elderMode: row.elder_mode } : DEFAULTS;
}

/** Changes what the body names, keeps the rest; answers the preferences as they now are. */
export async function updatePreferences(ctx: AppContext, userId: string, body: PreferencesBody): Promise<PreferencesView> {
  return ctx.db.transaction().execute(async (tx) => {
    const row = await findPreferences(tx, userId);
    const next: PreferencesView = { elderMode: body.elderMode ?? row?.elder_mode ?? DEFAULTS.elderMode };
    await upsertPreferences(tx, userId, { elder_mode: next.elderMode }, ctx.clock.now());
    return next;
  });
}
