import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Input, Table, Tag } from 'antd';
import { useT } from '../i18n';
import { useGet } from '../api/query';
import { useTitle } from '../components/useTitle';
import { QueryError } from '../components/QueryError';
import { centerLink } from './NetworkPage';

/** Which centers of the reader's scope implement which basic items of the province (and the nation). */
export default function ImplementationsPage() {
  const { t, pick } = useT();
  useTitle(t('net.items.nav'), true);
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const page = Number(params.get('page') ?? '1') || 1;
  const [text, setText] = useState(q);
  const list = useGet('/api/network/implementations', { query: { q: q || undefined, page, pageSize: 20 } });
  const d = list.data;
  return (
    <div data-testid="net-items">
      <div className="ow-page-head"><h2>{t('net.items.title')}</h2></div>
      <p className="ow-muted">{t('net.items.intro')}</p>
      {d ? <p data-testid="net-items-local">{t('net.items.localCenters', { n: d.localCenters })}</p> : null}
      <Input.Search aria-label={t('net.items.search')} placeholder={t('net.items.search')} value={text} allowClear style={{ maxWidth: 360, marginBottom: 12 }}
        onChange={(e) => setText(e.target.value)} onSearch={(v) => setParams(v ? { q: v } : {})} data-testid="net-items-search" />
      <QueryError of={list} />
      <Table size="small" rowKey="id" scroll={{ x: 'max-content' }} dataSource={d?.items ?? []} loading={list.isLoading}
        locale={{ emptyText: t('net.items.empty') }}
        pagination={{ current: page, pageSize: 20, total: d?.total ?? 0, showSizeChanger: false, onChange: (p) => setParams({ ...(q ? { q } : {}), page: String(p) }) }}
        onRow={(r) => ({ 'data-testid': 'net-item-row', 'data-basic-code': r.basicCode }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('net.items.basicCode'), key: 'code', render: (_v, r) => <code>{r.basicCode}</code> },
          { title: t('net.col.item'), key: 'name', render: (_v, r) => <><strong>{pick(r.name, r.nameEn)}</strong><div className="ow-muted">{pick(r.centerName, r.centerNameEn)}</div></> },
          { title: t('net.items.limits'), key: 'limits', render: (_v, r) => `${r.statutoryLimitDays} / ${r.promisedLimitDays}` },
          {
            title: t('net.items.implementations'), key: 'impl', render: (_v, r) => (
              <div data-testid="net-item-impl">
                {r.implementations.length === 0 ? <span className="ow-muted">{t('net.items.none')}</span> : r.implementations.map((i) => (
                  <div key={i.itemId} data-testid="net-impl" data-center-id={i.centerId}>
                    <Link to={centerLink(i.centerId)}>{pick(i.centerName, i.centerNameEn)}</Link> <Tag>{t(`net.level.${i.level as 'county'}`)}</Tag>
                    <span className="ow-muted">{pick(i.departmentName, i.departmentNameEn)} · {i.statutoryLimitDays} / {i.promisedLimitDays}</span>
                  </div>
                ))}
                {r.notImplemented > 0 ? <div className="ow-muted" data-testid="net-item-missing">{t('net.items.notImplemented', { n: r.notImplemented })}</div> : null}
              </div>
            ),
          },
        ]} />
    </div>
  );
}
