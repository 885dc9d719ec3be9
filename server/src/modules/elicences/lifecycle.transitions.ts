import type { ElicenceStatus, LicenceApplicationKind, LicenceApplicationStatus } from '../../db/types.ts';

/**
 * The licence's own lifecycle (issue 12): the one table of what may happen to an issued licence, who
 * does it, and the status it leads to. `lifecycle.service.ts` looks every change up here and only then
 * writes (`updateLicence`); nothing else writes a licence's status.
 */
export const LICENCE_STATES = ['valid', 'suspended', 'revoked', 'expired', 'cancelled'] as const satisfies readonly ElicenceStatus[];
export type LicenceAction = 'suspend' | 'reinstate' | 'revoke' | 'expire' | 'change' | 'renew' | 'cancel';
export type LicenceActor = 'chief' | 'system';

export interface LicenceTransition {
  action: LicenceAction;
  from: readonly ElicenceStatus[];
  to: ElicenceStatus | 'same';
  who: readonly LicenceActor[];
  /** The licence gets a new version (re-rendered and re-signed) with the change. */
  newVersion: boolean;
}

export const LICENCE_TRANSITIONS: readonly LicenceTransition[] = [
  { action: 'suspend', from: ['valid'], to: 'suspended', who: ['chief'], newVersion: false },
  { action: 'reinstate', from: ['suspended'], to: 'valid', who: ['chief'], newVersion: false },
  // 撤销 by the issuing body (Art. 69), with a reason; verification then shows it revoked with the date.
  { action: 'revoke', from: ['valid', 'suspended'], to: 'revoked', who: ['chief'], newVersion: false },
  { action: 'expire', from: ['valid', 'suspended'], to: 'expired', who: ['system'], newVersion: false },
  // The holder's applications, granted by the chief of the issuing department.
  { action: 'change', from: ['valid'], to: 'same', who: ['chief'], newVersion: true },
  // Art. 50: an in-time renewal still undecided at the end is deemed granted; the expiry sweep grants it (system).
  { action: 'renew', from: ['valid'], to: 'same', who: ['chief', 'system'], newVersion: true },
  { action: 'cancel', from: ['valid', 'suspended', 'expired'], to: 'cancelled', who: ['chief'], newVersion: false },
];

export type LicenceCheck = { ok: true; to: ElicenceStatus; newVersion: boolean } | { ok: false; reason: 'REVOKED' | 'STATE' };

export function checkLicence(action: LicenceAction, status: ElicenceStatus): LicenceCheck {
  const t = LICENCE_TRANSITIONS.find((x) => x.action === action)!;
  if (!t.from.includes(status)) return { ok: false, reason: status === 'revoked' ? 'REVOKED' : 'STATE' };
  return { ok: true, to: t.to === 'same' ? status : t.to, newVersion: t.newVersion };
}

/** Which licence action an application leads to when granted. */
export const APPLICATION_ACTION: Record<LicenceApplicationKind, LicenceAction> = { change: 'change', renewal: 'renew', cancellation: 'cancel' };

/** The application's own small table: born `requested` by the holder; the chief grants or refuses it, once. */
export const APPLICATION_TRANSITIONS: ReadonlyArray<{ action: 'grant' | 'refuse'; from: readonly LicenceApplicationStatus[]; to: LicenceApplicationStatus }> = [
  { action: 'grant', from: ['requested'], to: 'granted' },
  { action: 'refuse', from: ['requested'], to: 'refused' },
];
export function checkApplication(action: 'grant' | 'refuse', status: LicenceApplicationStatus): LicenceApplicationStatus | null {
  const t = APPLICATION_TRANSITIONS.find((x) => x.action === action)!;
  return t.from.includes(status) ? t.to : null;
}
