import type { AppContext } from '../../lib/context.ts';

/**
 * What other modules do when a person signs out of OneWindow, registered by them so auth imports
 * none of them (no import cycle): the single sign-on tells its relying parties (sso.backchannel.ts,
 * OpenID Connect Back-Channel Logout). A hook's failure never fails the sign-out: the session is
 * already gone; the hook logs its own errors.
 */
export type SignOutHook = (ctx: AppContext, userId: string) => Promise<void>;

const hooks = new Set<SignOutHook>();

export function onSignOut(hook: SignOutHook): void {
  hooks.add(hook);
}

export async function runSignOutHooks(ctx: AppContext, userId: string): Promise<void> {
  await Promise.allSettled([...hooks].map((h) => h(ctx, userId)));
}
