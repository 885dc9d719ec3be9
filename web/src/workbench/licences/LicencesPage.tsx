import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { App, Button, Form, Input, Modal, Segmented, Space, Table, Tabs, Tag } from 'antd';
import { useT } from '../../i18n';
import { useAuth } from '../../api/auth';
import { api, toApiError, type ApiError, type ResponseOf } from '../../api/client';
import { useGet, useInvalidate } from '../../api/query';
import { useTitle } from '../../components/useTitle';
import { ErrorAlert } from '../../components/ErrorAlert';
import { QueryError } from '../../components/QueryError';
import { EmptyBlock } from '../../components/ContentView';
import { enumLabel, formatDateTime } from '../../components/labels';

type Licence = ResponseOf<'/api/licences/department'>['licences'][number];
type Application = ResponseOf<'/api/licence-applications'>['applications'][number];
type LicenceAction = 'revoke' | 'suspend' | 'reinstate';
const STATUSES = ['all', 'valid', 'suspended', 'revoked', 'expired', 'cancelled'] as const;
const STATUS_COLOR: Record<string, string> = { valid: 'green', suspended: 'gold', revoked: 'red', expired: 'default', cancelled: 'default' };

export function LicenceStatusTag({ status }: { status: string }) {
  const { t } = useT();
  return <Tag color={STATUS_COLOR[status] ?? 'default'} data-status={status}>{enumLabel(t, 'licence.status', status)}</Tag>;
}

/** What the chief may do with a licence in this status (the server's lifecycle table decides; this only offers the buttons). */
const ACTIONS_BY_STATUS: Record<string, LicenceAction[]> = { valid: ['suspend', 'revoke'], suspended: ['reinstate', 'revoke'] };

/**
 * The department's e-licences (approvers and chiefs) and, for the chief, the holders' applications
 * (change 变更, renewal 延续, cancellation 注销) waiting for a decision. The chief revokes (撤销),
 * suspends and reinstates a licence with a reason.
 */
export default function LicencesPage() {
  const { t } = useT();
  useTitle(t('licence.wb.title'), true);
  const { user } = useAuth();
  const isChief = user?.roles.includes('chief') ?? false;
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'applications' && isChief ? 'applications' : 'issued';
  return (
    <div data-testid="licences-page">
      <div className="ow-page-head"><h2>{t('licence.wb.title')}</h2></div>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams({ tab: k })}
        items={[
          { key: 'issued', label: t('licence.wb.issued'), children: <IssuedLicences isChief={isChief} /> },
          ...(isChief ? [{ key: 'applications', label: t('licence.wb.applications'), children: <ApplicationQueue /> }] : []),
        ]}
      />
    </div>
  );
}

function ReasonModal({ title, open, onCancel, onSubmit, busy, error, testid }: { title: string; open: boolean; onCancel: () => void; onSubmit: (reason: string) => void; busy: boolean; error: ApiError | null; testid: string }) {
  const { t } = useT();
  const [form] = Form.useForm<{ reason: string }>();
  return (
    <Modal
      title={title} open={open} onCancel={onCancel} confirmLoading={busy} destroyOnHidden okButtonProps={{ 'data-testid': `${testid}-ok` } as Record<string, string>}
      onOk={async () => { const v = await form.validateFields().catch(() => null); if (v) onSubmit(v.reason.trim()); }}
    >
      <ErrorAlert error={error} />
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="reason" label={t('licence.wb.reason')} rules={[{ required: true, min: 2, whitespace: true, message: t('licence.wb.reasonRequired') }]}>
          <Input.TextArea rows={3} maxLength={500} data-testid={`${testid}-reason`} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function IssuedLicences({ isChief }: { isChief: boolean }) {
  const { t, pick } = useT();
  const { message } = App.useApp();
  const [status, setStatus] = useState<(typeof STATUSES)[number]>('all');
  const [page, setPage] = useState(1);
  const pageSize = 20;
  const list = useGet('/api/licences/department', { query: { page, pageSize, ...(status === 'all' ? {} : { status }) } });
  const invalidate = useInvalidate();
  const [acting, setActing] = useState<{ licence: Licence; action: LicenceAction } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const submit = async (reason: string) => {
    if (!acting) return;
    setBusy(true);
    setError(null);
    try {
      const path = `/api/licences/{id}/${acting.action}` as '/api/licences/{id}/revoke';
      await api.post(path, { params: { path: { id: acting.licence.id } }, body: { reason } });
      message.success(t('licence.wb.done'));
      setActing(null);
      void invalidate(['/api/licences/department', '/api/licences/{id}']);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };
  const rows = list.data?.licences ?? [];
  return (
    <section data-testid="licences-issued">
      <Segmented
        value={status} onChange={(v) => { setStatus(v as typeof status); setPage(1); }} style={{ marginBottom: 12, maxWidth: '100%', overflowX: 'auto' }}
        options={STATUSES.map((s) => ({ value: s, label: s === 'all' ? t('licence.wb.all') : enumLabel(t, 'licence.status', s) }))} data-testid="licences-status-filter"
      />
      <QueryError of={list} />
      <Table<Licence>
        rowKey="id" size="middle" loading={list.isLoading} dataSource={rows} scroll={{ x: 'max-content' }} data-testid="licences-table"
        locale={{ emptyText: list.isLoading ? ' ' : <EmptyBlock text={t('licence.wb.empty')} testid="licences-empty" /> }}
        onRow={(r) => ({ 'data-testid': 'licence-row', 'data-licence-id': r.id }) as React.HTMLAttributes<HTMLElement>}
        pagination={{ current: page, pageSize, total: list.data?.total ?? 0, onChange: setPage, showTotal: (n) => t('common.total', { n }) }}
        columns={[
          { title: t('licence.field.licenceNo'), key: 'no', render: (_v, r) => <span style={{ fontFamily: 'monospace' }}>{r.licenceNo}</span> },
          { title: t('licence.field.type'), key: 'type', render: (_v, r) => pick(r.typeName, r.typeNameEn) },
          { title: t('licence.field.holder'), key: 'holder', render: (_v, r) => r.holderName },
          { title: t('licence.field.issueDate'), dataIndex: 'issueDate' },
          { title: t('licence.field.validTo'), key: 'validTo', render: (_v, r) => r.validTo ?? t('licence.longTerm') },
          { title: t('licence.field.version'), dataIndex: 'version' },
          { title: t('licence.field.status'), key: 'status', render: (_v, r) => <LicenceStatusTag status={r.status} /> },
          { title: t('licence.field.file'), key: 'file', render: (_v, r) => <a href={`/api/licences/${r.id}/pdf`} data-testid="licence-pdf">{t('licence.wb.download')}</a> },
          ...(isChief ? [{
            title: t('licence.wb.actions'), key: 'actions', render: (_v: unknown, r: Licence) => (
              <Space wrap>
                {(ACTIONS_BY_STATUS[r.status] ?? []).map((a) => (
                  <Button key={a} size="small" danger={a === 'revoke'} onClick={() => { setError(null); setActing({ licence: r, action: a }); }} data-testid={`licence-${a}`}>{enumLabel(t, 'licence.action', a)}</Button>
                ))}
              </Space>
            ),
          }] : []),
        ]}
      />
      <ReasonModal
        title={acting ? `${enumLabel(t, 'licence.action', acting.action)} · ${acting.licence.licenceNo}` : ''} open={acting !== null} onCancel={() => setActing(null)}
        onSubmit={(r) => void submit(r)} busy={busy} error={error} testid="licence-action"
      />
    </section>
  );
}

function ApplicationQueue() {
  const { t, pick } = useT();
  const { message } = App.useApp();
  const [status, setStatus] = useState<'requested' | 'granted' | 'refused'>('requested');
  const [page, setPage] = useState(1);
  const pageSize = 20;
  const list = useGet('/api/licence-applications', { query: { status, page, pageSize } });
  const invalidate = useInvalidate();
  const [deciding, setDeciding] = useState<{ app: Application; approve: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const submit = async (reason: string) => {
    if (!deciding) return;
    setBusy(true);
    setError(null);
    try {
      await api.post('/api/licence-applications/{id}/decision', { params: { path: { id: deciding.app.id } }, body: { approve: deciding.approve, reason } });
      message.success(t('licence.wb.done'));
      setDeciding(null);
      void invalidate(['/api/licence-applications', '/api/licences/department', '/api/licences/{id}']);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };
  const changes = (a: Application) => Object.entries(a.changes).map(([k, v]) => `${k}: ${v}`).join('; ');
  return (
    <section data-testid="licence-applications">
      <p className="ow-muted">{t('licence.wb.applicationsIntro')}</p>
      <Segmented
        value={status} onChange={(v) => { setStatus(v as typeof status); setPage(1); }} style={{ marginBottom: 12 }}
        options={(['requested', 'granted', 'refused'] as const).map((s) => ({ value: s, label: enumLabel(t, 'licence.application.status', s) }))}
      />
      <QueryError of={list} />
      <Table<Application>
        rowKey="id" size="middle" loading={list.isLoading} dataSource={list.data?.applications ?? []} scroll={{ x: 'max-content' }} data-testid="licence-applications-table"
        locale={{ emptyText: list.isLoading ? ' ' : <EmptyBlock text={t('licence.wb.applicationsEmpty')} testid="licence-applications-empty" /> }}
        onRow={(r) => ({ 'data-testid': 'licence-application-row', 'data-application-id': r.id }) as React.HTMLAttributes<HTMLElement>}
        pagination={{ current: page, pageSize, total: list.data?.total ?? 0, onChange: setPage, showTotal: (n) => t('common.total', { n }) }}
        columns={[
          { title: t('licence.wb.appliedAt'), key: 'at', render: (_v, r) => formatDateTime(r.createdAt) },
          { title: t('licence.application.kind'), key: 'kind', render: (_v, r) => enumLabel(t, 'licence.application.kind', r.kind) },
          { title: t('licence.field.licenceNo'), key: 'no', render: (_v, r) => r.licence.licenceNo },
          { title: t('licence.field.type'), key: 'type', render: (_v, r) => pick(r.licence.typeName, r.licence.typeNameEn) },
          { title: t('licence.field.holder'), key: 'holder', render: (_v, r) => r.licence.holderName },
          { title: t('licence.wb.reason'), key: 'reason', render: (_v, r) => <span style={{ overflowWrap: 'anywhere' }}>{r.reason}{r.kind === 'change' ? ` (${changes(r)})` : ''}</span> },
          { title: t('licence.field.status'), key: 'status', render: (_v, r) => <LicenceStatusTag status={r.licence.status} /> },
          ...(status === 'requested' ? [{
            title: t('licence.wb.actions'), key: 'decide', render: (_v: unknown, r: Application) => (
              <Space wrap>
                <Button size="small" type="primary" onClick={() => { setError(null); setDeciding({ app: r, approve: true }); }} data-testid="licence-application-grant">{t('licence.wb.grant')}</Button>
                <Button size="small" onClick={() => { setError(null); setDeciding({ app: r, approve: false }); }} data-testid="licence-application-refuse">{t('licence.wb.refuse')}</Button>
              </Space>
            ),
          }] : [{ title: t('licence.wb.decision'), key: 'decision', render: (_v: unknown, r: Application) => r.decisionReason ?? '' }]),
        ]}
      />
      <ReasonModal
        title={deciding ? (deciding.approve ? t('licence.wb.grant') : t('licence.wb.refuse')) : ''} open={deciding !== null} onCancel={() => setDeciding(null)}
        onSubmit={(r) => void submit(r)} busy={busy} error={error} testid="licence-application-decision"
      />
    </section>
  );
}
