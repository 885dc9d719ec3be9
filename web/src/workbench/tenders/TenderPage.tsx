import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, Button, Descriptions, Input, Space, Tag } from 'antd';
import { api, type ApiError } from '../../api/client';
import { useGet, useInvalidate } from '../../api/query';
import { ErrorAlert } from '../../components/ErrorAlert';
import { QueryError } from '../../components/QueryError';
import { enumLabel, formatDateTime } from '../../components/labels';
import { useTitle } from '../../components/useTitle';
import { useT } from '../../i18n';

/**
 * One tender on the workbench (docs/trading.md): its status and periods by the server's clock, the suspension an
 * upheld complaint ordered, with every lifting, and the way to the opening and the evaluation. The supervising
 * department's approvers and chiefs (`canResume`, decided by the server) lift a suspension here, with a reason.
 */
export default function TenderPage() {
  const { id = '' } = useParams();
  const { t } = useT();
  const q = useGet('/api/trading/tenders/{id}', { path: { id } });
  const invalidate = useInvalidate();
  const d = q.data;
  useTitle(d?.title ?? t('tr.wb.title'), true);
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const resume = async () => {
    setError(null);
    setBusy(true);
    try {
      const r = await api.post('/api/trading/tenders/{id}/resume', { params: { path: { id } }, body: { reason: reason.trim() } });
      const lifted = r.suspensions.filter((x) => x.resumedAt).at(-1);
      setDone(lifted?.resumedAt ?? r.serverTime);
      setAsking(false);
      setReason('');
      await invalidate(['/api/trading/tenders/{id}', '/api/trading/tenders', '/api/trading/tenders/{id}/revisions']);
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div data-testid="wb-tender">
      <h1>{d ? d.title : t('tr.wb.title')}</h1>
      <QueryError of={q} />
      {d ? (
        <>
          <p><Tag data-testid="wb-tender-status">{enumLabel(t, 'tr.status', d.status)}</Tag></p>
          {done ? <Alert type="success" showIcon style={{ marginBottom: 12 }} data-testid="wb-tender-resumed" message={t('tr.wb.resumed', { at: formatDateTime(done) })} /> : null}
          {d.suspension ? (
            <Alert type="error" showIcon style={{ marginBottom: 12 }} data-testid="wb-tender-suspended" message={t('tr.detail.suspended')}
              description={<>
                <div>{t('tr.detail.suspendedSince')}: {formatDateTime(d.suspension.since)}</div>
                <div>{t('tr.detail.suspendedReason')}: {d.suspension.reason}</div>
                {d.canResume && !asking ? (
                  <Button type="primary" danger style={{ marginTop: 8 }} onClick={() => { setAsking(true); setDone(null); }} data-testid="wb-tender-resume">{t('tr.wb.resume')}</Button>
                ) : null}
              </>} />
          ) : null}
          {d.canResume && asking ? (
            <section aria-labelledby="wb-resume-title" style={{ marginBottom: 16 }} data-testid="wb-tender-resume-form">
              <h2 id="wb-resume-title">{t('tr.wb.resume')}</h2>
              <p>{t('tr.wb.resumeHint')}</p>
              <label htmlFor="wb-resume-reason">{t('tr.wb.resumeReason')}</label>
              <Input.TextArea id="wb-resume-reason" rows={3} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="wb-tender-resume-reason" />
              <ErrorAlert error={error} />
              <Space style={{ marginTop: 8 }}>
                <Button type="primary" danger loading={busy} disabled={!reason.trim()} onClick={() => void resume()} data-testid="wb-tender-resume-submit">{t('tr.wb.resumeConfirm')}</Button>
                <Button onClick={() => { setAsking(false); setError(null); }}>{t('tr.wb.cancel')}</Button>
              </Space>
            </section>
          ) : null}
          {d.suspensions.filter((x) => x.resumedAt).map((x) => (
            <Alert key={x.complaintId} type="info" showIcon style={{ marginBottom: 12 }} data-testid="wb-tender-lifted"
              message={t('tr.detail.resumedAt', { at: formatDateTime(x.resumedAt), reason: x.resumeReason ?? '' })} />
          ))}
          <Descriptions bordered size="small" column={1}>
            <Descriptions.Item label={t('tr.detail.project')}>{d.project.code} · {enumLabel(t, 'tr.kind', d.project.kind)}</Descriptions.Item>
            <Descriptions.Item label={t('tr.detail.buyer')}>{d.project.buyerName}</Descriptions.Item>
            <Descriptions.Item label={t('tr.col.published')}>{formatDateTime(d.publishedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('tr.col.deadline')}>{formatDateTime(d.bidDeadline)}</Descriptions.Item>
            <Descriptions.Item label={t('tr.detail.opening')}>{formatDateTime(d.openingAt)}</Descriptions.Item>
            <Descriptions.Item label={t('tr.detail.serverTime')}>{formatDateTime(d.serverTime)}</Descriptions.Item>
            <Descriptions.Item label={t('tr.wb.key')}>{d.publicKey ? t('tr.wb.keyMade', { k: d.keyThreshold ?? 0, n: d.keyShares ?? 0 }) : t('tr.wb.keyNone')}</Descriptions.Item>
          </Descriptions>
          <Space wrap style={{ marginTop: 12 }}>
            <Link to={`/workbench/tenders/${d.id}/opening`}>{t('tr.wb.opening')}</Link>
            <Link to={`/workbench/tenders/${d.id}/evaluation`}>{t('tr.wb.evaluation')}</Link>
            {d.publishedAt ? <Link to={`/trading/tenders/${d.id}`}>{t('tr.wb.notice')}</Link> : null}
          </Space>
        </>
      ) : null}
    </div>
  );
}
