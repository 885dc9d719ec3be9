import { useState } from 'react';
import { Button, Input, Popconfirm, Space } from 'antd';
import { api } from '../../api/client';
import { useSubmit } from '../../api/query';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useT } from '../../i18n';

/**
 * A seated expert declines the invitation or cannot be reached (docs/experts.md): the draw operator records it with a
 * reason; the server seats the first reserve in the drawn order, keeps the reason in the audit, and refuses when no
 * reserve is left (DRAW_RESERVE_EXHAUSTED: a new draw is needed).
 */
export function DrawDecline({ drawId, expert, onDone }: { drawId: string; expert: { expertId: string; name: string }; onDone: () => void }) {
  const { t } = useT();
  const [reason, setReason] = useState('');
  const { error, busy, run } = useSubmit(['/api/tenders/{tenderId}/expert-draw']);
  const decline = async () => {
    const ok = await run(() => api.post('/api/expert-draws/{id}/members/{expertId}/decline', {
      params: { path: { id: drawId, expertId: expert.expertId } }, body: { reason: reason.trim() },
    }));
    if (ok) onDone();
  };
  const label = t('tr.draw.declineSubmit');
  return (
    <section data-testid="draw-decline" aria-labelledby="draw-decline-title" style={{ margin: '12px 0', maxWidth: 640 }}>
      <h2 id="draw-decline-title">{t('tr.draw.declineTitle', { name: expert.name })}</h2>
      <p>{t('tr.draw.declineNote')}</p>
      <ErrorAlert error={error} />
      <Space direction="vertical" style={{ width: '100%' }}>
        <label>{t('tr.draw.declineReason')}
          <Input.TextArea rows={2} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="draw-decline-reason" />
        </label>
        <Space>
          <Popconfirm title={t('tr.staff.confirm', { action: label })} okText={label} cancelText={t('tr.staff.cancel')} onConfirm={() => decline()}>
            <Button type="primary" danger loading={busy} disabled={!reason.trim()} data-testid="draw-decline-submit">{label}</Button>
          </Popconfirm>
          <Button onClick={onDone} data-testid="draw-decline-close">{t('tr.staff.cancel')}</Button>
        </Space>
      </Space>
    </section>
  );
}
