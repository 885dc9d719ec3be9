import { QueryClient, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { api, type ApiError, type ParamsOf, type PathOf, type ResponseOf } from './client';

declare module '@tanstack/react-query' {
  // Every query and mutation fails with the ApiError the pages show.
  interface Register { defaultError: ApiError }
}

/** Retried: a request that never got an answer, or a gateway/unavailable answer; never a 4xx or a 500. */
export function isRetryable(error: ApiError): boolean {
  return error.status === 0 || error.status === 502 || error.status === 503 || error.status === 504;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: (failures, error) => failures < 2 && isRetryable(error),
        // A page shows what the server says now: data is refetched when a page mounts, not on window focus.
        staleTime: 0,
        refetchOnWindowFocus: false,
      },
      mutations: { retry: false },
    },
  });
}

export type GetPath = PathOf<'get'>;
type GetParams<P extends GetPath> = ParamsOf<P, 'get'> extends infer X ? { [K in keyof X as X[K] extends undefined ? never : K]: X[K] } : never;

/** The key of a GET: `[path template, params]`, so every view of one resource shares the path as prefix. */
export function queryKeyOf<P extends GetPath>(path: P, params?: GetParams<P>): QueryKey {
  return params ? [path, params] : [path];
}

/**
 * Server state of one GET, cached under `[path, params]`; `enabled: false` waits (no request).
 * Loading is `isLoading`, failure is `error` (an ApiError): show them with <QueryError of={q} />.
 */
export function useGet<P extends GetPath>(path: P, params?: GetParams<P> | null, opts: { enabled?: boolean } = {}) {
  return useQuery<ResponseOf<P, 'get'>, ApiError>({
    queryKey: queryKeyOf(path, params ?? undefined),
    queryFn: ({ signal }) => (api.get as (p: P, i: unknown) => Promise<ResponseOf<P, 'get'>>)(path, { params: params ?? undefined, signal }),
    enabled: opts.enabled ?? true,
  });
}

/**
 * After an action: every query under these paths is stale. Queries on screen refetch; the others are
 * dropped, so a page opened later never shows what was true before the action.
 * `except` keeps one query out (a case whose answer the action already put in the cache).
 */
export async function invalidate(client: QueryClient, paths: readonly GetPath[], except?: QueryKey): Promise<void> {
  const keep = except ? JSON.stringify(except) : null;
  const predicate = (q: { queryKey: QueryKey }) => keep === null || JSON.stringify(q.queryKey) !== keep;
  await Promise.all(paths.map(async (p) => {
    client.removeQueries({ queryKey: [p], type: 'inactive', predicate });
    await client.invalidateQueries({ queryKey: [p], predicate });
  }));
}

/** `invalidate` bound to the app's QueryClient. */
export function useInvalidate() {
  const client = useQueryClient();
  return useCallback((paths: readonly GetPath[], except?: QueryKey) => invalidate(client, paths, except), [client]);
}

/**
 * A write a person starts with a click: keeps its error (for an ErrorAlert) and a busy flag (for the button), and
 * refreshes `views` once it succeeded. `run` answers whether it succeeded; `clear` forgets the error.
 */
export function useSubmit(views: readonly GetPath[]) {
  const invalidate = useInvalidate();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (fn: () => Promise<unknown>) => {
    setError(null);
    setBusy(true);
    try {
      await fn();
      if (views.length) await invalidate(views);
      return true;
    } catch (e) {
      setError(e as ApiError);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, run, clear: () => setError(null) };
}

/** The views a case action can change (the case, its parent and parts, inboxes, lists, boards, notifications). */
export const CASE_VIEWS = [
  '/api/cases/{id}', '/api/my/cases', '/api/workbench/inbox', '/api/joint/coordination', '/api/joint/cases/{id}/prereviews',
  '/api/supervision/cases', '/api/supervision/board', '/api/supervision/findings', '/api/supervision/notices', '/api/notifications',
  '/api/cases/{id}/checklist',
] as const satisfies readonly GetPath[];
