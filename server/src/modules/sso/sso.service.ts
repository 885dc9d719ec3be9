import type { AppContext } from '../../lib/context.ts';
import { appendAudit } from '../../lib/audit.ts';
import { errors, NOT_FOUND } from '../../lib/errors.ts';
import { authorize, oidcClientPolicy, requireStaff, type Actor } from '../../policies/index.ts';
import { checkBackchannelUri, checkRedirectUris, hashSecret, newClientId, newSecret, type SsoScope } from './sso.clients.ts';
import { publishedKeys, rotateSigningKey } from './sso.keys.ts';
import { issuerOf, providerFor } from './sso.provider.ts';
import * as repo from './sso.repository.ts';
import type { ClientView } from './sso.schemas.ts';

const CLIENT = { zh: '接入系统', en: 'Client' };

const attemptView = (a: repo.AttemptRow) => ({ sid: a.sid, attempt: a.attempt, outcome: a.outcome, error: a.error, at: a.at.toISOString() });

function toView(r: repo.ClientRow, last?: repo.AttemptRow): ClientView {
  return {
    id: r.id, clientId: r.client_id, name: r.name, public: r.secret_hash === null, redirectUris: r.redirect_uris,
    scopes: r.scopes as SsoScope[], backchannelLogoutUri: r.backchannel_logout_uri, backchannelLast: last ? attemptView(last) : null,
    createdAt: r.created_at.toISOString(), revokedAt: r.revoked_at?.toISOString() ?? null,
  };
}

/** Registers a relying party for the manager's center; the secret is answered once and kept only hashed. */
export async function registerClient(ctx: AppContext, who: Actor | null, input: { name: string; redirectUris: string[]; scopes: SsoScope[]; public: boolean; backchannelLogoutUri?: string }) {
  authorize(oidcClientPolicy, who, 'register');
  const staff = requireStaff(who);
  const centerId = staff.centerId!;
  authorize(oidcClientPolicy, who, 'register', { center_id: centerId });
  const redirectUris = checkRedirectUris(input.redirectUris);
  const backchannel = input.backchannelLogoutUri ? checkBackchannelUri(input.backchannelLogoutUri) : null;
  const secret = input.public ? null : newSecret();
  const at = ctx.clock.now();
  const row = await ctx.db.transaction().execute(async (tx) => {
    const inserted = await repo.insertClient(tx, {
      client_id: newClientId(), center_id: centerId, name: input.name, secret_hash: secret ? hashSecret(secret) : null,
      redirect_uris: redirectUris, scopes: [...new Set(input.scopes)], created_by: staff.id, created_at: at,
      backchannel_logout_uri: backchannel,
    });
    await appendAudit(tx, {
      stream: `oidc_client:${inserted.id}`, action: 'sso.client_registered', actorId: staff.id, at,
      data: { clientId: inserted.client_id, name: inserted.name, redirectUris, scopes: inserted.scopes, public: secret === null, backchannelLogoutUri: backchannel },
    });
    return inserted;
  });
  return { client: toView(row), clientSecret: secret };
}

export async function listClients(ctx: AppContext, who: Actor | null, page: { page: number; pageSize: number }) {
  authorize(oidcClientPolicy, who, 'read');
  const staff = requireStaff(who);
  const { rows, total } = await repo.listClients(ctx.db, staff.centerId!, { limit: page.pageSize, offset: (page.page - 1) * page.pageSize });
  const last = await repo.lastAttempts(ctx.db, rows.map((r) => r.client_id));
  return { items: rows.map((r) => toView(r, last.get(r.client_id))), total, page: page.page, pageSize: page.pageSize };
}

/**
 * Sets (or with null removes) a client's back-channel logout URI: the same rule as at registration,
 * refused on a revoked client; audited. Tokens already queued are sent to the URI current when they run.
 */
export async function updateBackchannelUri(ctx: AppContext, who: Actor | null, id: string, uri: string | null) {
  authorize(oidcClientPolicy, who, 'update');
  const backchannel = uri === null ? null : checkBackchannelUri(uri);
  const at = ctx.clock.now();
  const row = await ctx.db.transaction().execute(async (tx) => {
    const found = await repo.findClientForUpdate(tx, id);
    if (!found) throw NOT_FOUND(CLIENT);
    authorize(oidcClientPolicy, who, 'update', found);
    if (found.revoked_at) throw errors.SSO_CLIENT_REVOKED();
    if (found.backchannel_logout_uri === backchannel) return found;
    await repo.setBackchannelUri(tx, id, backchannel);
    await appendAudit(tx, {
      stream: `oidc_client:${id}`, action: 'sso.client_backchannel_changed', actorId: who!.id, at,
      data: { clientId: found.client_id, from: found.backchannel_logout_uri, to: backchannel },
    });
    return { ...found, backchannel_logout_uri: backchannel };
  });
  const last = await repo.lastAttempts(ctx.db, [row.client_id]);
  return toView(row, last.get(row.client_id));
}

/** A client's back-channel logout delivery attempts, newest first (the latest 50). */
export async function listBackchannelAttempts(ctx: AppContext, who: Actor | null, id: string) {
  authorize(oidcClientPolicy, who, 'read');
  const found = await repo.findClient(ctx.db, id);
  if (!found) throw NOT_FOUND(CLIENT);
  authorize(oidcClientPolicy, who, 'read', found);
  return { items: (await repo.attemptsOf(ctx.db, found.client_id, 50)).map(attemptView) };
}

/** Revokes a client: the provider no longer finds it, so its sign-ins, codes and tokens are refused at once. */
export async function revokeClient(ctx: AppContext, who: Actor | null, id: string) {
  authorize(oidcClientPolicy, who, 'revoke');
  const at = ctx.clock.now();
  const row = await ctx.db.transaction().execute(async (tx) => {
    const found = await repo.findClientForUpdate(tx, id);
    if (!found) throw NOT_FOUND(CLIENT);
    authorize(oidcClientPolicy, who, 'revoke', found);
    if (found.revoked_at) throw errors.SSO_CLIENT_REVOKED();
    await repo.revokeClient(tx, id, who!.id, at);
    await appendAudit(tx, { stream: `oidc_client:${id}`, action: 'sso.client_revoked', actorId: who!.id, at, data: { clientId: found.client_id } });
    return { ...found, revoked_at: at };
  });
  return toView(row);
}

export async function listKeys(ctx: AppContext, who: Actor | null) {
  authorize(oidcClientPolicy, who, 'rotate_keys');
  const keys = await publishedKeys(ctx);
  return {
    issuer: issuerOf(ctx),
    keys: keys.map((k) => ({ kid: k.kid, alg: String(k.jwk.alg), active: k.active, createdAt: k.createdAt.toISOString(), retiredAt: k.retiredAt?.toISOString() ?? null })),
  };
}

/** A new signing key signs from now on; the previous one stays in the JWKS for its grace time (docs/sso.md "Keys"). */
export async function rotateKeys(ctx: AppContext, who: Actor | null) {
  authorize(oidcClientPolicy, who, 'rotate_keys');
  await publishedKeys(ctx); // the first key exists before it is retired
  const at = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    const kid = await rotateSigningKey(ctx, tx);
    await appendAudit(tx, { stream: 'oidc_keys', action: 'sso.key_rotated', actorId: who!.id, at, data: { kid } });
  });
  await providerFor(ctx, { fresh: true });
  return listKeys(ctx, who);
}
