import type { AppContext } from '../../lib/context.ts';
import { clientMetadata } from './sso.clients.ts';
import * as repo from './sso.repository.ts';

/**
 * oidc-provider's storage (its Adapter interface) on PostgreSQL, so every instance shares sessions,
 * interactions, grants, codes and tokens, and a restart keeps them. One adapter per model name.
 * The `Client` model is read from the manager's registrations (oidc_clients), never written by the provider.
 */
export function sqlAdapter(ctx: AppContext) {
  return class SqlAdapter {
    readonly model: string;
    constructor(model: string) {
      this.model = model;
    }

    async upsert(id: string, payload: Record<string, unknown>, expiresIn?: number): Promise<void> {
      const now = ctx.clock.now();
      await repo.upsertPayload(ctx.db, {
        model: this.model, id, payload,
        grant_id: typeof payload.grantId === 'string' ? payload.grantId : null,
        user_code: typeof payload.userCode === 'string' ? payload.userCode : null,
        uid: typeof payload.uid === 'string' ? payload.uid : null,
        expires_at: expiresIn ? new Date(now.getTime() + expiresIn * 1000) : null,
      });
    }

    async find(id: string): Promise<Record<string, unknown> | undefined> {
      if (this.model === 'Client') {
        const row = await repo.findActiveClient(ctx.db, id);
        return row ? clientMetadata(row) : undefined;
      }
      return this.#read({ id });
    }

    async findByUid(uid: string) {
      return this.#read({ uid });
    }

    async findByUserCode(userCode: string) {
      return this.#read({ user_code: userCode });
    }

    async consume(id: string): Promise<void> {
      await repo.consumePayload(ctx.db, this.model, id, ctx.clock.now());
    }

    async destroy(id: string): Promise<void> {
      await repo.destroyPayload(ctx.db, this.model, id);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await repo.destroyByGrant(ctx.db, grantId);
    }

    async #read(by: { id?: string; uid?: string; user_code?: string }) {
      const row = await repo.findPayload(ctx.db, this.model, by, ctx.clock.now());
      if (!row) return undefined;
      // The provider reads `consumed` (epoch seconds) to refuse a code used twice.
      return row.consumed_at ? { ...row.payload, consumed: Math.floor(row.consumed_at.getTime() / 1000) } : row.payload;
    }
  };
}
