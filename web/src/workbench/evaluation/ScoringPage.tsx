import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, Button, Card, InputNumber, Popconfirm, Space, Table, Tag } from 'antd';
import { api, type ApiError, type ResponseOf } from '../../api/client';
import { useGet, useInvalidate } from '../../api/query';
import { ErrorAlert } from '../../components/ErrorAlert';
import { QueryError } from '../../components/QueryError';
import { enumLabel, formatDateTime } from '../../components/labels';
import { useTitle } from '../../components/useTitle';
import { useT } from '../../i18n';
import { BidRejection } from './BidRejection';
import { SeatDecline } from './SeatDecline';

type Row = ResponseOf<'/api/me/evaluations'>['rows'][number];
type Sheet = ResponseOf<'/api/tenders/{tenderId}/evaluation/sheet'>;
const yuan = (fen: number | null) => (fen === null ? '—' : (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
const cell = (bidId: string, criterion: string) => `${bidId}|${criterion}`;

/** An expert's tenders to score (评标): the committees they sit on, each with its sheet's state. docs/user-guide.md. */
export default function MyEvaluationsPage() {
  const { t } = useT();
  useTitle(t('ev.mine.title'), true);
  const list = useGet('/api/me/evaluations', { query: { page: 1, pageSize: 50 } });
  return (
    <div>
      <h1>{t('ev.mine.title')}</h1>
      <QueryError of={list} />
      <Table<Row> rowKey="tenderId" size="small" pagination={false} loading={list.isLoading} dataSource={list.data?.rows ?? []} scroll={{ x: 360 }}
        locale={{ emptyText: t('ev.mine.none') }} data-testid="evaluation-mine"
        columns={[
          { title: t('ev.col.tender'), render: (_, r) => <Link to={`/workbench/evaluation/${r.tenderId}`}>{r.title}</Link> },
          { title: t('ev.col.status'), render: (_, r) => enumLabel(t, 'tr.status', r.status) },
          { title: t('ev.col.submitted'), render: (_, r) => (r.submittedAt ? <Tag color="green">{t('ev.submitted')}</Tag> : <Tag>{t('ev.notSubmitted')}</Tag>) },
        ]} />
    </div>
  );
}

/** One expert's score sheet: every opened bid on every criterion; save, then submit (final) after a confirmation. */
export function ScoreSheetPage() {
  const { tenderId = '' } = useParams();
  const { t, lang } = useT();
  useTitle(t('ev.sheet.title'), true);
  const sheet = useGet('/api/tenders/{tenderId}/evaluation/sheet', { path: { tenderId } });
  const invalidate = useInvalidate();
  const [values, setValues] = useState<Record<string, number | null>>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const d: Sheet | undefined = sheet.data;
  useEffect(() => {
    if (d) setValues(Object.fromEntries(d.scores.map((s) => [cell(s.bidId, s.criterion), s.score])));
  }, [d]);

  const filled = () => Object.entries(values).flatMap(([k, v]) => {
    if (v === null || v === undefined) return [];
    const [bidId, criterion] = k.split('|') as [string, string];
    return [{ bidId, criterion, score: v }];
  });
  const run = async (submit: boolean) => {
    setError(null);
    setSaved(false);
    setBusy(true);
    try {
      const scores = filled();
      if (scores.length) await api.put('/api/tenders/{tenderId}/evaluation/sheet', { params: { path: { tenderId } }, body: { scores } });
      if (submit) await api.post('/api/tenders/{tenderId}/evaluation/submit', { params: { path: { tenderId } } });
      else setSaved(true);
      await invalidate(['/api/tenders/{tenderId}/evaluation/sheet', '/api/me/evaluations']);
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div>
      <h1>{t('ev.sheet.title')}{d ? ` · ${d.tender.title}` : ''}</h1>
      <QueryError of={sheet} />
      {d ? (
        <>
          {d.submittedAt ? <Alert type="success" showIcon style={{ marginBottom: 12 }} data-testid="sheet-submitted" message={t('ev.sheet.submittedAt', { at: formatDateTime(d.submittedAt) })} />
            : !d.editable ? <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('ev.sheet.readonly')} />
            : <p>{t('ev.sheet.note')}</p>}
          {d.returnedForReview && !d.submittedAt ? (
            <Alert type="warning" showIcon style={{ marginBottom: 12 }} data-testid="sheet-returned"
              message={t('ev.sheet.returned', { at: formatDateTime(d.returnedForReview.at) })} description={d.returnedForReview.reason} />
          ) : null}
          <ErrorAlert error={error} />
          {d.bids.map((b) => {
            const total = d.criteria.reduce((s, c) => s + (values[cell(b.id, c.key)] ?? 0), 0);
            return (
              <Card key={b.id} size="small" style={{ marginBottom: 12 }} title={b.bidderName} data-testid="sheet-bid"
                extra={<span>{t('ev.sheet.total')} <strong data-testid="sheet-total">{total.toFixed(2)}</strong></span>}>
                <p style={{ margin: '0 0 8px' }}>{t('ev.sheet.price')}: {yuan(b.priceFen)}{b.fileName ? ` · ${b.fileName}` : ''}</p>
                {d.criteria.map((c) => {
                  const id = `score-${b.id}-${c.key}`;
                  return (
                    <div key={c.key} style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 8, marginBottom: 6 }}>
                      <label htmlFor={id} style={{ flex: '1 1 140px' }}>{c.name[lang]} <span style={{ color: '#595959' }}>({t('ev.sheet.max', { max: c.max })})</span></label>
                      <InputNumber id={id} data-testid={`score-${c.key}`} min={0} max={c.max} step={0.5} precision={2} disabled={!d.editable} style={{ flex: '0 0 120px' }}
                        value={values[cell(b.id, c.key)] ?? null} onChange={(v) => setValues((o) => ({ ...o, [cell(b.id, c.key)]: v }))} />
                    </div>
                  );
                })}
                <BidRejection tenderId={tenderId} bid={b} editable={d.editable} budgetFen={d.tender.budgetFen} />
              </Card>
            );
          })}
          {d.editable ? (
            <Space wrap>
              <Button onClick={() => void run(false)} loading={busy} data-testid="sheet-save">{t('ev.sheet.save')}</Button>
              <Popconfirm title={t('ev.sheet.confirm')} okText={t('ev.sheet.confirmOk')} cancelText={t('ev.sheet.cancel')} onConfirm={() => run(true)}>
                <Button type="primary" loading={busy} data-testid="sheet-submit">{t('ev.sheet.submit')}</Button>
              </Popconfirm>
              {saved ? <span role="status">{t('ev.sheet.saved')}</span> : null}
            </Space>
          ) : null}
          {d.canDecline ? <div><SeatDecline tenderId={tenderId} /></div> : null}
        </>
      ) : null}
    </div>
  );
}
