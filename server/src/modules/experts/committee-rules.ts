import { errors } from '../../lib/errors.ts';

/**
 * The evaluation committee's composition (招标投标法 Art. 37; 评标专家和评标专家库管理办法): an odd
 * number of members, at least the sector's minimum (5 by default, more for some sectors, e.g. water
 * projects 7), and experts drawn from the pool at least two thirds of it (the buyer's
 * representatives at most one third). The minimum per sector is data (`committee_rules`, 0040), so a
 * new sector rule is a row, not code. Each rule is a guard: it refuses, it never adjusts.
 */
export interface CommitteeRule { sector: string; minSize: number; expertShareNum: number; expertShareDen: number }

/** The row for a sector, or the default row ('*') when the sector has none of its own. */
export function ruleFor(rules: readonly CommitteeRule[], sector: string | null): CommitteeRule {
  const own = sector ? rules.find((r) => r.sector === sector) : undefined;
  const rule = own ?? rules.find((r) => r.sector === '*');
  if (!rule) throw new Error('committee_rules has no default row');
  return rule;
}

/** Throws the first rule the committee breaks: size odd, size ≥ the sector's minimum, experts ≥ the share. */
export function checkCommittee(size: number, buyerReps: number, rule: CommitteeRule): void {
  if (size % 2 === 0) throw errors.COMMITTEE_SIZE_EVEN({ size, field: 'committeeSize' });
  if (size < rule.minSize) throw errors.COMMITTEE_TOO_SMALL({ size, min: rule.minSize, sector: rule.sector, field: 'committeeSize' });
  const experts = size - buyerReps;
  // experts / size ≥ num / den, in integers.
  if (buyerReps < 0 || experts * rule.expertShareDen < size * rule.expertShareNum) {
    throw errors.COMMITTEE_EXPERT_SHARE({ experts, size, num: rule.expertShareNum, den: rule.expertShareDen, field: 'buyerReps' });
  }
}
