import { Button, Result, Spin } from 'antd';
import { Link } from 'react-router-dom';
import { useT } from '../i18n';
import { useTitle } from './useTitle';

export function PageLoading() {
  const { t } = useT();
  return (
    <div style={{ padding: '64px 0', textAlign: 'center' }} data-testid="page-loading">
      <Spin description={t('app.loading')} size="large">
        <div style={{ height: 40 }} />
      </Spin>
    </div>
  );
}

export function NotFound() {
  const { t } = useT();
  useTitle(t('error.notFoundTitle'));
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('error.notFoundDesc')}
      data-testid="not-found"
      extra={<Link to="/"><Button type="primary">{t('error.goHome')}</Button></Link>}
    />
  );
}

export function Forbidden({ desc }: { desc?: string } = {}) {
  const { t } = useT();
  useTitle(t('error.forbiddenTitle'));
  return (
    <div data-testid="forbidden">
      <Result
        status="403"
        title={t('error.forbiddenTitle')}
        subTitle={desc ?? t('error.forbiddenDesc')}
        extra={<Link to="/"><Button type="primary">{t('error.goHome')}</Button></Link>}
      />
    </div>
  );
}
