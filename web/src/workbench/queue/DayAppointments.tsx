import { useState } from 'react';
import { App, Button, Card, DatePicker, Input, Modal, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useT } from '../../i18n';
import { api, ApiError, type ResponseOf } from '../../api/client';
import { useGet, useInvalidate } from '../../api/query';
import { QueryError } from '../../components/QueryError';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useCursorPages } from '../../components/useCursorPages';

type Item = ResponseOf<'/api/hall/appointments'>['items'][number];

/**
 * The center's appointments of a day, for window clerks and managers: a booked one may be cancelled
 * with a reason (the place is given back and the person is told); a clerk only in the zones their window serves
 * (`inScope`). docs/hall.md "Staff cancel".
 */
export function DayAppointments() {
  const { t, lang } = useT();
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const [day, setDay] = useState(() => dayjs().format('YYYY-MM-DD'));
  const pages = useCursorPages<string>();
  const { cursor } = pages;
  const list = useGet('/api/hall/appointments', { query: { day, limit: 50, ...(cursor ? { cursor } : {}) } });
  const [target, setTarget] = useState<Item | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const cancel = async () => {
    if (!target) return;
    setError(null);
    try {
      await api.post('/api/hall/appointments/{id}/cancel', { params: { path: { id: target.id } }, body: { reason } });
      message.success(t('hallops.appts.cancelled'));
      setTarget(null); setReason('');
      await invalidate(['/api/hall/appointments']);
    } catch (e) {
      setError(e instanceof ApiError ? e : null);
    }
  };
  return (
    <Card title={t('hallops.appts.title')} data-testid="day-appointments"
      extra={<DatePicker allowClear={false} value={dayjs(day)} aria-label={t('hallops.appts.day')} onChange={(v) => { if (v) { setDay(v.format('YYYY-MM-DD')); pages.reset(); } }} />}>
      <QueryError of={list} />
      <Table<Item> size="small" rowKey="id" pagination={false} dataSource={list.data?.items ?? []} loading={list.isLoading} scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('hallops.appts.none') }}
        onRow={(a) => ({ 'data-testid': 'day-appointment', 'data-id': a.id }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('hallops.appts.slot'), key: 'slot', render: (_v, a) => `${a.slotStart}–${a.slotEnd}` },
          { title: t('queue.zone'), key: 'zone', render: (_v, a) => (lang === 'en' ? a.zone.nameEn : a.zone.name) },
          { title: t('hallops.appts.person'), key: 'person', render: (_v, a) => `${a.person.name} ${a.person.idNumber ?? ''}` },
          { title: '', key: 'status', render: (_v, a) => <Tag>{t(`queue.appt.${a.status}`)}</Tag> },
          { title: '', key: 'act', render: (_v, a) => (a.status === 'booked' && a.inScope ? <Button size="small" danger onClick={() => setTarget(a)} data-testid="day-appointment-cancel">{t('hallops.appts.cancel')}</Button> : null) },
        ]} />
      {pages.hasPrevious || list.data?.nextCursor ? (
        <div style={{ marginTop: 8, display: 'flex', gap: 8 }}>
          <Button disabled={!pages.hasPrevious} onClick={pages.previous} data-testid="day-appointments-prev">{t('hallq.prev')}</Button>
          <Button disabled={!list.data?.nextCursor} onClick={() => pages.next(list.data!.nextCursor!)} data-testid="day-appointments-next">{t('hallq.next')}</Button>
        </div>
      ) : null}
      <Modal open={!!target} title={t('hallops.appts.cancel')} onCancel={() => setTarget(null)} onOk={() => void cancel()} okButtonProps={{ danger: true, disabled: !reason.trim() }}>
        <ErrorAlert error={error} />
        <label htmlFor="appt-cancel-reason">{t('hallops.appts.reason')}</label>
        <Input.TextArea id="appt-cancel-reason" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} rows={3} data-testid="day-appointment-reason" />
      </Modal>
    </Card>
  );
}
