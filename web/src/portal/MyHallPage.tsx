import { useState } from 'react';
import { Alert, App, Button, Card, Empty, List, Select, Space, Tag } from 'antd';
import { useT } from '../i18n';
import { api, ApiError } from '../api/client';
import { useGet, useInvalidate } from '../api/query';
import { useTitle } from '../components/useTitle';
import { QueryError } from '../components/QueryError';
import { ErrorAlert } from '../components/ErrorAlert';
import { RequireSignIn } from './RequireSignIn';
import { PhoneTicketCard } from './PhoneTicketCard';
import { VisitRatingsCard } from './VisitRatingsCard';

/** Days from `first` to `last` inclusive (YYYY-MM-DD). */
function daysBetween(first: string, last: string): string[] {
  const out: string[] = [];
  for (let d = Date.parse(`${first}T00:00:00Z`); d <= Date.parse(`${last}T00:00:00Z`) && out.length < 366; d += 86_400_000) out.push(new Date(d).toISOString().slice(0, 10));
  return out;
}

/**
 * The person's hall page: their tickets with the place in the queue and a waiting-time estimate
 * (told when three or fewer are ahead), today's finished visits to rate, their appointments (cancel),
 * and booking a slot.
 */
function MyHall() {
  const { t, lang } = useT();
  useTitle(t('queue.my.title'));
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const mine = useGet('/api/my/hall');
  const centers = useGet('/api/hall/centers');
  const [centerId, setCenterId] = useState<string>();
  const [zoneId, setZoneId] = useState<string>();
  const [day, setDay] = useState<string>();
  const zones = useGet('/api/hall/centers/{centerId}/zones', { path: { centerId: centerId ?? '' } }, { enabled: !!centerId });
  const slots = useGet('/api/hall/zones/{id}/slots', { path: { id: zoneId ?? '' }, query: { day: day ?? '' } }, { enabled: !!zoneId && !!day });
  const [error, setError] = useState<ApiError | null>(null);
  const pick = (zh: string, en: string | null) => (lang === 'en' && en ? en : zh);

  const run = async (call: () => Promise<unknown>, done: string) => {
    setError(null);
    try {
      await call();
      message.success(done);
      await invalidate(['/api/my/hall', '/api/hall/zones/{id}/slots']);
    } catch (e) {
      setError(e instanceof ApiError ? e : null);
    }
  };

  return (
    <div data-testid="my-hall">
      <h1>{t('queue.my.title')}</h1>
      <QueryError of={[mine, centers]} />
      <ErrorAlert error={error} />
      <VisitRatingsCard />
      <PhoneTicketCard run={(body) => run(() => api.post('/api/my/hall/tickets', { body }), t('queue.phone.taken'))} />
      <Card title={<h2 style={{ margin: 0, fontSize: 18 }}>{t('queue.my.tickets')}</h2>} style={{ marginBottom: 16 }}>
        {mine.data?.tickets.length ? (
          <List dataSource={mine.data.tickets} renderItem={(tk) => (
            <List.Item data-testid="my-ticket">
              <Space direction="vertical">
                <Space wrap><strong style={{ fontSize: 24 }}>{tk.number}</strong><Tag>{t(`queue.status.${tk.status}`)}</Tag><span>{pick(tk.zone.name, tk.zone.nameEn)}</span></Space>
                {tk.status === 'waiting' ? <span>{t('queue.ahead', { n: tk.ahead })}{tk.estimate ? ` · ${t('queue.estimate', { min: tk.estimate.optimisticMinutes, max: tk.estimate.pessimisticMinutes })}` : ''}</span> : null}
                {tk.soon ? <Alert type="warning" showIcon message={t('queue.my.soon')} /> : null}
                {tk.window ? <Alert type="success" showIcon message={t('queue.display.goTo', { window: pick(tk.window.name, tk.window.nameEn) })} /> : null}
                {tk.status === 'waiting' ? <Button size="small" onClick={() => void run(() => api.post('/api/my/hall/tickets/{id}/cancel', { params: { path: { id: tk.id } } }), t('queue.my.cancelled'))}>{t('queue.my.giveUp')}</Button> : null}
              </Space>
            </List.Item>
          )} />
        ) : <Empty description={t('queue.my.noTickets')} />}
      </Card>
      <Card title={<h2 style={{ margin: 0, fontSize: 18 }}>{t('queue.my.appointments')}</h2>} style={{ marginBottom: 16 }}>
        {mine.data?.restrictions.map((r) => <Alert key={r.centerId} type="error" showIcon message={t('queue.my.restricted', { until: r.until })} style={{ marginBottom: 8 }} />)}
        {mine.data?.appointments.length ? (
          <List dataSource={mine.data.appointments} renderItem={(a) => (
            <List.Item data-testid="my-appointment" actions={a.status === 'booked' ? [
              <Button key="c" size="small" onClick={() => void run(() => api.post('/api/my/hall/appointments/{id}/cancel', { params: { path: { id: a.id } } }), t('queue.my.cancelled'))}>{t('queue.my.cancel')}</Button>,
            ] : []}>
              {a.day} {a.slotStart}–{a.slotEnd} · {pick(a.zone.name, a.zone.nameEn)} <Tag>{t(`queue.appt.${a.status}`)}</Tag>
            </List.Item>
          )} />
        ) : <Empty description={t('queue.my.noAppointments')} />}
      </Card>
      <Card title={<h2 style={{ margin: 0, fontSize: 18 }}>{t('queue.my.book')}</h2>}>
        <Space wrap style={{ marginBottom: 12 }}>
          <Select style={{ minWidth: 240 }} placeholder={t('queue.my.center')} aria-label={t('queue.my.center')} value={centerId} data-testid="book-center"
            onChange={(v) => { setCenterId(v); setZoneId(undefined); setDay(undefined); }}
            options={centers.data?.centers.map((c) => ({ value: c.id, label: pick(c.name, c.nameEn) }))} />
          <Select style={{ minWidth: 200 }} placeholder={t('queue.zone')} aria-label={t('queue.zone')} value={zoneId} onChange={setZoneId} disabled={!zones.data} data-testid="book-zone"
            options={zones.data?.zones.map((z) => ({ value: z.id, label: pick(z.name, z.nameEn) }))} />
          <Select style={{ minWidth: 160 }} placeholder={t('queue.my.day')} aria-label={t('queue.my.day')} value={day} onChange={setDay} disabled={!zones.data} data-testid="book-day"
            options={zones.data ? daysBetween(zones.data.firstDay, zones.data.lastDay).map((d) => ({ value: d, label: d })) : []} />
        </Space>
        {slots.data ? (
          slots.data.open ? (
            <Space wrap data-testid="book-slots">
              {slots.data.slots.map((s) => (
                <Button key={s.start} disabled={!s.available} data-testid={`book-slot-${s.start}`}
                  onClick={() => void run(() => api.post('/api/my/hall/appointments', { body: { zoneId: zoneId!, day: day!, slotStart: s.start } }), t('queue.my.booked'))}>
                  {s.start}–{s.end} ({t('queue.my.left', { n: Math.max(0, s.capacity - s.booked) })})
                </Button>
              ))}
            </Space>
          ) : <Alert type="info" message={t('queue.my.closedDay')} />
        ) : null}
      </Card>
    </div>
  );
}

export default function MyHallPage() {
  return <RequireSignIn><MyHall /></RequireSignIn>;
}
