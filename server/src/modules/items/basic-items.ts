import type { Tx } from '../../db/database.ts';
import { errors } from '../../lib/errors.ts';
import * as repo from './items.repository.ts';
import { ITEM_LEVELS, type ItemContent, type ItemLevel } from './items.schemas.ts';

/**
 * A basic code (基本编码) means one item everywhere (DESIGN §4): the same name and type at every
 * level. A local center implements the province's (or the nation's) basic item with its own
 * implementation elements — its department and implementation code, its materials, its windows,
 * and limits no longer than the basic item's — and cannot give the basic code to another item.
 * Checked whenever an item takes a code or its draft changes name or limits, inside the writing
 * transaction under a lock on the code, so a refusal writes nothing and two centers cannot race.
 */
export interface BasicCodeUse {
  basicCode: string;
  type: string;
  level: ItemLevel;
  content: Pick<ItemContent, 'name' | 'promisedLimitDays' | 'statutoryLimitDays'>;
  /** The item itself, when it already exists (a draft of it is being saved). */
  selfId?: string;
}

const rank = (level: string) => Number(ITEM_LEVELS[level as ItemLevel] ?? 9);
/** National and provincial items define a basic item; cities, counties and below implement it locally. */
const isBasicLevel = (level: string) => rank(level) <= rank('province');

export async function assertBasicCodeMeansOneItem(tx: Tx, use: BasicCodeUse) {
  await repo.lockBasicCode(tx, use.basicCode);
  const others = await repo.itemsWithBasicCode(tx, use.basicCode, use.selfId);
  const other = others.find((o) => o.name !== use.content.name || o.type !== use.type);
  if (other) {
    throw errors.BASIC_CODE_OTHER_ITEM({ basicCode: use.basicCode, item: other.name, field: other.type !== use.type ? 'identity.type' : 'content.name' });
  }
  // The basic items: the code's items at the province (or national) level; the rest are local implementations.
  const basics = others.filter((o) => isBasicLevel(o.level));
  if (!isBasicLevel(use.level) && basics.length) {
    const limit = { statutory: Math.min(...basics.map((b) => b.statutory_limit_days)), promised: Math.min(...basics.map((b) => b.promised_limit_days)) };
    if (use.content.statutoryLimitDays > limit.statutory) throw errors.BASIC_ITEM_LIMITS({ reason: 'LOCAL_ABOVE_BASIC', ...limit, field: 'content.statutoryLimitDays' });
    if (use.content.promisedLimitDays > limit.promised) throw errors.BASIC_ITEM_LIMITS({ reason: 'LOCAL_ABOVE_BASIC', ...limit, field: 'content.promisedLimitDays' });
  }
  // And a basic item cannot shorten its limits below a local implementation's: the local one would then exceed it.
  const local = isBasicLevel(use.level) ? others.filter((o) => !isBasicLevel(o.level))
    .find((o) => o.statutory_limit_days > use.content.statutoryLimitDays || o.promised_limit_days > use.content.promisedLimitDays) : undefined;
  if (local) {
    throw errors.BASIC_ITEM_LIMITS({
      reason: 'BASIC_BELOW_LOCAL', statutory: local.statutory_limit_days, promised: local.promised_limit_days,
      field: local.statutory_limit_days > use.content.statutoryLimitDays ? 'content.statutoryLimitDays' : 'content.promisedLimitDays',
    });
  }
}
