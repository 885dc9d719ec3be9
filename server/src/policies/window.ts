/**
 * Which departments a clerk accepts for depends on the window they sit at: an intake window serves
 * every department of the center, a proxy window (综合代办窗口) the departments listed for it, a
 * department's own window only that department. A proxy clerk is trained on a few departments'
 * checklists; accepting for another would put the 5-day period in untrained hands. The same holds for
 * every action a clerk takes on a case as a clerk (case.policy.ts `windowRolesOn`: accept, refuse, the
 * supplement notice, a resubmission, the hand-over to the department, delivery, termination, the
 * on-the-spot review of an instant item). Delivery windows and clerks not seated at a window keep the
 * center-wide scope they always had.
 *
 * `w` is the clerk's window as seen for one department (`listed`: the proxy window lists it), or
 * undefined when the clerk's window is not known.
 */
export type WindowForDepartment = { kind: 'intake' | 'delivery' | 'department' | 'proxy'; department_id: string | null; listed: string | null } | undefined;

export function windowServes(w: WindowForDepartment, departmentId: string): boolean {
  return !w || w.kind === 'intake' || w.kind === 'delivery' ? true
    : w.kind === 'proxy' ? w.listed !== null
    : w.department_id === departmentId;
}
