import { sql } from 'kysely';
import type { Tx } from '../../db/database.ts';
import type { AppContext } from '../../lib/context.ts';

/**
 * What other modules do when a person signs out of OneWindow, registered by them so auth imports
 * none of them (no import cycle): the single sign-on ends its sessions of that person and queues the
 * back-channel logout tokens for its relying parties (sso.backchannel.ts). A hook runs in the
 * sign-out's transaction, so what it queues exists exactly when the sign-out commits; it must not
 * call out (a job does that). A hook's failure never fails the sign-out: it is rolled back to its
 * own savepoint and logged, and the session is deleted all the same.
 */
export type SignOutHook = (ctx: AppContext, tx: Tx, userId: string) => Promise<void>;

const hooks = new Set<SignOutHook>();

export function onSignOut(hook: SignOutHook): void {
  hooks.add(hook);
}

export async function runSignOutHooks(ctx: AppContext, tx: Tx, userId: string, log: (m: string) => void = (m) => console.warn(m)): Promise<void> {
  for (const hook of hooks) {
    await sql`SAVEPOINT sign_out_hook`.execute(tx);
    try {
      await hook(ctx, tx, userId);
      await sql`RELEASE SAVEPOINT sign_out_hook`.execute(tx);
    } catch (err) {
      await sql`ROLLBACK TO SAVEPOINT sign_out_hook`.execute(tx);
      log(`sign-out hook failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
