import type { AppContext } from '../../lib/context.ts';
import * as repo from './bids.repository.ts';
import { askRegistry, registryRetryAt } from '../../lib/enterprise-registry.ts';

/**
 * The registry's records of a tender's opened bidders (docs/trading.md "The enterprise registry"), by which the
 * evaluation relates bids as well as by the declarations (条例 第三十四条). Looked up right after the opening, and again
 * when the evaluation is read for the bidders the registry did not answer about, at most every
 * ENTERPRISE_REGISTRY_RETRY_MINUTES: never on every read of a sheet. What the registry answered is kept
 * (tender_registry_records), so every expert relates the bids by the same facts, those of the opening. Never throws
 * because of the registry: a bidder left without an answer is shown as such and related by the declarations alone.
 */
export async function lookUpRegistryRecords(ctx: AppContext, tenderId: string): Promise<void> {
  const now = ctx.clock.now();
  const bidders = [...new Map((await repo.openedBiddersWithRecords(ctx.db, tenderId)).map((b) => [b.bidder_id, b])).values()];
  const due = bidders.filter((b) => registryDue(ctx, b, now));
  if (due.length === 0) return;
  const answers = await Promise.all(due.map((b) => askRegistry(ctx.registry, b.credit_code!, ctx.config.ENTERPRISE_REGISTRY_TIMEOUT_MS)));
  await repo.saveRegistryRecords(ctx.db, due.map((b, i) => {
    const a = answers[i]!;
    const r = a.outcome === 'found' ? a.record : null;
    return {
      tender_id: tenderId, bidder_id: b.bidder_id, credit_code: b.credit_code!, outcome: a.outcome,
      representative_id_number: r?.representativeIdNumber.toUpperCase() ?? null, controller_code: r?.controllerCode?.toUpperCase() ?? null,
      manager_code: r?.managerCode?.toUpperCase() ?? null, looked_up_at: now,
    };
  }));
}

/**
 * Whether the registry is to be asked about a bidder now: it has a credit code and no answer is kept, or the last
 * attempt found the registry unavailable at least ENTERPRISE_REGISTRY_RETRY_MINUTES ago.
 */
export function registryDue(ctx: AppContext, b: { credit_code: string | null; outcome: string | null; looked_up_at: Date | null }, now = ctx.clock.now()): boolean {
  if (!b.credit_code) return false;
  if (!b.outcome) return true;
  return b.outcome === 'unavailable' && now >= registryRetryAt(ctx.config, b.looked_up_at!);
}
