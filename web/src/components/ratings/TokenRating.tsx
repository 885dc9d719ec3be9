import { useEffect, useState } from 'react';
import { Alert, Button, Input, Result, Space, Spin } from 'antd';
import { useT } from '../../i18n';
import { api, ApiError } from '../../api/client';
import { useGet } from '../../api/query';
import { ErrorAlert } from '../ErrorAlert';
import { LevelChoice } from './LevelChoice';
import type { MessageKey } from '../../i18n/zh';

/**
 * Rating a hall visit with its slip's rating code (扫码评价): the visit (number, service, window, day),
 * the pad's five choices and a comment, then a thank-you. Used by the public page /rate/<token> (the
 * visitor's phone, channel `slip`) and the kiosk's 评价 step (`kiosk`). Anonymous; the server keeps the
 * rules (finished, that day, once) and answers an unknown or expired code with RATING_TOKEN_UNKNOWN.
 */
export function TokenRating({ token, channel, large, onDone }: { token: string; channel: 'slip' | 'kiosk'; large?: boolean; onDone?: () => void }) {
  const { t, lang } = useT();
  const visit = useGet('/api/hall/rate/{token}', { path: { token } });
  const [level, setLevel] = useState<number>();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const font = large ? 24 : 18;
  // After the thank-you the kiosk goes back to its start by itself.
  useEffect(() => {
    if (!done || !onDone) return;
    const id = setTimeout(onDone, 10_000);
    return () => clearTimeout(id);
  }, [done, onDone]);

  const submit = async () => {
    setBusy(true); setError(null);
    try {
      await api.post('/api/hall/rate/{token}', { params: { path: { token } }, body: { level: level!, channel, ...(comment.trim() ? { comment: comment.trim() } : {}) } });
      setDone(true);
    } catch (e) {
      setError(e instanceof ApiError ? e : null);
    } finally {
      setBusy(false);
    }
  };

  if (visit.isPending) return <Spin size="large" />;
  if (visit.error) return <ErrorAlert error={visit.error} style={{ fontSize: font }} />;
  const v = visit.data;
  const pick = (n: { name: string; nameEn: string | null }) => (lang === 'en' && n.nameEn ? n.nameEn : n.name);
  if (done) {
    return (
      <Result status="success" title={<span data-testid="token-rating-thanks" style={{ fontSize: font + 4 }}>{t('rt.slip.thanks')}</span>}
        subTitle={<span style={{ fontSize: font - 2 }}>{t('rt.slip.thanksHint')}</span>}
        extra={onDone ? <Button type="primary" size="large" style={{ fontSize: font, height: 'auto', padding: '10px 24px' }} onClick={onDone} data-testid="token-rating-close">{t('rt.pad.done')}</Button> : undefined} />
    );
  }
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%', fontSize: font }} data-testid="token-rating" data-state={v.state}>
      <div>
        <div style={{ fontSize: font + 6, fontWeight: 700 }} data-testid="token-rating-visit">{t('rt.slip.visit', { number: v.number, zone: pick(v.zone) })}</div>
        {v.window ? <div>{t('rt.slip.window', { window: pick(v.window) })}</div> : null}
        <div>{t('rt.slip.day', { day: v.day })}</div>
      </div>
      {v.canRate ? (
        <>
          <p style={{ margin: 0 }}>{t('rt.slip.hint')}</p>
          <LevelChoice large value={level} onChange={setLevel} name={t('rt.level')} />
          <div>
            <label htmlFor="token-rating-comment" style={{ display: 'block' }}>{t('rt.comment')}</label>
            <Input.TextArea id="token-rating-comment" data-testid="token-rating-comment" maxLength={1000} rows={3} value={comment}
              onChange={(e) => setComment(e.target.value)} style={{ fontSize: font }} />
          </div>
          <ErrorAlert error={error} />
          <Button type="primary" size="large" block disabled={!level || busy} loading={busy} onClick={() => void submit()} data-testid="token-rating-submit"
            style={{ fontSize: font, height: 'auto', minHeight: 56, padding: '10px 24px' }}>{t('rt.submit')}</Button>
        </>
      ) : (
        <Alert type={v.state === 'rated' ? 'success' : 'info'} showIcon data-testid="token-rating-state" style={{ fontSize: font }}
          message={t(`rt.slip.state.${v.state}` as MessageKey)} />
      )}
    </Space>
  );
}
