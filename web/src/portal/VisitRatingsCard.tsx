import { useState } from 'react';
import { App, Button, Card, List, Space } from 'antd';
import { useT } from '../i18n';
import { api, ApiError } from '../api/client';
import { useGet, useInvalidate } from '../api/query';
import { ErrorAlert } from '../components/ErrorAlert';
import { LevelChoice, levelKey } from '../components/ratings/LevelChoice';

/**
 * 现场评价 from the visitor's own phone: the visits of today that were finished, each rated once
 * (anonymously) with five large choices. Shown only when there is one: a visit is rated the day it
 * finished, so yesterday's are not offered (the server refuses them: RATING_VISIT_CLOSED).
 */
export function VisitRatingsCard() {
  const { t } = useT();
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const visits = useGet('/api/my/hall/visits');
  const [levels, setLevels] = useState<Record<string, number>>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  if (!visits.data?.visits.length) return null;

  const rate = async (ticketId: string) => {
    setBusy(ticketId); setError(null);
    try {
      await api.post('/api/hall/tickets/{id}/rating', { params: { path: { id: ticketId } }, body: { level: levels[ticketId]! } });
      message.success(t('rt.thanks'));
      await invalidate(['/api/my/hall/visits']);
    } catch (e) {
      setError(e instanceof ApiError ? e : null);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card title={<h2 style={{ margin: 0, fontSize: 18 }}>{t('rt.visits.title')}</h2>} style={{ marginBottom: 16 }} data-testid="visit-ratings">
      <p>{t('rt.visits.hint')}</p>
      <ErrorAlert error={error} />
      <List dataSource={visits.data.visits} renderItem={(v) => (
        <List.Item data-testid="visit-rating" data-number={v.number}>
          <Space direction="vertical" style={{ width: '100%' }}>
            <strong style={{ fontSize: 20 }}>{t('rt.pad.ticket', { number: v.number })}</strong>
            {v.rating ? <span data-testid="visit-rated">{t('rt.given', { level: t(levelKey(v.rating.level)) })}</span> : (
              <>
                <LevelChoice value={levels[v.ticketId]} onChange={(l) => setLevels({ ...levels, [v.ticketId]: l })} name={t('rt.visits.levelFor', { number: v.number })} />
                <Button type="primary" size="large" disabled={!levels[v.ticketId] || busy !== null} loading={busy === v.ticketId}
                  onClick={() => void rate(v.ticketId)} data-testid="visit-rating-submit">{t('rt.submit')}</Button>
              </>
            )}
          </Space>
        </List.Item>
      )} />
    </Card>
  );
}
