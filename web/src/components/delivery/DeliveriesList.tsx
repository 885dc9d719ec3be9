import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Pagination, Segmented, Tag } from 'antd';
import { useT } from '../../i18n';
import { useGet } from '../../api/query';
import { CaseBlock } from '../cases/CaseSections';
import { EmptyBlock } from '../EmptyBlock';
import { QueryError } from '../QueryError';
import { enumLabel, formatDate, formatDateTime } from '../labels';

/** The delivery window's results out (posted, in the cabinet) and back at the window (returned, not collected), its center's only. */
export function DeliveriesList() {
  const { t } = useT();
  const [status, setStatus] = useState<'out' | 'returned'>('out');
  const [page, setPage] = useState(1);
  const list = useGet('/api/workbench/deliveries', { query: { status, page, pageSize: 20 } });
  const rows = list.data?.deliveries ?? [];
  return (
    <CaseBlock title={status === 'out' ? t('dl.list.out') : t('dl.list.returned')} testid="deliveries-list" extra={
      <Segmented value={status} onChange={(v) => { setStatus(v as 'out' | 'returned'); setPage(1); }} data-testid="deliveries-status"
        options={[{ value: 'out', label: t('dl.list.out') }, { value: 'returned', label: t('dl.list.returned') }]} />
    }>
      <QueryError of={list} />
      {!list.isLoading && rows.length === 0 ? <EmptyBlock text={t('wb.empty')} testid="deliveries-empty" /> : null}
      {rows.map((d) => (
        <div key={d.id} className="ow-result-card" data-testid="deliveries-row" data-case-id={d.caseId} data-status={status}>
          <h4><Link to={`/workbench/cases/${encodeURIComponent(d.caseId)}`}>{d.receiptNo ?? d.caseId.slice(0, 8)}</Link> · {d.applicantName}</h4>
          <div className="ow-result-meta" style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
            <Tag>{enumLabel(t, 'delivery', d.method)}</Tag>
            {d.method === 'post' ? <span>{enumLabel(t, 'dl.carrier', d.carrier)} {d.trackingNo} {enumLabel(t, 'dl.carrierStatus', d.carrierStatus)}</span> : null}
            {d.method === 'cabinet' ? <span>{d.cabinetId} {d.lockerNo} · {formatDate(d.holdUntilDate)}{d.locked ? ` · ${t('dl.current.locked')}` : ''}</span> : null}
            {d.returnedReason ? <span>{t('dl.returnedReason', { reason: d.returnedReason })}</span> : null}
            <span className="ow-muted">{formatDateTime(d.createdAt)}</span>
          </div>
        </div>
      ))}
      {(list.data?.total ?? 0) > 20 ? <Pagination simple current={page} pageSize={20} total={list.data?.total ?? 0} onChange={setPage} style={{ textAlign: 'center' }} /> : null}
    </CaseBlock>
  );
}
