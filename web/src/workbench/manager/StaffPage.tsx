import { useState } from 'react';
import { App, Button, Checkbox, Drawer, Form, Grid, Input, Select, Space, Table, Tag } from 'antd';
import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { useT } from '../../i18n';
import { api } from '../../api/client';
import { useGet, useInvalidate } from '../../api/query';
import { useAuth } from '../../api/auth';
import { STAFF_ROLES, type StaffRole, type StaffRow } from '../../api/models';
import { useTitle } from '../../components/useTitle';
import { ErrorAlert } from '../../components/ErrorAlert';
import { QueryError } from '../../components/QueryError';
import { EmptyBlock } from '../../components/ContentView';
import { enumLabel } from '../../components/labels';
import { useFormErrors } from '../../components/useFormErrors';

interface StaffForm { username: string; name: string; roles: StaffRole[]; departmentId?: string; windowId?: string; password: string }

export default function StaffPage() {
  const { t, pick } = useT();
  useTitle(t('staff.title'), true);
  const { message } = App.useApp();
  const { user } = useAuth();
  const screens = Grid.useBreakpoint();
  const [q, setQ] = useState('');
  const [text, setText] = useState('');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const list = useGet('/api/admin/staff', { query: { q, page, pageSize } });
  const org = useGet('/api/admin/org');
  const invalidate = useInvalidate();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<StaffForm>();
  const { error, setError } = useFormErrors(form);
  const [busy, setBusy] = useState(false);
  const dept = Form.useWatch('departmentId', form);

  const o = org.data;
  const departments = (o?.departments ?? []).filter((d) => !user?.centerId || d.centerId === user.centerId);
  const windows = (o?.windows ?? []).filter((w) => (!user?.centerId || w.centerId === user.centerId) && (!dept || !w.departmentId || w.departmentId === dept));
  const deptName = (id: string | null) => {
    const d = o?.departments.find((x) => x.id === id);
    return d ? pick(d.name, d.nameEn) : '';
  };
  const windowName = (id: string | null) => o?.windows.find((x) => x.id === id)?.name ?? '';

  const submit = async (v: StaffForm) => {
    setBusy(true);
    setError(null);
    try {
      await api.post('/api/admin/staff', { body: {
        username: v.username.trim(), name: v.name.trim(), roles: v.roles, password: v.password,
        ...(v.departmentId ? { departmentId: v.departmentId } : {}),
        ...(v.windowId ? { windowId: v.windowId } : {}),
      } });
      message.success(t('staff.created'));
      setOpen(false);
      form.resetFields();
      void invalidate(['/api/admin/staff']);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="staff-page">
      <div className="ow-page-head">
        <h2>{t('staff.title')}</h2>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => { setError(null); setOpen(true); }} data-testid="staff-new">{t('staff.new')}</Button>
      </div>
      <form
        onSubmit={(e) => { e.preventDefault(); setPage(1); setQ(text.trim()); }}
        style={{ display: 'flex', gap: 8, marginBottom: 12, maxWidth: 420 }}
      >
        <Input value={text} onChange={(e) => setText(e.target.value)} allowClear placeholder={t('staff.search')} data-testid="staff-search" />
        <Button htmlType="submit" icon={<SearchOutlined />}>{t('common.search')}</Button>
      </form>
      <QueryError of={list} />
      <Table<StaffRow>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data?.staff ?? []}
        locale={{ emptyText: list.isLoading ? ' ' : <EmptyBlock text={t('staff.empty')} testid="staff-empty" /> }}
        scroll={{ x: 'max-content' }}
        onRow={(r) => ({ 'data-testid': 'staff-row', 'data-username': r.username }) as React.HTMLAttributes<HTMLElement>}
        pagination={{
          current: list.data?.page ?? page, pageSize: list.data?.pageSize ?? pageSize, total: list.data?.total ?? 0,
          showTotal: (n) => t('common.total', { n }),
          onChange: (p, ps) => { setPage(ps !== pageSize ? 1 : p); setPageSize(ps); },
        }}
        columns={[
          { title: t('staff.username'), dataIndex: 'username', key: 'u' },
          { title: t('staff.name'), dataIndex: 'name', key: 'n' },
          { title: t('staff.roles'), key: 'r', render: (_v, r) => <Space size={4} wrap>{r.roles.map((x) => <Tag key={x}>{enumLabel(t, 'role', x)}</Tag>)}</Space> },
          { title: t('staff.department'), key: 'd', render: (_v, r) => deptName(r.departmentId) },
          { title: t('staff.window'), key: 'w', render: (_v, r) => windowName(r.windowId) },
          { title: t('staff.status'), key: 's', render: (_v, r) => r.locked ? <Tag color="red">{t('staff.locked')}</Tag> : <Tag color="green">{t('staff.active')}</Tag> },
        ]}
      />
      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        title={t('staff.new')}
        size={screens.sm ? 480 : '100%'}
        forceRender
        footer={
          <Space>
            <Button onClick={() => setOpen(false)}>{t('common.cancel')}</Button>
            <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="staff-submit">{t('common.submit')}</Button>
          </Space>
        }
      >
        <ErrorAlert error={error} />
        <Form form={form} layout="vertical" onFinish={submit} initialValues={{ roles: ['window'] }} data-testid="staff-form">
          <Form.Item name="username" label={t('staff.username')}
            rules={[{ required: true, whitespace: true, message: t('staff.req.username') }, { pattern: /^[a-z][a-z0-9_.-]{2,39}$/, message: t('staff.hint.username') }]}>
            <Input data-testid="staff-username" autoComplete="off" />
          </Form.Item>
          <Form.Item name="name" label={t('staff.name')} rules={[{ required: true, whitespace: true, message: t('staff.req.name') }]}>
            <Input data-testid="staff-name" />
          </Form.Item>
          <Form.Item name="roles" label={t('staff.roles')} rules={[{ required: true, type: 'array', min: 1, message: t('staff.req.roles') }]}>
            <Checkbox.Group data-testid="staff-roles">
              {STAFF_ROLES.map((r) => <Checkbox key={r} value={r} data-testid={`staff-role-${r}`}>{enumLabel(t, 'role', r)}</Checkbox>)}
            </Checkbox.Group>
          </Form.Item>
          <Form.Item name="departmentId" label={t('staff.department')}>
            <Select allowClear data-testid="staff-department" showSearch={{ optionFilterProp: 'label' }}
              options={departments.map((d) => ({ value: d.id, label: pick(d.name, d.nameEn) }))}
              onChange={() => form.setFieldValue('windowId', undefined)} />
          </Form.Item>
          <Form.Item name="windowId" label={t('staff.window')}>
            <Select allowClear data-testid="staff-window"
              options={windows.map((w) => ({ value: w.id, label: `${w.name} · ${enumLabel(t, 'windowKind', w.kind)}` }))} />
          </Form.Item>
          <Form.Item name="password" label={t('staff.password')} rules={[{ required: true, message: t('auth.req.password') }, { min: 10, message: t('staff.hint.password') }]} extra={t('staff.hint.password')}>
            <Input.Password data-testid="staff-password" autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Drawer>
    </div>
  );
}
