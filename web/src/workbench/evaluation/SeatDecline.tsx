import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { App, Button, Card, Input, Popconfirm } from 'antd';
import { api, type ApiError } from '../../api/client';
import { useInvalidate } from '../../api/query';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useT } from '../../i18n';

/**
 * The expert gives up their seat (回避, or cannot take part) with the reason, until their sheet is in: the first reserve
 * takes it (docs/experts.md "Decline"). Asked for when a conflict of interest appears (招标投标法实施条例 第四十六条),
 * and confirmed, because the seat does not come back.
 */
export function SeatDecline({ tenderId }: { tenderId: string }) {
  const { t } = useT();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const invalidate = useInvalidate();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const decline = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.post('/api/tenders/{tenderId}/evaluation/sheet/decline', { params: { path: { tenderId } }, body: { reason: reason.trim() } });
      message.success(t('ev.decline.done'));
      await invalidate(['/api/me/evaluations']);
      navigate('/workbench/evaluation');
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setBusy(false);
    }
  };
  if (!open) {
    return <Button style={{ marginTop: 16 }} onClick={() => setOpen(true)} data-testid="seat-decline-open">{t('ev.decline.open')}</Button>;
  }
  return (
    <Card size="small" style={{ marginTop: 16, maxWidth: 560 }} title={t('ev.decline.title')} data-testid="seat-decline">
      <p>{t('ev.decline.hint')}</p>
      <label htmlFor="seat-decline-reason">{t('ev.decline.reason')}</label>
      <Input.TextArea id="seat-decline-reason" rows={3} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="seat-decline-reason" />
      <ErrorAlert error={error} style={{ marginTop: 8 }} />
      <div style={{ marginTop: 8, display: 'flex', gap: 8, flexWrap: 'wrap' }}>
        <Popconfirm title={t('ev.decline.confirm')} okText={t('ev.decline.submit')} cancelText={t('ev.sheet.cancel')} onConfirm={decline}>
          <Button danger type="primary" loading={busy} disabled={!reason.trim()} data-testid="seat-decline-submit">{t('ev.decline.submit')}</Button>
        </Popconfirm>
        <Button onClick={() => setOpen(false)}>{t('ev.sheet.cancel')}</Button>
      </div>
    </Card>
  );
}
