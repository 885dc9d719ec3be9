import type { Tx } from '../../db/database.ts';
import type { AppContext } from '../../lib/context.ts';
import { defineJob, enqueue } from '../../lib/jobs.ts';
import { onSignOut } from '../auth/sign-out-hooks.ts';
import { providerFor, routeProviderLogouts } from './sso.provider.ts';
import * as repo from './sso.repository.ts';

/**
 * OpenID Connect Back-Channel Logout 1.0 (docs/sso.md "Back-channel logout"). When an applicant signs
 * out of OneWindow, every client they signed in to through one of the provider's sessions, and that
 * registered a `backchannel_logout_uri`, gets a logout token POSTed to it: a JWT signed with the
 * provider's current key (the JWKS has it), with iss, aud, iat, jti, the pairwise `sub`, the session's
 * `sid` and the back-channel logout event (oidc-provider's Client#backchannelLogout builds and sends it).
 *
 * In the sign-out's transaction (`queueBackchannelLogout`): the provider's sessions of that account are
 * deleted, so no relying party signs the applicant in again silently, and one job per (client, sid) is
 * queued (graphile-worker, job key `sso.backchannel:<client>:<sid>`, so never twice). The sign-out
 * answers at once; the job sends the token from any instance, and a relying party that is down or
 * answers anything but 200/204 gets it again with exponential backoff, up to BACKCHANNEL_MAX_ATTEMPTS.
 * Every attempt is recorded in `oidc_backchannel_attempts` (the manager's page shows the latest).
 */
export const BACKCHANNEL_MAX_ATTEMPTS = 8;

export interface BackchannelPayload { clientId: string; accountId: string; sid: string }

export const backchannelJobKey = (clientId: string, sid: string) => `sso.backchannel:${clientId}:${sid}`;

/** Queues one logout token (client, sid) in `tx`; a (client, sid) already queued is not queued again. */
async function queueOne(tx: Tx, p: BackchannelPayload): Promise<void> {
  await enqueue<BackchannelPayload>(tx, backchannelLogoutJob, p, { key: backchannelJobKey(p.clientId, p.sid), maxAttempts: BACKCHANNEL_MAX_ATTEMPTS });
}

/**
 * The provider's own end_session (RP-initiated logout) asks oidc-provider's Client#backchannelLogout for
 * each client of the session it ends; sso.provider.ts routes that here: the same job, so the relying
 * party's answer is never awaited by the end_session and a failure is retried and recorded.
 */
async function queueFromEndSession(ctx: AppContext, clientId: string, accountId: string, sid: string): Promise<void> {
  await ctx.db.transaction().execute((tx) => queueOne(tx, { clientId, accountId, sid }));
}

/** Ends the provider's sessions of the account and queues the logout tokens; answers how many were queued. */
export async function queueBackchannelLogout(ctx: AppContext, tx: Tx, accountId: string): Promise<number> {
  const sessions = await repo.takeSessionsOfAccount(tx, accountId, ctx.clock.now());
  let queued = 0;
  const seen = new Set<string>();
  for (const s of sessions) {
    const authorizations = (s.payload.authorizations ?? {}) as Record<string, { sid?: string }>;
    for (const [clientId, auth] of Object.entries(authorizations)) {
      if (!auth.sid || seen.has(backchannelJobKey(clientId, auth.sid))) continue;
      // Only a registered, unrevoked client with a back-channel URI is told (the job checks again).
      const client = await repo.findActiveClient(tx, clientId);
      if (!client?.backchannel_logout_uri) continue;
      const key = backchannelJobKey(clientId, auth.sid);
      seen.add(key);
      await queueOne(tx, { clientId, accountId, sid: auth.sid });
      queued++;
    }
  }
  return queued;
}

/**
 * One attempt: builds and POSTs the logout token, and records the outcome. Throws when the relying
 * party failed, so the job is retried. A client revoked (or whose URI was removed) since is skipped.
 */
export async function deliverLogoutToken(ctx: AppContext, p: BackchannelPayload, attempt: number): Promise<repo.AttemptOutcome> {
  const record = (outcome: repo.AttemptOutcome, error: string | null) =>
    repo.insertAttempt(ctx.db, { client_id: p.clientId, sid: p.sid, attempt, outcome, error, at: ctx.clock.now() });
  const { provider } = await providerFor(ctx);
  // Client.find reads the registered, unrevoked client (sso.adapter.ts).
  const client = await provider.Client.find(p.clientId).catch(() => undefined);
  if (!client?.backchannelLogoutUri) {
    if (await repo.findClientByClientId(ctx.db, p.clientId)) await record('skipped', 'client revoked or without a back-channel URI');
    return 'skipped';
  }
  try {
    // The library's own sender (sso.provider.ts keeps it: its `backchannelLogout` queues this job).
    await (client.sendBackchannelLogout(p.accountId, p.sid) as Promise<void>);
  } catch (err) {
    const error = err instanceof Error ? err : new Error(String(err));
    await record('failed', error.message);
    throw error;
  }
  await record('delivered', null);
  return 'delivered';
}

let bound: AppContext | null = null;

/** The job handler (a plain function of its payload) reaches the platform's context here, bound when it opens. */
export function bindSsoJobs(ctx: AppContext): void {
  bound = ctx;
}

export const backchannelLogoutJob = defineJob<BackchannelPayload>('sso.backchannel_logout', async (p, job) => {
  // Thrown, the job is retried later, once the platform has bound its context.
  if (!bound) throw new Error('sso jobs: the platform has not bound its context yet');
  await deliverLogoutToken(bound, p, job.attempts);
});

const hook = async (ctx: AppContext, tx: Tx, userId: string) => {
  await queueBackchannelLogout(ctx, tx, userId);
};

/** Registered when the single sign-on's routes are mounted (once per process: onSignOut keeps a set). */
export function registerBackchannelLogout(ctx: AppContext): void {
  bound ??= ctx;
  onSignOut(hook);
  routeProviderLogouts(queueFromEndSession);
}
