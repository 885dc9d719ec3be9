import { useState } from 'react';
import { App, Button, Card, Empty, Form, Input, Select, Space, Table, Tag } from 'antd';
import { useT } from '../../i18n';
import { api, ApiError } from '../../api/client';
import { useGet, useInvalidate } from '../../api/query';
import { useTitle } from '../../components/useTitle';
import { QueryError } from '../../components/QueryError';
import { ErrorAlert } from '../../components/ErrorAlert';

const clock = (iso: string, lang: string) => new Date(iso).toLocaleTimeString(lang === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit' });
const STATE_COLOR = { present: 'green', late: 'orange', leave: 'blue', absent: 'red', upcoming: 'default' } as const;

/**
 * The window clerk's own page: sign in and out at the window for today's shift, the last weeks'
 * attendance, and leave requests with a substitute (docs/hall-staff.md).
 */
export default function MyAttendancePage() {
  const { t, lang } = useT();
  useTitle(t('staffing.me.title'), true);
  const { message } = App.useApp();
  const me = useGet('/api/staffing/me');
  const history = useGet('/api/staffing/staff/{userId}/attendance', me.data ? { path: { userId: me.data.userId } } : null, { enabled: !!me.data });
  const leaves = useGet('/api/staffing/leaves', { query: { pageSize: 20 } });
  const invalidate = useInvalidate();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ fromDay: string; toDay: string; kind: 'annual' | 'sick' | 'personal' | 'other'; reason: string; substituteId?: string }>();

  const run = async (call: () => Promise<unknown>, done?: string) => {
    setBusy(true); setError(null);
    try {
      await call();
      if (done) message.success(done);
      await invalidate(['/api/staffing/me', '/api/staffing/staff/{userId}/attendance', '/api/staffing/leaves']);
      return true;
    } catch (e) {
      setError(e instanceof ApiError ? e : null);
      return false;
    } finally {
      setBusy(false);
    }
  };

  if (me.error) return <QueryError of={me} />;
  const d = me.data;
  const open = d?.shifts.find((s) => s.signedInAt && !s.signedOutAt);
  return (
    <div data-testid="staffing-me">
      <div className="ow-page-head"><h2>{t('staffing.me.title')}</h2></div>
      <ErrorAlert error={error} />
      {d ? (
        <Space direction="vertical" style={{ width: '100%' }} size="middle">
          <Card title={t('staffing.me.today', { day: d.today })}>
            {d.shifts.length ? (
              <Space direction="vertical" style={{ width: '100%' }}>
                {d.shifts.map((s) => (
                  <Space key={s.scheduleId} wrap data-testid={`staffing-shift-${s.shift}`}>
                    <Tag color="blue">{t(`staffing.shift.${s.shift}`)}</Tag>
                    <span>{lang === 'en' ? s.windowName.en : s.windowName.zh}</span>
                    {s.times ? <span>{s.times.start}–{s.times.end}</span> : null}
                    {s.status === 'on_leave' ? <Tag>{t('staffing.schedule.onLeave')}</Tag> : null}
                    {s.signedInAt ? <Tag color={s.lateMinutes ? 'orange' : 'green'}>{t('staffing.me.signedIn', { time: clock(s.signedInAt, lang) })}</Tag> : null}
                    {s.lateMinutes ? <Tag color="orange">{t('staffing.me.late', { n: s.lateMinutes })}</Tag> : null}
                    {s.signedOutAt ? <Tag>{t('staffing.me.signedOut', { time: clock(s.signedOutAt, lang) })}</Tag> : null}
                  </Space>
                ))}
                <Space wrap>
                  <Button type="primary" size="large" loading={busy} disabled={!!open} data-testid="staffing-sign-in"
                    onClick={() => void run(() => api.post('/api/staffing/attendance/sign-in', { body: {} }))}>{t('staffing.me.signIn')}</Button>
                  <Button size="large" loading={busy} disabled={!open} data-testid="staffing-sign-out"
                    onClick={() => void run(() => api.post('/api/staffing/attendance/sign-out'))}>{t('staffing.me.signOut')}</Button>
                </Space>
              </Space>
            ) : <Empty description={t('staffing.me.noShift')} />}
          </Card>

          <Card title={t('staffing.leave.request')}>
            <Form form={form} layout="vertical" initialValues={{ kind: 'personal' }} style={{ maxWidth: 520 }}
              onFinish={(v) => void run(() => api.post('/api/staffing/leaves', { body: { ...v, substituteId: v.substituteId || undefined } }), t('staffing.leave.requested')).then((ok) => ok && form.resetFields())}>
              <Space wrap>
                <Form.Item name="fromDay" label={t('staffing.assign.from')} rules={[{ required: true }]}><Input type="date" data-testid="leave-from" /></Form.Item>
                <Form.Item name="toDay" label={t('staffing.assign.to').replace(/（.*）|\s*\(.*\)/, '')} rules={[{ required: true }]}><Input type="date" data-testid="leave-to" /></Form.Item>
              </Space>
              <Form.Item name="kind" label={t('staffing.leave.kind')}>
                <Select aria-label={t('staffing.leave.kind')} options={(['annual', 'sick', 'personal', 'other'] as const).map((k) => ({ value: k, label: t(`staffing.leave.kind.${k}`) }))} />
              </Form.Item>
              <Form.Item name="reason" label={t('staffing.leave.reason')} rules={[{ required: true }]}><Input data-testid="leave-reason" /></Form.Item>
              <Form.Item name="substituteId" label={t('staffing.leave.substitute')}>
                <Select allowClear showSearch optionFilterProp="label" aria-label={t('staffing.leave.substitute')} data-testid="leave-substitute"
                  options={d.colleagues.map((c) => ({ value: c.id, label: c.name }))} />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={busy} data-testid="leave-submit">{t('staffing.leave.request')}</Button>
            </Form>
          </Card>

          <Card title={t('staffing.me.leaves')}>
            <Table size="small" rowKey="id" pagination={false} scroll={{ x: true }} dataSource={leaves.data?.leaves ?? []} data-testid="my-leaves"
              columns={[
                { title: t('staffing.leave.period'), render: (_, l) => `${l.fromDay} – ${l.toDay}` },
                { title: t('staffing.leave.substitute'), dataIndex: 'substituteName' },
                { title: t('staffing.col.status'), dataIndex: 'status', render: (s: 'requested' | 'approved' | 'rejected' | 'cancelled') => <Tag>{t(`staffing.status.${s}`)}</Tag> },
                { title: t('staffing.col.actions'), render: (_, l) => l.status === 'requested'
                  ? <Button size="small" onClick={() => void run(() => api.post('/api/staffing/leaves/{id}/cancel', { params: { path: { id: l.id } } }))}>{t('staffing.leave.cancel')}</Button> : null },
              ]} />
          </Card>

          <Card title={t('staffing.me.history')}>
            <Table size="small" rowKey="scheduleId" pagination={{ pageSize: 10 }} scroll={{ x: true }} dataSource={history.data?.shifts ?? []}
              columns={[
                { title: t('staffing.schedule.day'), dataIndex: 'day' },
                { title: t('staffing.schedule.shift'), dataIndex: 'shift', render: (s: 'am' | 'pm') => t(`staffing.shift.${s}`) },
                { title: t('staffing.col.window'), render: (_, s) => (lang === 'en' ? s.windowName.en : s.windowName.zh) },
                { title: t('staffing.col.status'), dataIndex: 'state', render: (s: keyof typeof STATE_COLOR) => <Tag color={STATE_COLOR[s]}>{t(`staffing.state.${s}`)}</Tag> },
              ]} />
          </Card>
        </Space>
      ) : null}
    </div>
  );
}
