import { NOT_FOUND, type DomainError } from '../lib/errors.ts';
import type { Actor } from './actor.ts';
import { defaultRefusal, type Policy } from './policy.ts';

/**
 * The applicant's own portal data (issue 14, docs/portal.md): profile, drafts (暂存), bookmarks (收藏),
 * frequent services. Only the person or enterprise it belongs to reads or writes it: signed out 401,
 * staff 403 (no staff screen shows it), and another applicant 404 — a draft of someone else does not exist.
 */
export const MY_DATA_ACTIONS = ['read', 'write'] as const;
export type MyDataAction = (typeof MY_DATA_ACTIONS)[number];

export interface MyDataRow { ownerId: string }

const isApplicant = (who: Actor | null) => who !== null && who.kind !== 'staff';

export const myDataPolicy: Policy<MyDataRow, MyDataAction> = {
  resource: 'my_data',
  actions: MY_DATA_ACTIONS,
  can(who, _action, row) {
    return isApplicant(who) && (!row || row.ownerId === who!.id);
  },
  refuse(who, _action, row): DomainError {
    if (isApplicant(who) && row) return NOT_FOUND({ zh: '数据', en: 'Record' });
    return defaultRefusal(who);
  },
};
