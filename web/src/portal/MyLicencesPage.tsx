import { Link, useSearchParams } from 'react-router-dom';
import { Breadcrumb, Pagination } from 'antd';
import { useT } from '../i18n';
import { useGet } from '../api/query';
import { useTitle } from '../components/useTitle';
import { QueryError } from '../components/QueryError';
import { EmptyBlock } from '../components/ContentView';
import { LicenceStatusTag, validityText } from '../components/licences/LicenceBits';
import { RequireSignIn } from './RequireSignIn';

/** 我的证照: the licences the signed-in person or enterprise holds, as cards (the same on a phone). */
export default function MyLicencesPage() {
  return <RequireSignIn><MyLicences /></RequireSignIn>;
}

function MyLicences() {
  const { t, lang } = useT();
  useTitle(t('wallet.title'));
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const pageSize = 20;
  const list = useGet('/api/wallet/licences', { query: { page, pageSize } });
  const rows = list.data?.licences ?? [];
  return (
    <div className="ow-container" data-testid="my-licences-page">
      <Breadcrumb items={[{ title: <Link to="/">{t('nav.home')}</Link> }, { title: t('wallet.title') }]} />
      <div className="ow-block">
        <h1 className="ow-block-title">{t('wallet.title')}</h1>
        <p className="ow-muted">{t('wallet.intro')}</p>
        <QueryError of={list} />
        {!list.isLoading && rows.length === 0 ? <EmptyBlock text={t('wallet.empty')} testid="my-licences-empty" /> : null}
        <div data-testid="my-licences-list">
          {rows.map((l) => (
            <Link key={l.id} to={`/my/licences/${encodeURIComponent(l.id)}`} className="ow-result-card" data-testid="my-licence-row" data-licence-id={l.id} data-status={l.statusNow}>
              <h2 className="ow-result-title" style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }}>
                <span data-testid="my-licence-type">{lang === 'en' && l.type.nameEn ? l.type.nameEn : l.type.name}</span>
                <LicenceStatusTag status={l.statusNow} />
              </h2>
              <div className="ow-result-meta">
                <span>{t('wallet.field.number')}: <span data-testid="my-licence-number">{l.licenceNo}</span></span>
                <span>{t('wallet.field.issuer')}: {lang === 'en' && l.issuer.nameEn ? l.issuer.nameEn : l.issuer.name}</span>
                <span>{t('wallet.field.validity')}: {validityText(t, l)}</span>
              </div>
            </Link>
          ))}
        </div>
        {(list.data?.total ?? 0) > pageSize ? (
          <Pagination simple current={page} pageSize={pageSize} total={list.data?.total ?? 0}
            onChange={(p) => setParams({ page: String(p) })} style={{ textAlign: 'center', marginTop: 12 }} />
        ) : null}
      </div>
    </div>
  );
}
