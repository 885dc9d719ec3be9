import { useParams } from 'react-router-dom';
import { Alert, Skeleton } from 'antd';
import { useT } from '../i18n';
import { useGet } from '../api/query';
import { useTitle } from '../components/useTitle';
import { QueryError } from '../components/QueryError';
import { formatDateTime } from '../components/labels';
import { LicenceFacts } from '../components/licences/LicenceBits';

/** The public page of a share link: the licence with the holder's code and a person's name masked and its status now. */
export default function LicenceSharePage() {
  const { token = '' } = useParams();
  const { t } = useT();
  useTitle(t('wallet.publicTitle'));
  const shared = useGet('/api/public/licence-shares/{token}', { path: { token } });
  return (
    <div className="ow-container" data-testid="licence-share-page">
      <div className="ow-block">
        <h2 className="ow-block-title">{t('wallet.publicTitle')}</h2>
        <QueryError of={shared} />
        {shared.isLoading ? <Skeleton active /> : null}
        {shared.data ? (
          <>
            <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('wallet.publicNote')} description={t('wallet.publicExpires', { at: formatDateTime(shared.data.expiresAt) })} />
            <LicenceFacts l={shared.data.licence} testid="shared-licence" />
          </>
        ) : null}
      </div>
    </div>
  );
}
