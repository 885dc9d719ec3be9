import { useState } from 'react';
import { Alert, Button, Input, Space } from 'antd';
import { api, type ResponseOf } from '../../api/client';
import { useSubmit } from '../../api/query';
import { ErrorAlert } from '../../components/ErrorAlert';
import { chinaDateTime } from '../../components/china-time';
import { useT } from '../../i18n';

/**
 * The suspension an upheld complaint ordered on a tender, with every lifting (docs/trading.md), shown on the workbench
 * tender page. The supervising department's approvers and chiefs (`canResume`, decided by the server) lift it here,
 * with a reason.
 */
export function TenderSuspension({ tender: d }: { tender: ResponseOf<'/api/trading/tenders/{id}'> }) {
  const id = d.id;
  const { t } = useT();
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const { error, busy, run, clear } = useSubmit(['/api/trading/tenders/{id}', '/api/trading/tenders', '/api/trading/tenders/{id}/revisions']);
  const resume = () => run(async () => {
    const r = await api.post('/api/trading/tenders/{id}/resume', { params: { path: { id } }, body: { reason: reason.trim() } });
    const lifted = r.suspensions.filter((x) => x.resumedAt).at(-1);
    setDone(lifted?.resumedAt ?? r.serverTime);
    setAsking(false);
    setReason('');
  });
  return (
    <div data-testid="wb-tender">
  {done ? <Alert type="success" showIcon style={{ marginBottom: 12 }} data-testid="wb-tender-resumed" message={t('tr.wb.resumed', { at: chinaDateTime(done) })} /> : null}
  {d.suspension ? (
    <Alert type="error" showIcon style={{ marginBottom: 12 }} data-testid="wb-tender-suspended" message={t('tr.detail.suspended')}
      description={<>
        <div>{t('tr.detail.suspendedSince')}: {chinaDateTime(d.suspension.since)}</div>
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
        <Button onClick={() => { setAsking(false); clear(); }}>{t('tr.wb.cancel')}</Button>
      </Space>
    </section>
  ) : null}
  {d.suspensions.filter((x) => x.resumedAt).map((x) => (
    <Alert key={x.complaintId} type="info" showIcon style={{ marginBottom: 12 }} data-testid="wb-tender-lifted"
      message={t('tr.detail.resumedAt', { at: chinaDateTime(x.resumedAt), reason: x.resumeReason ?? '' })} />
  ))}
    </div>
  );
}
