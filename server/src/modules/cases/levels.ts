import type { CaseRow } from './cases.repository.ts';

/**
 * The levels a reported (上报) case passes through, each with its own time: filled in by the
 * reported-case flow (see reported.ts).
 */
export function levelsOf(_c: CaseRow, _children: Array<{ kind: string }>, _today: string): Array<Record<string, unknown>> {
  return [];
}
