import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, Button, DatePicker, Input, Popconfirm, Space, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { api, type ApiError, type ResponseOf } from '../../api/client';
import { useGet, useInvalidate } from '../../api/query';
import { ErrorAlert } from '../../components/ErrorAlert';
import { QueryError } from '../../components/QueryError';
import { chinaDateTime } from '../../components/china-time';
import { enumLabel } from '../../components/labels';
import { useTitle } from '../../components/useTitle';
import { useT } from '../../i18n';

type Summary = ResponseOf<'/api/tenders/{tenderId}/evaluation'>;
type Bid = Summary['bids'][number];
type Expert = Summary['experts'][number];
type TenderRow = ResponseOf<'/api/trading/tenders'>['rows'][number];
const yuan = (fen: number | null) => (fen === null ? '—' : (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));

/** The trading center's tenders in evaluation, each opening its summary. */
export default function EvaluationsPage() {
  const { t } = useT();
  useTitle(t('ev.list.title'), true);
  const list = useGet('/api/trading/tenders', { query: { staff: '1', status: 'evaluation', page: 1, pageSize: 50 } });
  return (
    <div>
      <h1>{t('ev.list.title')}</h1>
      <QueryError of={list} />
      <Table<TenderRow> rowKey="id" size="small" pagination={false} loading={list.isLoading} dataSource={list.data?.rows ?? []} scroll={{ x: 360 }}
        locale={{ emptyText: t('ev.list.none') }} data-testid="evaluation-list"
        columns={[
          { title: t('ev.col.tender'), render: (_, r) => <Link to={`/workbench/tenders/${r.id}/evaluation`}>{r.title}</Link> },
          { title: t('ev.col.status'), render: (_, r) => enumLabel(t, 'tr.status', r.status) },
        ]} />
    </div>
  );
}

/** One tender's evaluation: progress per expert, totals with outlier flags, the ranking, publish the candidates, the report. */
export function EvaluationSummaryPage() {
  const { id = '' } = useParams();
  const { t, lang } = useT();
  useTitle(t('ev.sum.title'), true);
  const q = useGet('/api/tenders/{tenderId}/evaluation', { path: { tenderId: id } });
  const invalidate = useInvalidate();
  const [until, setUntil] = useState<Dayjs | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [reason, setReason] = useState('');
  const d = q.data;
  const expertName = (e: { seat: number; name: string | null }) => e.name ?? t('ev.sum.seat', { seat: e.seat });
  const nameOfSeat = (seat: number) => expertName(d?.experts.find((e) => e.seat === seat) ?? { seat, name: null });
  const publish = async () => {
    setError(null);
    try {
      await api.post('/api/tenders/{tenderId}/evaluation/publish', { params: { path: { tenderId: id } }, body: until ? { candidatesUntil: until.toISOString() } : {} });
      await invalidate(['/api/tenders/{tenderId}/evaluation', '/api/trading/tenders', '/api/trading/tenders/{id}']);
    } catch (e) {
      setError(e as ApiError);
    }
  };
  const returnForReview = async () => {
    setError(null);
    try {
      await api.post('/api/tenders/{tenderId}/evaluation/review', { params: { path: { tenderId: id } }, body: { reason } });
      setReason('');
      await invalidate(['/api/tenders/{tenderId}/evaluation']);
    } catch (e) {
      setError(e as ApiError);
    }
  };
  return (
    <div>
      <h1>{t('ev.sum.title')}{d ? ` · ${d.tender.title}` : ''}</h1>
      <QueryError of={q} />
      <ErrorAlert error={error} />
      {d ? (
        <>
          <p><Tag>{enumLabel(t, 'tr.status', d.tender.status)}</Tag></p>
          <h2>{t('ev.sum.progress')}</h2>
          {!d.resultPublic ? <p>{t('ev.sum.secret')}</p> : null}
          <Table<Expert> rowKey="seat" size="small" pagination={false} dataSource={d.experts} scroll={{ x: 360 }} data-testid="evaluation-progress"
            columns={[
              { title: t('ev.sum.expert'), render: (_, e) => <>{expertName(e)}{e.hasAccount ? '' : ` ${t('ev.sum.noAccount')}`}</> },
              { title: t('ev.sum.scoredCol'), render: (_, e) => t('ev.sum.scored', { scored: e.scored, needed: e.needed }) },
              {
                title: t('ev.col.submitted'),
                render: (_, e) => (e.submittedAt ? <Tag color="green">{t('ev.submitted')} {chinaDateTime(e.submittedAt)}</Tag>
                  : e.returnedAt ? <Tag color="orange" data-testid="evaluation-returned">{t('ev.sum.returned', { at: chinaDateTime(e.returnedAt) })}</Tag>
                  : <Tag>{t('ev.notSubmitted')}</Tag>),
              },
            ]} />
          <h2>{t('ev.sum.totals')}</h2>
          <p>{t('ev.sum.outlierNote', { share: Math.round(d.outlierShare * 100) })} {t('ev.sum.ties')} {t('ev.sum.rejectNote')}</p>
          {d.registryMissing.length ? (
            <Alert type="warning" showIcon style={{ marginBottom: 12 }} data-testid="evaluation-registry-missing"
              message={t('ev.sum.registryMissing', { names: d.registryMissing.join('、') })} />
          ) : null}
          {d.sheetsToReview.length ? (
            <Alert type="error" showIcon style={{ marginBottom: 12 }} data-testid="evaluation-to-review"
              message={t('ev.sum.toReview', { names: d.relatedUnrejected.join('、') })}
              description={d.canReturnForReview ? (
                <Space direction="vertical" style={{ width: '100%' }}>
                  <span>{t('ev.sum.sheetsToReview', { seats: d.sheetsToReview.map((seat) => nameOfSeat(seat)).join('、') })}</span>
                  <label style={{ display: 'block' }}>
                    <div>{t('ev.sum.reviewReason')}</div>
                    <Input.TextArea value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} autoSize={{ minRows: 2 }} data-testid="evaluation-review-reason" />
                  </label>
                  <Popconfirm title={t('ev.sum.reviewConfirm')} okText={t('ev.sum.review')} cancelText={t('ev.sheet.cancel')} onConfirm={returnForReview}>
                    <Button danger disabled={!reason.trim()} data-testid="evaluation-review">{t('ev.sum.review')}</Button>
                  </Popconfirm>
                </Space>
              ) : t('ev.sum.reviewBy', { seats: d.sheetsToReview.map((seat) => nameOfSeat(seat)).join('、') })} />
          ) : null}
          <Table<Bid> rowKey="bidId" size="small" pagination={false} dataSource={d.bids} scroll={{ x: 560 }} data-testid="evaluation-totals"
            columns={[
              { title: t('ev.sum.rank'), dataIndex: 'rank', render: (v: number | null) => v ?? '—' },
              {
                title: t('ev.sum.bidder'),
                render: (_, b) => (
                  <>
                    {b.name}
                    {b.rejected ? <> <Tag color="red" data-testid="evaluation-rejected">{t('ev.sum.rejected')}</Tag></> : null}
                    {b.related.length ? (
                      <div data-testid="evaluation-related">{b.related.map((r) => t(`ev.relation.${r.relation}`, { name: r.name })).join('；')}</div>
                    ) : null}
                    {b.claimedRelated.length ? (
                      <div className="ow-muted" data-testid="evaluation-claimed-related">
                        {t('ev.sum.claimed', { relations: b.claimedRelated.map((r) => t(`ev.relation.${r.relation}`, { name: r.name })).join('；') })}
                      </div>
                    ) : null}
                    {b.rejections.length ? (
                      <ul style={{ margin: '4px 0 0', paddingInlineStart: 18 }} data-testid="evaluation-rejection-votes">
                        {b.rejections.map((v) => <li key={v.seat}>{t('ev.sum.vote', { expert: nameOfSeat(v.seat), ground: enumLabel(t, 'ev.ground', v.ground), note: v.note })}</li>)}
                      </ul>
                    ) : null}
                  </>
                ),
              },
              { title: t('ev.sheet.price'), align: 'right', render: (_, b) => yuan(b.priceFen) },
              { title: t('ev.sum.mean'), align: 'right', render: (_, b) => <strong data-testid="evaluation-mean">{b.total === null ? '—' : b.total.toFixed(2)}</strong> },
              {
                title: t('ev.sum.byExpert'),
                render: (_, b) => (
                  <Space size={[4, 4]} wrap>
                    {b.experts.map((x) => (
                      <Tag key={x.seat} color={x.outlier ? 'red' : undefined} data-testid={x.outlier ? 'evaluation-outlier' : undefined}>
                        {nameOfSeat(x.seat)}: {x.total.toFixed(2)}{x.outlier ? ` · ${t('ev.sum.outlier')} ${Math.round((x.deviation ?? 1) * 100)}%` : ''}
                      </Tag>
                    ))}
                  </Space>
                ),
              },
            ]} />
          <h2>{t('ev.sum.candidates')}</h2>
          <ol data-testid="evaluation-candidates">
            {d.candidates.map((c) => <li key={c.orgCode}>{c.name} · {c.score.toFixed(2)}</li>)}
          </ol>
          {d.tender.candidatesPublishedAt ? (
            <Alert type="success" showIcon data-testid="evaluation-published"
              message={t('ev.sum.published', { at: chinaDateTime(d.tender.candidatesPublishedAt), until: chinaDateTime(d.tender.candidatesUntil) })} />
          ) : d.allRejected || d.tooFewValidBids ? (
            <Alert type="warning" showIcon data-testid={d.allRejected ? 'evaluation-all-rejected' : 'evaluation-too-few-valid'}
              message={d.allRejected ? t('ev.sum.allRejected') : t('ev.sum.tooFewValid', { valid: d.validBids, min: d.minValidBids ?? 0 })}
              description={<Link to={`/workbench/tenders/${id}`}>{t('ev.sum.toTender')}</Link>} />
          ) : d.canPublish ? (
            <Space wrap align="end">
              {d.lacksCompetition ? (
                <Alert type="info" showIcon data-testid="evaluation-lacks-competition" style={{ flexBasis: '100%' }}
                  message={t('ev.sum.lacksCompetition', { valid: d.validBids })} />
              ) : null}
              <label>
                <div>{t('ev.sum.until')}</div>
                <DatePicker showTime value={until} onChange={setUntil} aria-label={t('ev.sum.until')} />
              </label>
              <Popconfirm title={t('ev.sum.publishConfirm')} okText={t('ev.sum.publish')} cancelText={t('ev.sheet.cancel')} onConfirm={publish}>
                <Button type="primary" data-testid="evaluation-publish">{t('ev.sum.publish')}</Button>
              </Popconfirm>
            </Space>
          ) : d.tender.status === 'evaluation' ? <p>{t('ev.sum.waiting')}</p> : null}
          {d.reportAvailable ? (
            <p style={{ marginTop: 12 }}>
              <a href={`/api/tenders/${id}/evaluation/report.pdf`} target="_blank" rel="noreferrer" data-testid="evaluation-report" lang={lang}>{t('ev.sum.report')}</a>
            </p>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
