import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../api/client';

/**
 * POST /api/joint/matters/:id/checklist whenever the answers are complete: a read (it changes nothing),
 * so it is a query keyed by the answers; while new answers compute, the last checklist stays shown.
 */
export function useChecklist(matterId: string, answers: Record<string, string> | null) {
  const answersKey = answers ? JSON.stringify(answers) : '';
  const query = useQuery({
    queryKey: ['/api/joint/matters/{id}/checklist', { path: { id: matterId }, answers: answersKey }],
    queryFn: ({ signal }) => api.post('/api/joint/matters/{id}/checklist', { params: { path: { id: matterId } }, body: { answers: JSON.parse(answersKey) as Record<string, string> }, signal }),
    enabled: !!answersKey,
    placeholderData: keepPreviousData,
  });
  return { data: answersKey ? query.data : undefined, error: query.error ?? undefined, loading: query.isFetching };
}
