import { errors } from '../lib/errors.ts';
import { hasPermission } from './permissions.ts';
import { defaultRefusal, type Policy } from './policy.ts';

/**
 * The working-day calendar. A manager edits the local holidays and working days of their own
 * center's region only (the resource is the region code). The official national schedule is the
 * State Council's, the same for the whole country: a manager of a province-level center loads it.
 */
export const CALENDAR_ACTIONS = ['edit_region', 'load_national'] as const;
export type CalendarAction = (typeof CALENDAR_ACTIONS)[number];

export const calendarPolicy: Policy<{ region: string }, CalendarAction> = {
  resource: 'calendar',
  actions: CALENDAR_ACTIONS,
  can(who, action, r) {
    if (!hasPermission(who, 'calendar.edit')) return false;
    if (action === 'load_national') return who.centerRegion?.level === 'province';
    return !r || who.centerRegion?.code === r.region;
  },
  refuse(who, action) {
    if (action === 'load_national' && hasPermission(who, 'calendar.edit')) {
      return errors.CALENDAR_NATIONAL_PROVINCE_ONLY();
    }
    return defaultRefusal(who);
  },
};
