import { errors, NOT_FOUND } from '../lib/errors.ts';
import { hasRole, type Actor } from './actor.ts';
import { defaultRefusal, type Policy } from './policy.ts';

/**
 * Evaluation experts (docs/experts.md). Three resources, each scoped by the trading center:
 * - the pool: the center's draw operators keep it (add, declare, penalise) and read it; its
 *   supervisors read it; nobody else sees who is in it;
 * - a draw: the draw operators of the tender's center commit, draw and record answers, and they alone
 *   see the drawn names before the result; anyone reads the commitment, and the whole proof (pool,
 *   seed, order, committee) once the tender's candidates are published. Before that, a request for
 *   the names by anyone else is told the committee does not exist (404), so it learns nothing;
 * - an evaluation: a seated expert (by their own account) scores the tender's opened bids and reads
 *   their own scores; the draw operators follow it and finish it (totals, outliers, the report).
 */
export const EXPERT_POOL_ACTIONS = ['read', 'manage'] as const;
export type ExpertPoolAction = (typeof EXPERT_POOL_ACTIONS)[number];

export const expertPoolPolicy: Policy<{ centerId: string }, ExpertPoolAction> = {
  resource: 'expert_pool',
  actions: EXPERT_POOL_ACTIONS,
  can(who, action, r) {
    const roles = action === 'manage' ? (['draw_operator'] as const) : (['draw_operator', 'supervisor'] as const);
    return hasRole(who, ...roles) && (!r || r.centerId === who!.centerId);
  },
};

export const EXPERT_DRAW_ACTIONS = ['operate', 'read_names', 'read_proof'] as const;
export type ExpertDrawAction = (typeof EXPERT_DRAW_ACTIONS)[number];

/** A draw as the policy sees it: its center, and whether the tender's result is public yet. */
export interface DrawRef { centerId: string; resultPublic: boolean }

const operates = (who: Actor | null, r?: { centerId: string }) => hasRole(who, 'draw_operator') && (!r || r.centerId === who!.centerId);

export const expertDrawPolicy: Policy<DrawRef, ExpertDrawAction> = {
  resource: 'expert_draw',
  actions: EXPERT_DRAW_ACTIONS,
  can(who, action, r) {
    switch (action) {
      case 'operate': return operates(who, r);
      // The committee stays secret until the result (招标投标法 Art. 37): then anyone may read it.
      case 'read_names': return operates(who, r) || (!!r && r.resultPublic);
      case 'read_proof': return true;
      default: return false;
    }
  },
  refuse(who, action) {
    if (action === 'read_names') return NOT_FOUND({ zh: '评标委员会名单', en: 'Committee list' });
    return defaultRefusal(who);
  },
};

export const EVALUATION_ACTIONS = ['score', 'follow', 'publish', 'read_report'] as const;
export type EvaluationAction = (typeof EVALUATION_ACTIONS)[number];

/** An evaluation: the tender's center and the accounts of its seated experts. */
export interface EvaluationRef { centerId: string; seatedUserIds: readonly string[] }

const ofCenter = (who: Actor | null, r: { centerId: string } | undefined, ...roles: Parameters<typeof hasRole>[1][]) =>
  hasRole(who, ...roles) && (!r || r.centerId === who!.centerId);

/**
 * An evaluation (评标, docs/trading.md "Evaluation"): a seated expert of the tender's committee scores
 * (by their own account); the center's trading staff follow it and publish the candidates; its draw
 * operators and supervisors follow it too; the report (which names the experts) is read by all three.
 * An expert who is not seated on this committee is told so (EVALUATION_NOT_MEMBER), with nothing written.
 */
export const evaluationPolicy: Policy<EvaluationRef, EvaluationAction> = {
  resource: 'evaluation',
  actions: EVALUATION_ACTIONS,
  can(who, action, r) {
    switch (action) {
      case 'score': return hasRole(who, 'expert') && (!r || (r.centerId === who!.centerId && r.seatedUserIds.includes(who!.id)));
      case 'publish': return ofCenter(who, r, 'trading');
      case 'follow':
      case 'read_report': return ofCenter(who, r, 'trading', 'draw_operator', 'supervisor');
      default: return false;
    }
  },
  refuse(who, action, r) {
    if (action === 'score' && r && hasRole(who, 'expert')) return errors.EVALUATION_NOT_MEMBER();
    return defaultRefusal(who);
  },
};
