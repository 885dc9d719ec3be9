import { useEffect, useRef, useState } from 'react';
import { api, toApiError, type ApiError } from '../api/client';
import type { JointChecklist } from './jointTypes';

/** POST /api/joint/matters/:id/checklist whenever the answers are complete; older answers are dropped. */
export function useChecklist(matterId: string, answers: Record<string, string> | null) {
  const [state, setState] = useState<{ data?: JointChecklist; error?: ApiError; loading: boolean }>({ loading: false });
  const seq = useRef(0);
  const answersKey = answers ? JSON.stringify(answers) : '';
  useEffect(() => {
    if (!answersKey) return;
    const mine = ++seq.current;
    setState((s) => ({ data: s.data, loading: true }));
    api.post<JointChecklist>(`/api/joint/matters/${encodeURIComponent(matterId)}/checklist`, { answers: JSON.parse(answersKey) }).then(
      (data) => { if (mine === seq.current) setState({ data, loading: false }); },
      (e: unknown) => { if (mine === seq.current) setState((s) => ({ data: s.data, error: toApiError(e), loading: false })); },
    );
  }, [matterId, answersKey]);
  return { ...state, data: answersKey ? state.data : undefined };
}
