import { Alert, Button } from 'antd';
import type { ApiError } from '../api/client';
import { useT } from '../i18n';

/** Shows an API error in the current language; `error-alert` is what tests look for. */
export function ErrorAlert({ error, onRetry, style }: { error: ApiError | null | undefined; onRetry?: () => void; style?: React.CSSProperties }) {
  const { t, msg } = useT();
  if (!error) return null;
  return (
    <div data-testid="error-alert" data-code={error.code} style={{ marginBottom: 16, ...style }}>
      <Alert
        type="error"
        showIcon
        title={msg(error.messages)}
        action={onRetry ? <Button size="small" onClick={onRetry}>{t('common.retry')}</Button> : undefined}
      />
    </div>
  );
}
