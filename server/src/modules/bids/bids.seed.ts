import { sm2 } from 'sm-crypto-v2';
import type { AppContext } from '../../lib/context.ts';
import { sm3Hex } from '../../lib/sm2.ts';
import type { Actor } from '../../policies/actor.ts';
import * as repo from './bids.repository.ts';
import { registerOfficialKey, sealTender } from './bids.service.ts';

/**
 * Demo data of the sealed bids (docs/trading.md, "Demo data"): the demo tender's key is made before it is published
 * (TENDER_BID_KEY_REQUIRED), 2 of 2, one share for each body (BID_KEY_CUSTODIANS_ONE_BODY; each body below k,
 * BID_KEY_BODY_HOLDS_QUORUM): the province center's trading staff member (who makes it) and the supervising housing
 * department's approver. Their SM2 key pairs are DEMO keys: each private key is SM3 of
 * `onewindow-demo-official-key/1|<username>`, so a demo can hand the shares in at the opening
 * (/workbench/key-shares); the docs list them. Never a way to make a real official's key.
 */
export const DEMO_CUSTODIANS = ['trading1', 'approver.housing'] as const;
export const DEMO_KEY_THRESHOLD = 2;

/** The demo private key of a demo official (hex, 32 bytes): public on purpose, like the demo password. */
export const demoOfficialPrivateKey = (username: string) => sm3Hex(`onewindow-demo-official-key/1|${username}`);

/**
 * Registers the demo custodians' keys (the ones they already have are kept) and makes the tender's key with
 * `by` (the trading staff member), through the services: the revision `bid_key` and its audit events as in use.
 */
export async function seedDemoBidKey(ctx: AppContext, tenderId: string, by: Actor) {
  const custodians: string[] = [];
  for (const username of DEMO_CUSTODIANS) {
    const u = await ctx.db.selectFrom('users').select(['id', 'name', 'roles', 'center_id', 'department_id']).where('username', '=', username).executeTakeFirstOrThrow();
    const actor: Actor = { id: u.id, kind: 'staff', name: u.name, roles: u.roles as Actor['roles'], centerId: u.center_id, departmentId: u.department_id, windowId: null, centerRegion: null };
    if (!(await repo.officialKey(ctx.db, u.id))) await registerOfficialKey(ctx, actor, { publicKey: sm2.getPublicKeyFromPrivateKey(demoOfficialPrivateKey(username)) });
    custodians.push(u.id);
  }
  await sealTender(ctx, by, tenderId, { custodians, threshold: DEMO_KEY_THRESHOLD });
}
