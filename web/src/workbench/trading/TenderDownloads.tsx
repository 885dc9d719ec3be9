import { useState } from 'react';
import { Alert, Button, Space, Table } from 'antd';
import type { ResponseOf } from '../../api/client';
import { useGet } from '../../api/query';
import { chinaDateTime } from '../../components/china-time';
import { QueryError } from '../../components/QueryError';
import { enumLabel } from '../../components/labels';
import { useT } from '../../i18n';

/**
 * The download register of a tender's documents (docs/trading.md, "Staff pages"): who took which version when,
 * newest first, a page at a time as the API gives it (no total: the next page is offered while a page is full).
 * Shown to those the server says may read it (`canReadRegister`); the route refuses everyone else. Until the opening the
 * potential bidders are sealed (招标投标法 第二十二条: `biddersSealed`, the route answers TENDER_BIDDERS_SEALED): the
 * console shows `TenderDownloadsSealed` in its place.
 */
// The API gives a download no id of its own: a row's place on its page is its key (the table is read-only).
type Row = ResponseOf<'/api/trading/tenders/{id}/downloads'>['rows'][number] & { key: string };
const PAGE_SIZE = 20;

export function TenderDownloads({ id }: { id: string }) {
  const { t } = useT();
  const [page, setPage] = useState(1);
  const q = useGet('/api/trading/tenders/{id}/downloads', { path: { id }, query: { page, pageSize: PAGE_SIZE } });
  const rows = q.data?.rows ?? [];
  return (
    <section data-testid="tender-downloads" aria-labelledby="tender-downloads-title" style={{ marginBottom: 16 }}>
      <h2 id="tender-downloads-title">{t('tr.staff.reg.title')}</h2>
      <p>{t('tr.staff.reg.note')}</p>
      <QueryError of={q} />
      <Table<Row> rowKey="key" size="small" pagination={false} loading={q.isLoading} dataSource={rows.map((r, i) => ({ ...r, key: `${page}-${i}` }))} scroll={{ x: 480 }}
        locale={{ emptyText: t('tr.staff.reg.none') }} data-testid="tender-downloads-list"
        columns={[
          { title: t('tr.staff.reg.who'), render: (_, r) => r.name },
          { title: t('tr.staff.reg.kind'), render: (_, r) => enumLabel(t, 'tr.staff.reg.kind', r.kind) },
          { title: t('tr.staff.reg.creditCode'), render: (_, r) => r.creditCode ?? '' },
          { title: t('tr.staff.docs.version'), render: (_, r) => `v${r.version} ${r.title}` },
          { title: `${t('tr.staff.reg.at')} ${t('tr.staff.chinaTime')}`, render: (_, r) => chinaDateTime(r.at) },
        ]} />
      {page > 1 || rows.length === PAGE_SIZE ? (
        <Space style={{ marginTop: 8 }} data-testid="tender-downloads-pages">
          <Button disabled={page <= 1} onClick={() => setPage(page - 1)} data-testid="tender-downloads-prev">{t('tr.staff.reg.prev')}</Button>
          <span>{t('tr.staff.reg.page', { n: page })}</span>
          <Button disabled={rows.length < PAGE_SIZE} onClick={() => setPage(page + 1)} data-testid="tender-downloads-next">{t('tr.staff.reg.next')}</Button>
        </Space>
      ) : null}
    </section>
  );
}

/** The register's place before the opening: sealed, named as such (the server refuses the list until then). */
export function TenderDownloadsSealed() {
  const { t } = useT();
  return (
    <section data-testid="tender-downloads-sealed" aria-labelledby="tender-downloads-title" style={{ marginBottom: 16 }}>
      <h2 id="tender-downloads-title">{t('tr.staff.reg.title')}</h2>
      <Alert type="info" showIcon message={t('tr.staff.reg.sealed')} />
    </section>
  );
}
