import { useState } from 'react';
import { Breadcrumb, Empty, Pagination, Select, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { useT } from '../i18n';
import { useGet } from '../api/query';
import type { ResponseOf } from '../api/client';
import { useTitle } from '../components/useTitle';
import { QueryError } from '../components/QueryError';
import { enumLabel, formatDate } from '../components/labels';

type Row = ResponseOf<'/api/public/exposure'>['rows'][number];
const PAGE_SIZE = 10;

/**
 * The exposure and correction column (曝光纠错, docs/hotline.md): closed 12345 orders a manager
 * published with what was put right, for everyone, the caller's name and personal data masked by
 * the server. Newest first, paged; one center or all.
 */
export default function ExposurePage() {
  const { t, lang } = useT();
  useTitle(t('wo.exposure.title'));
  const [page, setPage] = useState(1);
  const [centerId, setCenterId] = useState<string | undefined>(undefined);
  const centers = useGet('/api/hall/centers');
  const list = useGet('/api/public/exposure', { query: { page, pageSize: PAGE_SIZE, ...(centerId ? { centerId } : {}) } });
  const name = (x: { name: string; nameEn?: string | null } | null) => (x ? (lang === 'en' && x.nameEn ? x.nameEn : x.name) : '');

  return (
    <div className="ow-container" data-testid="exposure-page">
      <Breadcrumb items={[{ title: <Link to="/">{t('nav.home')}</Link> }, { title: t('wo.exposure.title') }]} />
      <div className="ow-block">
        <h1 className="ow-block-title">{t('wo.exposure.title')}</h1>
        <p className="ow-muted">{t('wo.exposure.intro')}</p>
        <label style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', marginBottom: 12 }}>
          {t('wo.exposure.center')}
          <Select
            allowClear data-testid="exposure-center" style={{ minWidth: 200 }} value={centerId} placeholder={t('wo.exposure.allCenters')}
            onChange={(v?: string) => { setCenterId(v); setPage(1); }}
            options={(centers.data?.centers ?? []).map((c) => ({ value: c.id, label: lang === 'en' && c.nameEn ? c.nameEn : c.name }))}
          />
        </label>
        {list.data ? (
          list.data.rows.length === 0 ? <Empty description={t('wo.exposure.none')} data-testid="exposure-empty" /> : (
            <ol style={{ listStyle: 'none', padding: 0, margin: 0, display: 'grid', gap: 12 }}>
              {list.data.rows.map((r: Row) => (
                <li key={r.id} className="ow-material-card" data-testid="exposure-row" data-order-no={r.orderNo}>
                  <h2 style={{ fontSize: 16, margin: '0 0 4px' }}>{r.topic}</h2>
                  <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6, marginBottom: 6 }}>
                    <Tag>{enumLabel(t, 'wo.kind', r.kind)}</Tag>
                    {r.department ? <Tag color="blue">{name(r.department)}</Tag> : null}
                    {r.category ? <Tag>{name(r.category)}</Tag> : null}
                    <span className="ow-muted">{t('wo.exposure.orderNo', { no: r.orderNo })} · {t('wo.exposure.published', { date: formatDate(r.publishedAt) })}</span>
                  </div>
                  <dl style={{ margin: 0, display: 'grid', gap: 4 }}>
                    <div><dt style={{ display: 'inline', fontWeight: 600 }}>{t('wo.exposure.what')}：</dt><dd style={{ display: 'inline', margin: 0 }} data-testid="exposure-content">{r.content}</dd></div>
                    {r.place ? <div><dt style={{ display: 'inline', fontWeight: 600 }}>{t('wo.call.place')}：</dt><dd style={{ display: 'inline', margin: 0 }}>{r.place}</dd></div> : null}
                    {r.reply ? <div><dt style={{ display: 'inline', fontWeight: 600 }}>{t('wo.exposure.reply')}：</dt><dd style={{ display: 'inline', margin: 0 }}>{r.reply}</dd></div> : null}
                    {r.fix ? <div><dt style={{ display: 'inline', fontWeight: 600 }}>{t('wo.exposure.fix')}：</dt><dd style={{ display: 'inline', margin: 0 }} data-testid="exposure-fix">{r.fix}</dd></div> : null}
                    <div className="ow-muted">{t('wo.exposure.caller', { name: r.caller })}</div>
                  </dl>
                </li>
              ))}
            </ol>
          )
        ) : <QueryError of={list} />}
        {list.data && list.data.total > PAGE_SIZE ? (
          <Pagination style={{ marginTop: 12 }} current={page} pageSize={PAGE_SIZE} total={list.data.total} onChange={setPage} showSizeChanger={false} />
        ) : null}
      </div>
    </div>
  );
}
