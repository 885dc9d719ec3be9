import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { Breadcrumb, Button, Col, Grid, Pagination, Row, Segmented, Select, Table, Tag } from 'antd';
import { FilterOutlined } from '@ant-design/icons';
import { useT } from '../i18n';
import { useGet } from '../api/query';
import { ITEM_TYPES, type ItemSummary } from '../api/models';
import { useTitle } from '../components/useTitle';
import { QueryError } from '../components/QueryError';
import { EmptyBlock } from '../components/ContentView';
import { enumLabel } from '../components/labels';
import { SearchBox } from './SearchBox';

const FILTER_KEYS = ['q', 'audience', 'departmentId', 'theme', 'lifeEvent', 'centerId', 'type'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];

export default function ItemsPage() {
  const { t, pick } = useT();
  useTitle(t('results.title'));
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const isPhone = screens.md === false;
  const [filtersOpen, setFiltersOpen] = useState(false);

  const get = (k: FilterKey) => params.get(k) ?? '';
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const pageSize = Math.min(100, Math.max(1, Number(params.get('pageSize') ?? '20') || 20));
  const query = Object.fromEntries(FILTER_KEYS.map((k) => [k, get(k)]));

  const items = useGet('/api/items', { query: { ...query, page, pageSize } });
  const facets = useGet('/api/catalog/facets', { query: { centerId: get('centerId') } });

  const update = (changes: Partial<Record<FilterKey | 'page' | 'pageSize', string | number | null>>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === undefined || v === '') next.delete(k);
      else next.set(k, String(v));
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next);
  };

  const f = facets.data;
  const data = items.data;
  const anyFilter = FILTER_KEYS.some((k) => k !== 'q' && k !== 'centerId' && get(k));
  const deptName = (row: ItemSummary) => pick(row.department.name, row.department.nameEn);

  const filters = (
    <div className="ow-block" style={{ marginTop: 12 }} data-testid="filters">
      <Row gutter={[12, 12]} align="middle">
        <Col xs={24} lg={10}>
          <Segmented
            block={isPhone}
            value={get('audience')}
            onChange={(v) => update({ audience: String(v) })}
            data-testid="filter-audience"
            options={[
              { value: '', label: <span data-testid="filter-audience-all">{t('common.all')}</span> },
              { value: 'person', label: <span data-testid="filter-audience-person">{t('audience.person')}</span> },
              { value: 'enterprise', label: <span data-testid="filter-audience-enterprise">{t('audience.enterprise')}</span> },
            ]}
          />
        </Col>
        <Col xs={24} sm={12} lg={7}>
          <Select
            style={{ width: '100%' }}
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('results.center')}
            aria-label={t('results.center')}
            value={get('centerId') || undefined}
            onChange={(v) => update({ centerId: v ?? '', departmentId: '' })}
            data-testid="filter-center"
            options={(f?.centers ?? []).map((c) => ({ value: c.id, label: pick(c.name, c.nameEn) }))}
          />
        </Col>
        <Col xs={24} sm={12} lg={7}>
          <Select
            style={{ width: '100%' }}
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('results.department')}
            aria-label={t('results.department')}
            value={get('departmentId') || undefined}
            onChange={(v) => update({ departmentId: v ?? '' })}
            data-testid="filter-department"
            options={(f?.departments ?? []).map((d) => ({ value: d.id, label: `${pick(d.name, d.nameEn)} (${d.count})` }))}
          />
        </Col>
        <Col xs={24} sm={8}>
          <Select
            style={{ width: '100%' }}
            allowClear
            placeholder={t('results.theme')}
            aria-label={t('results.theme')}
            value={get('theme') || undefined}
            onChange={(v) => update({ theme: v ?? '' })}
            data-testid="filter-theme"
            options={(f?.themes ?? []).map((x) => ({ value: x.key, label: `${pick(x.zh, x.en)} (${x.count})` }))}
          />
        </Col>
        <Col xs={24} sm={8}>
          <Select
            style={{ width: '100%' }}
            allowClear
            placeholder={t('results.lifeEvent')}
            aria-label={t('results.lifeEvent')}
            value={get('lifeEvent') || undefined}
            onChange={(v) => update({ lifeEvent: v ?? '' })}
            data-testid="filter-life-event"
            options={(f?.lifeEvents ?? []).map((x) => ({ value: x.key, label: `${pick(x.zh, x.en)} (${x.count})` }))}
          />
        </Col>
        <Col xs={24} sm={8}>
          <Select
            style={{ width: '100%' }}
            allowClear
            placeholder={t('results.type')}
            aria-label={t('results.type')}
            value={get('type') || undefined}
            onChange={(v) => update({ type: v ?? '' })}
            data-testid="filter-type"
            options={ITEM_TYPES.map((x) => ({ value: x, label: enumLabel(t, 'itemType', x) }))}
          />
        </Col>
      </Row>
      {anyFilter ? (
        <div style={{ marginTop: 12 }}>
          <Button size="small" onClick={() => navigate(`/items${get('q') ? `?q=${encodeURIComponent(get('q'))}` : ''}`)} data-testid="filter-clear">
            {t('results.clearFilters')}
          </Button>
        </div>
      ) : null}
    </div>
  );

  const empty = <EmptyBlock text={t('results.empty')} testid="results-empty" />;

  return (
    <div className="ow-container" data-testid="results-page">
      <Breadcrumb items={[{ title: <Link to="/">{t('nav.home')}</Link> }, { title: t('results.title') }]} />
      <h1 className="ow-sr-only">{t('results.title')}</h1>
      <div className="ow-block" style={{ marginTop: 12 }}>
        <SearchBox initial={get('q')} size="middle" onSearch={(q) => update({ q })} />
        {isPhone ? (
          <Button
            style={{ marginTop: 10 }}
            icon={<FilterOutlined />}
            onClick={() => setFiltersOpen((x) => !x)}
            data-testid="filters-toggle"
            type={anyFilter ? 'primary' : 'default'}
            ghost={anyFilter}
          >
            {t('results.filters')}
          </Button>
        ) : null}
      </div>
      {!isPhone || filtersOpen ? filters : null}
      <QueryError of={items} style={{ marginTop: 12 }} />

      <div className="ow-block">
        <div style={{ marginBottom: 12 }} data-testid="results-count">
          {data ? t('results.count', { n: data.total }) : '\u00a0'}
        </div>
        {isPhone ? (
          <div data-testid="results-list">
            {items.isLoading && !data ? <Table loading dataSource={[]} columns={[]} /> : null}
            {data && data.items.length === 0 ? empty : null}
            {data?.items.map((row) => (
              <Link key={row.id} to={`/items/${row.id}`} className="ow-result-card" data-testid="result-row" data-item-id={row.id}>
                <h2 className="ow-result-title" data-testid="result-link">{pick(row.name, row.nameEn)}</h2>
                <div className="ow-result-meta">
                  <span>{deptName(row)}</span>
                  <span>{enumLabel(t, 'itemType', row.type)}</span>
                  <span>{t('results.promisedDays', { n: row.promisedLimitDays })}</span>
                  <span>{t('results.visitsN', { n: row.visits })}</span>
                  {row.online ? <Tag color="green" style={{ marginInlineEnd: 0 }}>{t('results.onlineYes')}</Tag> : null}
                </div>
              </Link>
            ))}
            {data && data.total > 0 ? (
              <Pagination
                data-testid="results-pagination"
                size="small"
                current={data.page}
                pageSize={data.pageSize}
                total={data.total}
                showSizeChanger={false}
                onChange={(p) => update({ page: p })}
                style={{ marginTop: 12, textAlign: 'center' }}
              />
            ) : null}
          </div>
        ) : (
          <Table<ItemSummary>
            data-testid="results-table"
            rowKey="id"
            loading={items.isLoading}
            dataSource={data?.items ?? []}
            locale={{ emptyText: items.isLoading ? ' ' : empty }}
            onRow={(row) => ({ 'data-testid': 'result-row', 'data-item-id': row.id }) as React.HTMLAttributes<HTMLElement>}
            pagination={{
              current: data?.page ?? page,
              pageSize: data?.pageSize ?? pageSize,
              total: data?.total ?? 0,
              showSizeChanger: true,
              showTotal: (n) => t('common.total', { n }),
              onChange: (p, ps) => update(ps !== pageSize ? { page: 1, pageSize: ps } : { page: p }),
            }}
            columns={[
              {
                title: t('results.col.name'),
                key: 'name',
                render: (_v, row) => (
                  <div>
                    <Link to={`/items/${row.id}`} data-testid="result-link" style={{ fontWeight: 500 }}>{pick(row.name, row.nameEn)}</Link>
                    <div className="ow-muted">{row.basicCode}</div>
                  </div>
                ),
              },
              { title: t('results.col.department'), key: 'dept', render: (_v, row) => deptName(row) },
              { title: t('results.col.type'), key: 'type', render: (_v, row) => enumLabel(t, 'itemType', row.type) },
              { title: t('results.col.mode'), key: 'mode', render: (_v, row) => enumLabel(t, 'mode', row.processingMode) },
              { title: t('results.col.limit'), key: 'limit', render: (_v, row) => t('common.workdays', { n: row.promisedLimitDays }) },
              { title: t('results.col.visits'), dataIndex: 'visits', key: 'visits', width: 90 },
              {
                title: t('results.col.online'),
                key: 'online',
                render: (_v, row) => row.online ? <Tag color="green">{t('results.onlineYes')}</Tag> : <Tag>{t('results.onlineNo')}</Tag>,
              },
            ]}
          />
        )}
      </div>
    </div>
  );
}
