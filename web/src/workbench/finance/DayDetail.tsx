import { useState } from 'react';
import { Button, Descriptions, Form, Input, Modal, Select, Space, Table, Tag, App as AntApp } from 'antd';
import { ArrowLeftOutlined, LockOutlined, SyncOutlined } from '@ant-design/icons';
import { useT } from '../../i18n';
import { api, ApiError, toApiError, type ResponseOf } from '../../api/client';
import { useGet, useInvalidate } from '../../api/query';
import { QueryError } from '../../components/QueryError';
import { ErrorAlert } from '../../components/ErrorAlert';
import { enumLabel, formatDateTime } from '../../components/labels';
import { yuan } from './money';
import { RefundLine } from './RefundLine';

type Anomaly = ResponseOf<'/api/finance/reconciliation/anomalies'>['items'][number];
type Total = ResponseOf<'/api/finance/reconciliation/days/{id}'>['totals'][number];
const RECON_VIEWS = ['/api/finance/reconciliation/days', '/api/finance/reconciliation/days/{id}', '/api/finance/reconciliation/anomalies', '/api/finance/reconciliation/figures'] as const;

/** One reconciliation day: its statement, the run and lock buttons, figures, totals per account and department, and its anomalies. */
export function DayDetail({ id, onBack }: { id: string; onBack: () => void }) {
  const { t } = useT();
  const { message } = AntApp.useApp();
  const invalidate = useInvalidate();
  const day = useGet('/api/finance/reconciliation/days/{id}', { path: { id } });
  const [busy, setBusy] = useState<'run' | 'lock' | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const act = async (what: 'run' | 'lock') => {
    setBusy(what); setError(null);
    try {
      if (what === 'run') await api.post('/api/finance/reconciliation/days/{id}/run', { params: { path: { id } } });
      else await api.post('/api/finance/reconciliation/days/{id}/lock', { params: { path: { id } } });
      void message.success(t(what === 'run' ? 'recon.run.done' : 'recon.lock.done'));
      await invalidate([...RECON_VIEWS]);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(null);
    }
  };
  const d = day.data;
  return (
    <div data-testid="recon-day" data-status={d?.status ?? ''} data-open={d?.openAnomalies ?? ''} data-runs={d?.runs ?? ''}>
      <Space wrap style={{ marginBottom: 12 }}>
        <Button icon={<ArrowLeftOutlined />} onClick={onBack} data-testid="recon-day-back">{t('recon.back')}</Button>
        <Button type="primary" icon={<SyncOutlined />} loading={busy === 'run'} disabled={!d || d.status === 'locked' || !d.importId} onClick={() => void act('run')} data-testid="recon-run">{t('recon.run')}</Button>
        <Button icon={<LockOutlined />} loading={busy === 'lock'} disabled={!d || d.status === 'locked'} onClick={() => void act('lock')} data-testid="recon-lock">{t('recon.lock')}</Button>
      </Space>
      <QueryError of={day} />
      <ErrorAlert error={error} style={{ marginBottom: 12 }} />
      {d ? (
        <>
          <Descriptions size="small" bordered column={{ xs: 1, sm: 2, lg: 3 }} style={{ marginBottom: 12 }} title={<h3 style={{ margin: 0, fontSize: 15 }}>{`${d.day} · ${enumLabel(t, 'recon.channel', d.channel)}`}</h3>}>
            <Descriptions.Item label={t('recon.col.status')}><Tag color={d.status === 'locked' ? 'green' : 'blue'} data-testid="recon-day-status">{enumLabel(t, 'recon.status', d.status)}</Tag></Descriptions.Item>
            <Descriptions.Item label={t('recon.statement')}>{d.statement ? t('recon.statement.summary', { lines: d.statement.lines, amount: yuan(d.statement.totalFen) }) : t('recon.statement.none')}</Descriptions.Item>
            <Descriptions.Item label={t('recon.lastRun')}>{d.lastRunAt ? `${formatDateTime(d.lastRunAt)} (${d.runs})` : t('recon.notRun')}</Descriptions.Item>
            <Descriptions.Item label={t('recon.col.paid')}>{`${yuan(d.paidFen)} · ${d.paidCount}`}</Descriptions.Item>
            <Descriptions.Item label={t('recon.col.matched')}><span data-testid="recon-day-matched">{`${yuan(d.matchedFen)} · ${d.matchedCount}`}</span></Descriptions.Item>
            <Descriptions.Item label={t('recon.col.open')}><span data-testid="recon-day-open-count">{d.openAnomalies}</span></Descriptions.Item>
          </Descriptions>
          <h3 style={{ fontSize: 15 }}>{t('recon.totals')}</h3>
          <Table<Total>
            data-testid="recon-totals" size="small" rowKey={(r) => `${r.fiscalAccountId}|${r.departmentId}`} dataSource={d.totals} pagination={false} scroll={{ x: 'max-content' }}
            columns={[
              { title: t('recon.col.account'), key: 'account', render: (_v, r) => `${r.accountCode} ${r.accountName}` },
              { title: t('recon.col.department'), dataIndex: 'departmentName', key: 'department' },
              { title: t('recon.col.paid'), key: 'paid', render: (_v, r) => `${yuan(r.paidFen)} · ${r.paidCount}` },
              { title: t('recon.col.matched'), key: 'matched', render: (_v, r) => `${yuan(r.matchedFen)} · ${r.matchedCount}` },
            ]}
          />
          <h3 style={{ fontSize: 15, marginTop: 16 }}>{t('recon.anomalies')}</h3>
          <AnomalyList dayId={id} />
        </>
      ) : null}
    </div>
  );
}

/** Anomalies of a day, or the center's open ones, with the resolve dialog. */
export function AnomalyList({ dayId, status }: { dayId?: string; status?: 'open' }) {
  const { t } = useT();
  const [after, setAfter] = useState<string | undefined>(undefined);
  const list = useGet('/api/finance/reconciliation/anomalies', { query: { dayId, status, after, limit: 50 } });
  const [resolving, setResolving] = useState<Anomaly | null>(null);
  return (
    <div>
      <QueryError of={list} />
      <Table<Anomaly>
        data-testid="recon-anomalies" size="small" rowKey="id" loading={list.isLoading} dataSource={list.data?.items ?? []} pagination={false} scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('recon.anomalies.empty') }}
        onRow={(a) => ({ 'data-testid': 'recon-anomaly-row', 'data-kind': a.kind, 'data-status': a.status, 'data-txn': a.channelTxnId }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          ...(dayId ? [] : [{ title: t('recon.col.day'), key: 'day', render: (_v: unknown, a: Anomaly) => `${a.day} ${enumLabel(t, 'recon.channel', a.channel)}` }]),
          { title: t('recon.col.kind'), key: 'kind', render: (_v, a) => <Tag color="orange">{enumLabel(t, 'recon.kind', a.kind)}</Tag> },
          { title: t('recon.col.txn'), dataIndex: 'channelTxnId', key: 'txn' },
          { title: t('recon.col.notice'), key: 'notice', render: (_v, a) => a.noticeNo ?? '—' },
          { title: t('recon.col.expected'), key: 'expected', render: (_v, a) => yuan(a.expectedFen) },
          { title: t('recon.col.actual'), key: 'actual', render: (_v, a) => yuan(a.actualFen) },
          { title: t('recon.col.status'), key: 'status', render: (_v, a) => (
            <span>{enumLabel(t, 'recon.anomalyStatus', a.status)}{a.outcome ? ` · ${enumLabel(t, 'recon.outcome', a.outcome)}` : ''}{a.reason ? <div className="ow-muted" style={{ fontSize: 12 }}>{a.reason}</div> : null}{a.refund ? <RefundLine refund={a.refund} testId="recon-anomaly-refund" label={t('recon.col.refund')} /> : null}</span>
          ) },
          { title: t('recon.col.actions'), key: 'actions', render: (_v, a) => (a.status === 'open' && !a.dayLocked
            ? <Button size="small" onClick={() => setResolving(a)} data-testid="recon-resolve-open">{t('recon.resolve')}</Button> : null) },
        ]}
      />
      {list.data?.next ? <Button style={{ marginTop: 8 }} onClick={() => setAfter(list.data?.next ?? undefined)}>{t('recon.more')}</Button> : null}
      {resolving ? <ResolveDialog anomaly={resolving} onClose={() => setResolving(null)} /> : null}
    </div>
  );
}

/** The refund a `refund` resolution wrote: its number (short, the whole on hover), what it gives back, and where it stands. */
function ResolveDialog({ anomaly, onClose }: { anomaly: Anomaly; onClose: () => void }) {
  const { t } = useT();
  const invalidate = useInvalidate();
  const [outcome, setOutcome] = useState(anomaly.outcomes[0]!);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const submit = async () => {
    setBusy(true); setError(null);
    try {
      await api.post('/api/finance/reconciliation/anomalies/{id}/resolve', { params: { path: { id: anomaly.id } }, body: { outcome, reason } });
      await invalidate([...RECON_VIEWS]);
      onClose();
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={t('recon.resolve.title', { kind: enumLabel(t, 'recon.kind', anomaly.kind) })} onCancel={onClose} onOk={() => void submit()}
      okText={t('recon.resolve.submit')} okButtonProps={{ loading: busy, disabled: reason.trim().length < 2, 'data-testid': 'recon-resolve-submit' } as React.ComponentProps<typeof Button>}
      data-testid="recon-resolve-dialog">
      <p className="ow-muted">{t(`recon.kindHelp.${anomaly.kind}` as 'recon.kindHelp.unknown_code')}</p>
      <Form layout="vertical">
        <Form.Item label={t('recon.resolve.outcome')} htmlFor="recon-outcome">
          <Select id="recon-outcome" data-testid="recon-resolve-outcome" value={outcome} onChange={setOutcome}
            options={anomaly.outcomes.map((o) => ({ value: o, label: enumLabel(t, 'recon.outcome', o) }))} />
        </Form.Item>
        <Form.Item label={t('recon.resolve.reason')} htmlFor="recon-reason" required>
          <Input.TextArea id="recon-reason" data-testid="recon-resolve-reason" rows={3} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
        </Form.Item>
      </Form>
      <ErrorAlert error={error} />
    </Modal>
  );
}
