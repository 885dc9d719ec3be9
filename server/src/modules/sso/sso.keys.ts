import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { openText, sealText } from '../../lib/aes-gcm.ts';
import type { AppContext } from '../../lib/context.ts';
import { masterDerivedKey } from '../seals/seal-keystore.ts';
import * as repo from './sso.repository.ts';

/**
 * The provider's signing keys (docs/sso.md "Keys"). Kept in the database so every instance signs
 * with the same key; the private JWK is encrypted with AES-256-GCM under a key derived from the
 * platform's master key file (SEAL_KEY_FILE, the file that already protects the e-seals' keys: it
 * lives outside the database and its backups in production), bound to the key id.
 *
 * Rotation adds a new key and retires the active one: the new one signs from then on, the retired
 * one stays in the JWKS for KEY_GRACE_SECONDS (longer than any token it signed lives), so relying
 * parties still verify what it signed.
 */
export const SIGNING_ALG = 'RS256';
/** Longest lifetime of a token signed with a key (ID token and access token: 1 hour), plus a margin. */
export const KEY_GRACE_SECONDS = 2 * 60 * 60;

const derivedKey = (ctx: AppContext, purpose: string) => masterDerivedKey(ctx.config.sealKeyFile, `onewindow oidc ${purpose}`);

/** Keys oidc-provider signs its cookies with, and the pairwise subject salt: derived, never stored. */
export const cookieKeys = (ctx: AppContext) => [derivedKey(ctx, 'cookies').toString('base64url')];
export const pairwiseSalt = (ctx: AppContext) => derivedKey(ctx, 'pairwise subjects');

function encrypt(ctx: AppContext, kid: string, plain: string): string {
  const { iv, ct, tag } = sealText(derivedKey(ctx, 'signing keys'), kid, plain);
  return ['a256gcm1', iv, ct, tag].join('.');
}

function decrypt(ctx: AppContext, kid: string, record: string): string {
  const [format, iv, ct, tag] = record.split('.');
  if (format !== 'a256gcm1' || !iv || !ct || !tag) throw new Error(`signing key ${kid}: unknown record format`);
  return openText(derivedKey(ctx, 'signing keys'), kid, { iv, ct, tag });
}

async function addKey(ctx: AppContext, tx: Parameters<typeof repo.insertKey>[0], at: Date) {
  const kid = randomBytes(12).toString('base64url');
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const priv = { ...privateKey.export({ format: 'jwk' }), kid, alg: SIGNING_ALG, use: 'sig' };
  const pub = { ...publicKey.export({ format: 'jwk' }), kid, alg: SIGNING_ALG, use: 'sig' };
  await repo.insertKey(tx, { kid, alg: SIGNING_ALG, private_jwk: encrypt(ctx, kid, JSON.stringify(priv)), public_jwk: pub, created_at: at });
  return kid;
}

/** The keys the provider holds: the active one first (it signs), then retired ones still in their grace time. */
export async function publishedKeys(ctx: AppContext): Promise<Array<{ kid: string; active: boolean; createdAt: Date; retiredAt: Date | null; jwk: Record<string, unknown> }>> {
  let rows = await repo.listKeys(ctx.db);
  if (!rows.some((r) => r.retired_at === null)) {
    await ctx.db.transaction().execute(async (tx) => {
      await repo.lockKeys(tx);
      if (!(await repo.listKeys(tx)).some((r) => r.retired_at === null)) await addKey(ctx, tx, ctx.clock.now());
    });
    rows = await repo.listKeys(ctx.db);
  }
  const cutoff = ctx.clock.now().getTime() - KEY_GRACE_SECONDS * 1000;
  return rows
    .filter((r) => r.retired_at === null || r.retired_at.getTime() > cutoff)
    .map((r) => ({ kid: r.kid, active: r.retired_at === null, createdAt: r.created_at, retiredAt: r.retired_at, jwk: JSON.parse(decrypt(ctx, r.kid, r.private_jwk)) as Record<string, unknown> }));
}

/** Adds a new signing key and retires the active one (which stays published for its grace time). */
export async function rotateSigningKey(ctx: AppContext, tx: Parameters<typeof repo.retireActiveKey>[0]): Promise<string> {
  await repo.lockKeys(tx);
  const at = ctx.clock.now();
  await repo.retireActiveKey(tx, at);
  return addKey(ctx, tx, at);
}
