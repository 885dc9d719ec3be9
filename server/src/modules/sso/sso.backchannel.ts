import type { AppContext } from '../../lib/context.ts';
import { onSignOut } from '../auth/sign-out-hooks.ts';
import { providerFor } from './sso.provider.ts';
import * as repo from './sso.repository.ts';

/**
 * OpenID Connect Back-Channel Logout 1.0 (docs/sso.md "Back-channel logout"). When an applicant signs
 * out of OneWindow, every client they signed in to through one of the provider's sessions, and that
 * registered a `backchannel_logout_uri`, gets a logout token POSTed to it: a JWT signed with the
 * provider's current key (the JWKS has it), with iss, aud, iat, jti, the pairwise `sub`, the session's
 * `sid` and the back-channel logout event (oidc-provider's Client#backchannelLogout builds and sends
 * it). The provider's sessions of that account are then ended, so no relying party can sign the
 * applicant in again silently. Sent while the sign-out request waits (oidc-provider's HTTP timeout,
 * 2.5 s, all clients at once); a relying party that does not answer 200/204 is logged, not retried.
 */
export async function backchannelLogout(ctx: AppContext, accountId: string, log: (m: string) => void = () => {}): Promise<number> {
  const sessions = await repo.sessionsOfAccount(ctx.db, accountId, ctx.clock.now());
  if (sessions.length === 0) return 0;
  const { provider } = await providerFor(ctx);
  const sends: Array<Promise<void>> = [];
  for (const s of sessions) {
    const authorizations = (s.payload.authorizations ?? {}) as Record<string, { sid?: string }>;
    for (const [clientId, auth] of Object.entries(authorizations)) {
      // Client.find reads the registered, unrevoked client (sso.adapter.ts): a revoked one is not told.
      const client = await provider.Client.find(clientId).catch(() => undefined);
      if (!client?.backchannelLogoutUri || !auth.sid) continue;
      sends.push((client.backchannelLogout(accountId, auth.sid) as Promise<void>)
        .catch((err: Error) => log(`back-channel logout to ${clientId} failed: ${err.message}`)));
    }
  }
  await Promise.all(sends);
  for (const s of sessions) await repo.destroyPayload(ctx.db, 'Session', s.id);
  return sends.length;
}

/** Registered when the single sign-on's routes are mounted (once per process: onSignOut keeps a set). */
const hook = async (ctx: AppContext, userId: string) => {
  await backchannelLogout(ctx, userId, (m) => console.warn(m));
};
export function registerBackchannelLogout(): void {
  onSignOut(hook);
}
