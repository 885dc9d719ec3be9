import type { AppContext } from '../../lib/context.ts';
import { errors, NOT_FOUND } from '../../lib/errors.ts';
import { appendAudit, streamOf } from '../../lib/audit.ts';
import { hashPassword } from '../../lib/passwords.ts';
import { insertUser } from '../auth/auth.repository.ts';
import { assertSameCenter, requirePermission, type Actor, type StaffRole } from '../../policies/index.ts';
import * as repo from './org.repository.ts';

/** The organisation tree (region → center → department → window) as the console shows it. */
export async function orgTree(ctx: AppContext, who: Actor | null) {
  requirePermission(who, 'org.read');
  const [regions, centers, departments, windows, served] = await Promise.all([
    repo.listRegions(ctx.db), repo.listCentersWithRegion(ctx.db), repo.listDepartments(ctx.db), repo.listWindows(ctx.db), repo.listWindowDepartments(ctx.db),
  ]);
  return {
    regions: regions.map((r) => ({ code: r.code, name: r.name, nameEn: r.name_en, level: r.level, parentCode: r.parent_code })),
    centers: centers.map((c) => ({ id: c.id, name: c.name, nameEn: c.name_en, regionCode: c.region_code })),
    departments: departments.map((d) => ({ id: d.id, centerId: d.center_id, name: d.name, nameEn: d.name_en, creditCode: d.credit_code })),
    windows: windows.map((w) => ({
      id: w.id, centerId: w.center_id, name: w.name, nameEn: w.name_en, kind: w.kind, departmentId: w.department_id,
      departmentIds: served.filter((s) => s.window_id === w.id).map((s) => s.department_id),
    })),
  };
}

/**
 * The departments a proxy window (综合代办窗口) accepts for, replaced as a whole by the manager of
 * its center. Intake windows serve every department and department windows their own, so only a
 * proxy window has a list to keep.
 */
export async function setWindowDepartments(ctx: AppContext, who: Actor | null, windowId: string, departmentIds: string[]) {
  const actor = requirePermission(who, 'staff.manage');
  const ids = [...new Set(departmentIds)];
  await ctx.db.transaction().execute(async (tx) => {
    const w = await repo.lockWindow(tx, windowId);
    if (!w) throw NOT_FOUND({ zh: '窗口', en: 'Window' });
    assertSameCenter(actor, w.center_id);
    if (w.kind !== 'proxy') {
      throw errors.WINDOW_NOT_PROXY({ field: 'id' });
    }
    for (const id of ids) {
      const d = await repo.findDepartment(tx, id);
      if (!d || d.center_id !== actor.centerId) {
        throw errors.DEPARTMENT_UNKNOWN({ field: 'departmentIds', details: { departmentId: id } });
      }
    }
    await repo.replaceWindowDepartments(tx, windowId, ids);
    await appendAudit(tx, { stream: streamOf('org', windowId), action: 'window.departments_set', actorId: actor.id, at: ctx.clock.now(), data: { departmentIds: ids } });
  });
  return { id: windowId, departmentIds: ids };
}

export async function staffList(ctx: AppContext, who: Actor | null, q: { q?: string; page: number; pageSize: number }) {
  const actor = requirePermission(who, 'staff.read');
  const now = ctx.clock.now();
  const { rows, total } = await repo.listStaff(ctx.db, { centerId: actor.centerId, q: q.q, limit: q.pageSize, offset: (q.page - 1) * q.pageSize, now });
  return {
    staff: rows.map((s) => ({
      id: s.id, username: s.username!, name: s.name, roles: s.roles, departmentId: s.department_id, windowId: s.window_id,
      centerId: s.center_id!, locked: !!s.locked_until && s.locked_until > now,
    })),
    total, page: q.page, pageSize: q.pageSize,
  };
}

export interface NewStaff {
  username: string;
  name: string;
  roles: StaffRole[];
  departmentId?: string;
  windowId?: string;
  password: string;
}

/** Staff are created inside the manager's own center; department roles need a department of that center. */
export async function createStaff(ctx: AppContext, who: Actor | null, s: NewStaff) {
  const actor = requirePermission(who, 'staff.manage');
  if (s.departmentId) {
    const d = await repo.findDepartment(ctx.db, s.departmentId);
    if (!d || d.center_id !== actor.centerId) throw errors.DEPARTMENT_UNKNOWN({ field: 'departmentId' });
  } else if (s.roles.some((r) => r === 'approver' || r === 'chief')) {
    throw errors.DEPARTMENT_REQUIRED({ field: 'departmentId' });
  }
  if (s.windowId) {
    const w = await repo.findWindow(ctx.db, s.windowId);
    if (!w || w.center_id !== actor.centerId) throw errors.WINDOW_UNKNOWN({ field: 'windowId' });
  }
  const passwordHash = await hashPassword(s.password);
  const now = ctx.clock.now();
  const id = await ctx.db.transaction().execute(async (tx) => {
    const newId = await insertUser(tx, {
      kind: 'staff', name: s.name, username: s.username, passwordHash, roles: s.roles,
      centerId: actor.centerId, departmentId: s.departmentId ?? null, windowId: s.windowId ?? null,
    });
    if (newId) await appendAudit(tx, { stream: streamOf('user', newId), action: 'staff.created', actorId: actor.id, at: now, data: { roles: s.roles, departmentId: s.departmentId ?? null } });
    return newId;
  });
  if (!id) throw errors.USERNAME_TAKEN({ field: 'username' });
  return { id };
}
