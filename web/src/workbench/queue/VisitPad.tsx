import { useState } from 'react';
import { Button, Card, Input, Result, Space } from 'antd';
import { useT } from '../../i18n';
import { api, ApiError } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LevelChoice } from '../../components/ratings/LevelChoice';

/**
 * The window's pad (现场评价): right after the clerk finishes a ticket, the screen is turned to the
 * visitor, who picks one of five large choices and may leave a comment. Anonymous; the server takes it
 * only for the visit this window just finished, that day, before the next call (docs/ratings.md).
 */
export function VisitPad({ ticket, onClose }: { ticket: { id: string; number: string }; onClose: () => void }) {
  const { t } = useT();
  const [level, setLevel] = useState<number>();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const submit = async () => {
    setBusy(true); setError(null);
    try {
      await api.post('/api/hall/tickets/{id}/rating', { params: { path: { id: ticket.id } }, body: { level: level!, ...(comment.trim() ? { comment: comment.trim() } : {}) } });
      setDone(true);
    } catch (e) {
      setError(e instanceof ApiError ? e : null);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card data-testid="visit-pad" style={{ borderColor: '#1677ff', borderWidth: 2 }}
      title={<h3 style={{ margin: 0, fontSize: 24 }}>{t('rt.pad.title')} · {t('rt.pad.ticket', { number: ticket.number })}</h3>}>
      {done ? (
        <Result status="success" title={<span data-testid="visit-pad-thanks">{t('rt.pad.thanks')}</span>}
          extra={<Button type="primary" size="large" onClick={onClose} data-testid="visit-pad-close">{t('rt.pad.done')}</Button>} />
      ) : (
        <Space direction="vertical" style={{ width: '100%' }} size="middle">
          <p style={{ fontSize: 18, margin: 0 }}>{t('rt.pad.hint')}</p>
          <LevelChoice large value={level} onChange={setLevel} name={t('rt.level')} />
          <div>
            <label htmlFor="visit-pad-comment" style={{ display: 'block', fontSize: 18 }}>{t('rt.comment')}</label>
            <Input.TextArea id="visit-pad-comment" data-testid="visit-pad-comment" maxLength={1000} rows={2} value={comment} onChange={(e) => setComment(e.target.value)} style={{ fontSize: 18 }} />
          </div>
          <ErrorAlert error={error} />
          <Space wrap>
            <Button type="primary" size="large" disabled={!level || busy} loading={busy} onClick={() => void submit()} data-testid="visit-pad-submit" style={{ fontSize: 20, height: 56 }}>{t('rt.submit')}</Button>
            <Button size="large" onClick={onClose} disabled={busy} data-testid="visit-pad-skip">{t('rt.pad.skip')}</Button>
          </Space>
        </Space>
      )}
    </Card>
  );
}
