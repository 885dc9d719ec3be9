import type { Tx } from '../../db/database.ts';
import { listPrereviewLines, type CaseRow } from './cases.repository.ts';

/**
 * The one supplement notice of a joint case: the window's own lines and every department's
 * pre-review lines for this round, one line per material, each naming the departments that asked.
 * The pre-reviews are read here, on the cases side, so the case lifecycle never imports the joint
 * module (which reacts to case events and so imports cases).
 */
export async function mergedSupplementLines(tx: Tx, c: CaseRow, own: Array<{ key: string; reason: string }>) {
  const lines = new Map<string, { key: string; reason: string; departments: string[] }>();
  const add = (key: string, reason: string, department: string | null) => {
    const line = lines.get(key) ?? { key, reason: '', departments: [] };
    if (!line.reason.includes(reason)) line.reason = line.reason ? `${line.reason}；${reason}` : reason;
    if (department && !line.departments.includes(department)) line.departments.push(department);
    lines.set(key, line);
  };
  for (const i of own) add(i.key, i.reason, null);
  for (const p of await listPrereviewLines(tx, c.id, c.supplement_rounds)) {
    for (const i of p.items as Array<{ key: string; reason: string }>) add(i.key, i.reason, p.department_name);
  }
  return [...lines.values()];
}
