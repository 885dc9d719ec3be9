import type { Tx } from '../../db/database.ts';
import type { Bilingual } from '../../lib/errors.ts';
import * as repo from './notifications.repository.ts';

/**
 * Notifications are their own module, below the domains that send them (cases, joint, supervision),
 * so sending one never makes a domain import another. The inbox that lists them is supervision's.
 *
 * One notice to people: to staff members by id, and/or to a department's shared list. It is sent
 * inside the transaction of the change it reports, so it exists exactly when the change does.
 */
export interface Notice {
  kind: string;
  centerId: string;
  caseId: string | null;
  userIds: string[];
  departmentId: string | null;
  title: Bilingual;
  data: Record<string, unknown>;
  at: Date;
}

/**
 * Where notices go. The in-app channel writes rows the workbench lists; a mail or SMS channel
 * implements the same interface by writing an outbox row in `tx` and delivering it after commit,
 * so a rolled-back change never sends a message.
 */
export interface NotificationChannel {
  readonly name: string;
  send(tx: Tx, notice: Notice): Promise<void>;
}

export const inAppChannel: NotificationChannel = {
  name: 'in_app',
  async send(tx, n) {
    const rows: Array<{ user_id: string | null; department_id: string | null }> = [...new Set(n.userIds)].map((userId) => ({ user_id: userId, department_id: null }));
    if (n.departmentId) rows.push({ user_id: null, department_id: n.departmentId });
    await repo.insertNotifications(tx, rows.map((r) => ({
      user_id: r.user_id, department_id: r.department_id, center_id: n.centerId, kind: n.kind, case_id: n.caseId,
      title: JSON.stringify(n.title), data: JSON.stringify(n.data), created_at: n.at,
    })));
  },
};

/** The channels in use; a deployment adds its mail or SMS channel here. */
export const channels: NotificationChannel[] = [inAppChannel];

export async function notify(tx: Tx, notice: Notice): Promise<void> {
  for (const ch of channels) await ch.send(tx, notice);
}
