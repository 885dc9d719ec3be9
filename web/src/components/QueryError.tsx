import type { ApiError } from '../api/client';
import { ErrorAlert } from './ErrorAlert';

interface QueryLike { error: ApiError | null; refetch: () => unknown }

/**
 * The one way a page shows a failed query (web/src/api/query.ts `useGet`): the first error of the
 * given queries, with a retry that refetches the failed ones.
 */
export function QueryError({ of, style }: { of: QueryLike | readonly QueryLike[]; style?: React.CSSProperties }) {
  const failed = (Array.isArray(of) ? of : [of as QueryLike]).filter((q) => q.error);
  return <ErrorAlert error={failed[0]?.error} style={style} onRetry={() => failed.forEach((q) => void q.refetch())} />;
}
