import { useParams } from 'react-router-dom';
import { Descriptions, Table, Tag } from 'antd';
import type { ResponseOf } from '../../api/client';
import { useGet } from '../../api/query';
import { QueryError } from '../../components/QueryError';
import { useTitle } from '../../components/useTitle';
import { useT } from '../../i18n';
import { chinaTime, ServerClock } from '../../portal/bids/ServerClock';

type Row = ResponseOf<'/api/tenders/{id}/opening'>['results'][number];
const yuan = (fen: number | null) => (fen === null ? '' : (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));

/** The opening record (开标记录): key holders who handed in their share, and once opened each bid's read-out or why it did not open. */
export default function OpeningPage() {
  const { id = '' } = useParams();
  const { t } = useT();
  useTitle(t('bids.opening.title'), true);
  const opening = useGet('/api/tenders/{id}/opening', { path: { id } });
  const o = opening.data;
  const done = o?.custodians.filter((c) => c.handedInAt).length ?? 0;
  return (
    <div>
      <h1>{t('bids.opening.title')}</h1>
      <ServerClock />
      <QueryError of={opening} />
      {o ? (
        <>
          <Descriptions column={1} size="small" bordered style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('bids.deadline')}>{chinaTime(o.bidDeadline)}</Descriptions.Item>
            <Descriptions.Item label={t('bids.opening.custodians')}>
              <span data-testid="opening-progress">{t('bids.opening.progress', { done, k: o.threshold ?? 0 })}</span>
              <div>{o.custodians.map((c) => <Tag key={c.userId} color={c.handedInAt ? 'green' : undefined}>{c.name}</Tag>)}</div>
            </Descriptions.Item>
            <Descriptions.Item label={t('bids.opening.openedAt')}><span data-testid="opening-opened-at">{o.openedAt ? chinaTime(o.openedAt) : t('bids.opening.notYet')}</span></Descriptions.Item>
          </Descriptions>
          <Table<Row> rowKey="bidId" size="small" pagination={false} scroll={{ x: 720 }} dataSource={o.results} data-testid="opening-results"
            locale={o.openedAt ? undefined : { emptyText: t('bids.opening.sealed') }}
            columns={[
              { title: t('bids.col.bidder'), dataIndex: 'bidderName' },
              { title: t('bids.col.submittedAt'), render: (_, r) => chinaTime(r.submittedAt) },
              { title: t('bids.col.status'), render: (_, r) => <Tag data-testid="opening-status">{t(`bids.status.${r.status}`)}</Tag> },
              { title: t('bids.col.price'), align: 'right', render: (_, r) => <span data-testid="opening-price">{yuan(r.priceFen)}</span> },
              { title: t('bids.col.file'), dataIndex: 'fileName' },
              { title: t('bids.col.hash'), render: (_, r) => (r.fileSm3 ? `${r.fileSm3.slice(0, 16)}…` : '') },
              { title: t('bids.col.cause'), render: (_, r) => (r.failureCause ? `${r.failureCause} ${t(r.failureFault === 'platform' ? 'bids.cause.platform' : 'bids.cause.bidder')}` : '') },
            ]} />
        </>
      ) : null}
    </div>
  );
}
