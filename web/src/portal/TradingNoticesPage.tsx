import { useState } from 'react';
import { Table, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { useT } from '../i18n';
import type { ResponseOf } from '../api/client';
import { useGet } from '../api/query';
import { useTitle } from '../components/useTitle';
import { QueryError } from '../components/QueryError';
import { enumLabel, formatDateTime } from '../components/labels';

type Row = ResponseOf<'/api/trading/tenders'>['rows'][number];

/** The public notices of public resource trading (docs/trading.md): published tenders, newest first. */
export default function TradingNoticesPage() {
  const { t } = useT();
  useTitle(t('tr.list.title'));
  const [page, setPage] = useState(1);
  const list = useGet('/api/trading/tenders', { query: { page, pageSize: 20 } });
  return (
    <div data-testid="trading-notices">
      <h1>{t('tr.list.title')}</h1>
      <QueryError of={list} />
      <Table<Row>
        size="small" rowKey="id" loading={list.isLoading} dataSource={list.data?.rows ?? []} scroll={{ x: 560 }} locale={{ emptyText: t('tr.list.empty') }}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        columns={[
          { title: t('tr.col.title'), dataIndex: 'title', render: (v: string, r) => <Link to={`/trading/tenders/${r.id}`}>{v}</Link> },
          { title: t('tr.col.kind'), dataIndex: 'kind', render: (v: string) => enumLabel(t, 'tr.kind', v) },
          { title: t('tr.col.status'), dataIndex: 'status', render: (v: string) => <Tag>{enumLabel(t, 'tr.status', v)}</Tag> },
          { title: t('tr.col.published'), dataIndex: 'publishedAt', render: (v: string | null) => formatDateTime(v) },
          { title: t('tr.col.deadline'), dataIndex: 'bidDeadline', render: (v: string | null) => formatDateTime(v) },
        ]}
      />
    </div>
  );
}
