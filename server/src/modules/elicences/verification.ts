import { chinaDate } from '../../lib/clock.ts';
import { endOfChinaDay } from '../calendar/dates.ts';
import { registerVerifiable } from '../seals/index.ts';
import { statusNow, verifiableHolder } from './holder.ts';
import * as repo from './elicences.repository.ts';
import { LICENCE_KIND } from './signing.ts';

/**
 * How an e-licence shows on the public verification (seals' registry): the type's name, the licence
 * number, the holder (masked by the seals module), and its status now — an earlier version of a changed
 * or renewed licence shows `superseded`; a revoked licence shows revoked with the China date and the
 * reason, which the revocation decision makes public; one past its end date shows expired, judged on
 * the clock at the moment of asking.
 */
registerVerifiable(LICENCE_KIND, {
  title: { zh: '电子证照', en: 'E-licence' },
  resolve: async (db, ref, now) => {
    const [id, v] = ref.split('@');
    const l = id && /^[0-9a-f-]{36}$/.test(id) ? await repo.getLicence(db, id) : undefined;
    if (!l) return null;
    const type = await repo.typeNames(db, l.type_id);
    const version = Number(v ?? l.version);
    const holder = verifiableHolder(l);
    const base = { title: { zh: type.name, en: type.name_en ?? type.name }, number: l.licence_no, holder };
    // The end date is judged now, on the injected clock: a licence still stored valid past its last day
    // is expired (since the day after it) before the expiry sweep records it, never shown "valid".
    const lapsed = statusNow(l, chinaDate(now)) === 'expired' && l.status !== 'expired';
    const status = lapsed ? 'expired' : l.status;
    const since = lapsed ? chinaDate(endOfChinaDay(l.valid_to!)) : l.status_changed_at ? chinaDate(l.status_changed_at) : null;
    // A status that ends the licence applies to every version; otherwise an older version is superseded.
    if (status === 'revoked' || status === 'cancelled' || status === 'expired') return { ...base, status, since, reason: status === 'revoked' ? l.status_reason : null };
    if (version < l.version) return { ...base, status: 'superseded' };
    return { ...base, status, since: status === 'suspended' ? since : l.issue_date };
  },
});
