import { useMemo, useState } from 'react';
import { App, Button, Card, Form, Input, InputNumber, Select, Space, Table, Tabs, Tag } from 'antd';
import { useT } from '../../i18n';
import { api, ApiError } from '../../api/client';
import { useGet, useInvalidate } from '../../api/query';
import { useTitle } from '../../components/useTitle';
import { QueryError } from '../../components/QueryError';
import { ErrorAlert } from '../../components/ErrorAlert';
import { AssessmentTab } from './AssessmentTab';
import { chinaDay } from '../../components/china-time';

type Bi = { zh: string; en: string };
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const mondayOf = (day: string) => { const wd = new Date(`${day}T00:00:00Z`).getUTCDay() || 7; return addDays(day, 1 - wd); };

/**
 * Window staff for the center's managers and the departments' chiefs (docs/hall-staff.md): the
 * assignments under two approvals, the week's schedule, leave approvals, training and the annual
 * assessment. A chief sees the staff their department sent; only managers change anything but the
 * department's own approvals.
 */
export default function StaffingPage() {
  const { t, lang } = useT();
  useTitle(t('staffing.title'), true);
  const { message } = App.useApp();
  const staff = useGet('/api/staffing/staff');
  const invalidate = useInvalidate();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const pick = (b: Bi) => (lang === 'en' ? b.en : b.zh);

  const run = async (call: () => Promise<unknown>, paths: Parameters<typeof invalidate>[0]) => {
    setBusy(true); setError(null);
    try {
      await call();
      message.success(t('staffing.saved'));
      await invalidate(paths);
      return true;
    } catch (e) {
      setError(e instanceof ApiError ? e : null);
      return false;
    } finally {
      setBusy(false);
    }
  };

  if (staff.error) return <QueryError of={staff} />;
  const d = staff.data;
  const ctx = { d, busy, run, pick };
  return (
    <div data-testid="staffing-page">
      <div className="ow-page-head"><h2>{t('staffing.title')}</h2></div>
      <ErrorAlert error={error} />
      {d ? (
        <Tabs destroyInactiveTabPane items={[
          { key: 'staff', label: t('staffing.tab.staff'), children: <AssignmentsTab {...ctx} /> },
          { key: 'schedule', label: t('staffing.tab.schedule'), children: <ScheduleTab {...ctx} /> },
          { key: 'leaves', label: <span data-testid="tab-leaves">{t('staffing.tab.leaves')}</span>, children: <LeavesTab {...ctx} /> },
          { key: 'training', label: t('staffing.tab.training'), children: <TrainingTab {...ctx} /> },
          { key: 'assessment', label: <span data-testid="tab-assessment">{t('staffing.tab.assessment')}</span>, children: <AssessmentTab {...ctx} /> },
        ]} />
      ) : null}
    </div>
  );
}

type Staff = NonNullable<ReturnType<typeof useGet<'/api/staffing/staff'>>['data']>;
export interface TabProps {
  d: Staff | undefined; busy: boolean; pick: (b: Bi) => string;
  run: (call: () => Promise<unknown>, paths: Parameters<ReturnType<typeof useInvalidate>>[0]) => Promise<boolean>;
}

function AssignmentsTab({ d, busy, run, pick }: TabProps) {
  const { t } = useT();
  const list = useGet('/api/staffing/assignments', { query: { pageSize: 100 } });
  const [form] = Form.useForm<{ userId: string; windowId: string; departmentId: string; fromDay: string; toDay?: string }>();
  if (!d) return null;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card size="small" title={t('staffing.assign.title')}>
        <Form form={form} layout="vertical" onFinish={(v) => void run(() => api.post('/api/staffing/assignments', { body: { ...v, toDay: v.toDay || undefined } }), ['/api/staffing/assignments', '/api/staffing/staff'])}>
          <Space wrap align="end">
            <Form.Item name="userId" label={t('staffing.assign.person')} rules={[{ required: true }]}>
              <Select style={{ minWidth: 160 }} aria-label={t('staffing.assign.person')} options={d.staff.map((s) => ({ value: s.id, label: s.name }))} />
            </Form.Item>
            <Form.Item name="windowId" label={t('staffing.col.window')} rules={[{ required: true }]}>
              <Select style={{ minWidth: 160 }} aria-label={t('staffing.col.window')} options={d.windows.map((w) => ({ value: w.id, label: pick(w.name) }))} />
            </Form.Item>
            <Form.Item name="departmentId" label={t('staffing.col.department')} rules={[{ required: true }]}>
              <Select style={{ minWidth: 180 }} aria-label={t('staffing.col.department')} options={d.departments.map((x) => ({ value: x.id, label: pick(x.name) }))} />
            </Form.Item>
            <Form.Item name="fromDay" label={t('staffing.assign.from')} rules={[{ required: true }]}><Input type="date" /></Form.Item>
            <Form.Item name="toDay" label={t('staffing.assign.to')}><Input type="date" /></Form.Item>
            <Form.Item><Button type="primary" htmlType="submit" loading={busy}>{t('staffing.assign.submit')}</Button></Form.Item>
          </Space>
        </Form>
      </Card>
      <Table size="small" rowKey="id" scroll={{ x: true }} pagination={false} dataSource={list.data?.assignments ?? []} data-testid="staffing-assignments"
        columns={[
          { title: t('staffing.col.name'), dataIndex: 'userName' },
          { title: t('staffing.col.window'), render: (_, a) => pick(a.windowName) },
          { title: t('staffing.col.department'), render: (_, a) => pick(a.departmentName) },
          { title: t('staffing.col.period'), render: (_, a) => `${a.fromDay} – ${a.toDay ?? ''}` },
          { title: t('staffing.col.status'), render: (_, a) => <Tag color={a.status === 'active' ? 'green' : a.status === 'pending' ? 'gold' : 'default'}>{t(`staffing.status.${a.status}`)}</Tag> },
          { title: t('staffing.col.approvals'), render: (_, a) => (
            <Space size={4} wrap>
              <Tag color={a.centerApproved ? 'green' : 'default'}>{t('staffing.assign.center')}</Tag>
              <Tag color={a.departmentApproved ? 'green' : 'default'}>{t('staffing.assign.department')}</Tag>
              {a.awaiting ? <span>{t(`staffing.assign.awaiting.${a.awaiting}`)}</span> : null}
            </Space>
          ) },
          { title: t('staffing.col.actions'), render: (_, a) => a.awaiting ? (
            <Space>
              <Button size="small" type="primary" onClick={() => void run(() => api.post('/api/staffing/assignments/{id}/decision', { params: { path: { id: a.id } }, body: { approve: true } }), ['/api/staffing/assignments', '/api/staffing/staff'])}>{t('staffing.approve')}</Button>
              <Button size="small" danger onClick={() => void run(() => api.post('/api/staffing/assignments/{id}/decision', { params: { path: { id: a.id } }, body: { approve: false } }), ['/api/staffing/assignments'])}>{t('staffing.reject')}</Button>
            </Space>
          ) : null },
        ]} />
    </Space>
  );
}

function ScheduleTab({ d, busy, run, pick }: TabProps) {
  const { t } = useT();
  const [from, setFrom] = useState(() => mondayOf(chinaDay()));
  const week = useGet('/api/staffing/schedule', { query: { from } });
  const [form] = Form.useForm<{ userId: string; windowId: string; day: string; shift: 'am' | 'pm' }>();
  const windowName = useMemo(() => new Map((d?.windows ?? []).map((w) => [w.id, w.name])), [d]);
  if (!d) return null;
  const days = week.data?.days ?? [];
  const people = d.staff.filter((s) => s.assignment?.status === 'active' || week.data?.entries.some((e) => e.userId === s.id));
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Button onClick={() => setFrom(addDays(from, -7))}>{t('staffing.week.prev')}</Button>
        <strong>{from} – {addDays(from, 6)}</strong>
        <Button onClick={() => setFrom(addDays(from, 7))}>{t('staffing.week.next')}</Button>
      </Space>
      {week.error ? <QueryError of={week} /> : null}
      <Table size="small" rowKey="id" pagination={false} scroll={{ x: 900 }} dataSource={people} data-testid="staffing-week" bordered
        columns={[
          { title: t('staffing.col.name'), dataIndex: 'name', fixed: 'left', width: 90 },
          ...days.map((day) => ({
            title: <span>{day.day.slice(5)}{!day.am && !day.pm ? <div><Tag>{t('staffing.week.closed')}</Tag></div> : null}</span>,
            key: day.day,
            render: (_: unknown, p: (typeof people)[number]) => (
              <Space direction="vertical" size={2}>
                {(['am', 'pm'] as const).map((shift) => {
                  const e = week.data?.entries.find((x) => x.userId === p.id && x.day === day.day && x.shift === shift);
                  if (!e) return null;
                  const w = windowName.get(e.windowId);
                  return (
                    <Tag key={shift} color={e.status === 'on_leave' ? 'default' : e.substituteFor ? 'purple' : e.signedInAt ? 'green' : 'blue'}
                      closable={d.canManage && e.status === 'scheduled' && !e.signedInAt}
                      onClose={(ev) => { ev.preventDefault(); void run(() => api.del('/api/staffing/schedule/{id}', { params: { path: { id: e.id } } }), ['/api/staffing/schedule']); }}>
                      {t(`staffing.shift.${shift}`)} {w ? pick(w) : ''}{e.status === 'on_leave' ? ` · ${t('staffing.schedule.onLeave')}` : e.substituteFor ? ` · ${t('staffing.schedule.substitute')}` : ''}
                    </Tag>
                  );
                })}
              </Space>
            ),
          })),
        ]} />
      {d.canManage ? (
        <Card size="small" title={t('staffing.schedule.add')}>
          <Form form={form} layout="vertical" initialValues={{ shift: 'am' }} onFinish={(v) => void run(() => api.post('/api/staffing/schedule', { body: v }), ['/api/staffing/schedule'])}>
            <Space wrap align="end">
              <Form.Item name="userId" label={t('staffing.assign.person')} rules={[{ required: true }]}>
                <Select style={{ minWidth: 140 }} aria-label={t('staffing.assign.person')} options={d.staff.map((s) => ({ value: s.id, label: s.name }))} />
              </Form.Item>
              <Form.Item name="windowId" label={t('staffing.col.window')} rules={[{ required: true }]}>
                <Select style={{ minWidth: 160 }} aria-label={t('staffing.col.window')} options={d.windows.map((w) => ({ value: w.id, label: pick(w.name) }))} />
              </Form.Item>
              <Form.Item name="day" label={t('staffing.schedule.day')} rules={[{ required: true }]}><Input type="date" /></Form.Item>
              <Form.Item name="shift" label={t('staffing.schedule.shift')}>
                <Select aria-label={t('staffing.schedule.shift')} options={(['am', 'pm'] as const).map((s) => ({ value: s, label: t(`staffing.shift.${s}`) }))} />
              </Form.Item>
              <Form.Item><Button type="primary" htmlType="submit" loading={busy}>{t('staffing.schedule.add')}</Button></Form.Item>
            </Space>
          </Form>
        </Card>
      ) : null}
    </Space>
  );
}

function LeavesTab({ d, run }: TabProps) {
  const { t } = useT();
  const leaves = useGet('/api/staffing/leaves', { query: { pageSize: 50 } });
  const decide = (id: string, approve: boolean) =>
    run(() => api.post('/api/staffing/leaves/{id}/decision', { params: { path: { id } }, body: { approve } }), ['/api/staffing/leaves', '/api/staffing/schedule']);
  return (
    <Table size="small" rowKey="id" scroll={{ x: true }} pagination={false} dataSource={leaves.data?.leaves ?? []} data-testid="staffing-leaves"
      columns={[
        { title: t('staffing.col.name'), dataIndex: 'userName' },
        { title: t('staffing.leave.period'), render: (_, l) => `${l.fromDay} – ${l.toDay}` },
        { title: t('staffing.leave.kind'), dataIndex: 'kind', render: (k: 'annual' | 'sick' | 'personal' | 'other') => t(`staffing.leave.kind.${k}`) },
        { title: t('staffing.leave.reason'), dataIndex: 'reason' },
        { title: t('staffing.leave.substitute'), dataIndex: 'substituteName' },
        { title: t('staffing.col.status'), dataIndex: 'status', render: (s: 'requested' | 'approved' | 'rejected' | 'cancelled') => <Tag>{t(`staffing.status.${s}`)}</Tag> },
        { title: t('staffing.col.actions'), render: (_, l) => d?.canManage && l.status === 'requested' ? (
          <Space>
            <Button size="small" type="primary" onClick={() => void decide(l.id, true)} data-testid={`leave-approve-${l.userName}`}>{t('staffing.approve')}</Button>
            <Button size="small" danger onClick={() => void decide(l.id, false)}>{t('staffing.reject')}</Button>
          </Space>
        ) : null },
      ]} />
  );
}

function TrainingTab({ d, busy, run }: TabProps) {
  const { t } = useT();
  const list = useGet('/api/staffing/trainings', { query: { pageSize: 50 } });
  const [form] = Form.useForm<{ userId: string; course: string; hours: number; day: string; result: 'passed' | 'failed' | 'attended' }>();
  if (!d) return null;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {d.canManage ? (
        <Card size="small" title={t('staffing.training.add')}>
          <Form form={form} layout="vertical" initialValues={{ result: 'passed', hours: 4 }}
            onFinish={(v) => void run(() => api.post('/api/staffing/trainings', { body: v }), ['/api/staffing/trainings']).then((ok) => ok && form.resetFields())}>
            <Space wrap align="end">
              <Form.Item name="userId" label={t('staffing.assign.person')} rules={[{ required: true }]}>
                <Select style={{ minWidth: 140 }} aria-label={t('staffing.assign.person')} options={d.staff.map((s) => ({ value: s.id, label: s.name }))} />
              </Form.Item>
              <Form.Item name="course" label={t('staffing.training.course')} rules={[{ required: true }]}><Input /></Form.Item>
              <Form.Item name="hours" label={t('staffing.training.hours')} rules={[{ required: true }]}><InputNumber min={1} max={1000} /></Form.Item>
              <Form.Item name="day" label={t('staffing.training.day')} rules={[{ required: true }]}><Input type="date" /></Form.Item>
              <Form.Item name="result" label={t('staffing.training.result')}>
                <Select aria-label={t('staffing.training.result')} options={(['passed', 'failed', 'attended'] as const).map((r) => ({ value: r, label: t(`staffing.training.result.${r}`) }))} />
              </Form.Item>
              <Form.Item><Button type="primary" htmlType="submit" loading={busy}>{t('staffing.training.add')}</Button></Form.Item>
            </Space>
          </Form>
        </Card>
      ) : null}
      <Table size="small" rowKey="id" scroll={{ x: true }} pagination={false} dataSource={list.data?.trainings ?? []}
        columns={[
          { title: t('staffing.col.name'), dataIndex: 'userName' },
          { title: t('staffing.training.course'), dataIndex: 'course' },
          { title: t('staffing.training.hours'), dataIndex: 'hours' },
          { title: t('staffing.training.day'), dataIndex: 'day' },
          { title: t('staffing.training.result'), dataIndex: 'result', render: (r: 'passed' | 'failed' | 'attended') => t(`staffing.training.result.${r}`) },
        ]} />
    </Space>
  );
}
