import { useEffect, useState } from 'react';
import { App, Button, DatePicker, Form, Input, Modal, Radio, Select, Space, Table, Tag } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useT } from '../../i18n';
import { useAuth } from '../../api/auth';
import { api, toApiError, type ApiError, type ResponseOf } from '../../api/client';
import { useGet, useInvalidate } from '../../api/query';
import { useTitle } from '../../components/useTitle';
import { ErrorAlert } from '../../components/ErrorAlert';
import { QueryError } from '../../components/QueryError';
import { EmptyBlock } from '../../components/ContentView';

type Seal = ResponseOf<'/api/public/seals'>['items'][number];
type SealRequest = ResponseOf<'/api/seals/requests'>['items'][number];
interface RequestValues { departmentId: string; kind: 'create' | 'rotate'; reason: string; validFrom?: Dayjs; validTo?: Dayjs }

const QUERY_KEYS = ['/api/public/seals', '/api/seals/requests'] as const;

/** SHA-256 of the public key's bytes, shown grouped: what a relying party compares against the published key. */
function useFingerprint(publicKeyHex: string | undefined): string {
  const [fp, setFp] = useState('');
  useEffect(() => {
    let live = true;
    if (!publicKeyHex) return;
    // crypto.subtle exists only in a secure context; elsewhere the key's first bytes stand in.
    if (!globalThis.crypto?.subtle) { setFp(`${publicKeyHex.slice(0, 32)}…`); return; }
    const bytes = new Uint8Array((publicKeyHex.match(/../g) ?? []).map((h) => parseInt(h, 16)));
    void crypto.subtle.digest('SHA-256', bytes).then((d) => {
      if (live) setFp(Array.from(new Uint8Array(d), (b) => b.toString(16).padStart(2, '0')).join('').toUpperCase().match(/.{4}/g)!.join(' '));
    });
    return () => { live = false; };
  }, [publicKeyHex]);
  return fp;
}

function Fingerprint({ seal }: { seal: Seal }) {
  const key = seal.keys.find((k) => k.version === seal.currentVersion);
  const fp = useFingerprint(key?.publicKey);
  return <code style={{ fontSize: 12, overflowWrap: 'anywhere', display: 'inline-block', maxWidth: 280 }} data-testid="seal-fingerprint">{fp}</code>;
}

/**
 * The center's e-seals for its managers: each seal with its current key version and the public key's
 * fingerprint; a request to create a department's seal or rotate its key; and the requests waiting
 * for a decision. Four eyes: a request is decided by another manager of the center, never its author.
 */
export default function SealsPage() {
  const { t, pick } = useT();
  useTitle(t('seal.admin.title'), true);
  const { message } = App.useApp();
  const { user } = useAuth();
  const invalidate = useInvalidate();
  const seals = useGet('/api/public/seals', { query: { centerId: user?.centerId ?? undefined, page: 1, pageSize: 100 } }, { enabled: Boolean(user?.centerId) });
  const requests = useGet('/api/seals/requests', { query: { page: 1, pageSize: 50 } });
  const org = useGet('/api/admin/org');
  const departments = (org.data?.departments ?? []).filter((d) => d.centerId === user?.centerId);
  const [form] = Form.useForm<RequestValues>();
  const kind = Form.useWatch('kind', form);
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [deciding, setDeciding] = useState<{ req: SealRequest; approve: boolean } | null>(null);
  const [decisionReason, setDecisionReason] = useState('');
  const [decisionError, setDecisionError] = useState<ApiError | null>(null);

  const sealOf = (departmentId: string) => (seals.data?.items ?? []).find((s) => s.departmentId === departmentId);
  const openRequest = (departmentId?: string) => {
    setError(null);
    form.resetFields();
    form.setFieldsValue({ departmentId, kind: departmentId && sealOf(departmentId) ? 'rotate' : 'create' });
    setAsking(true);
  };
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    setError(null);
    try {
      await api.post('/api/seals/requests', {
        body: {
          departmentId: v.departmentId, kind: v.kind, reason: v.reason,
          validFrom: v.kind === 'create' ? v.validFrom?.format('YYYY-MM-DD') : undefined, validTo: v.validTo?.format('YYYY-MM-DD'),
        },
      });
      message.success(t('seal.admin.requested'));
      setAsking(false);
      void invalidate(QUERY_KEYS);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };
  const decide = async () => {
    if (!deciding) return;
    setBusy(true);
    setDecisionError(null);
    try {
      await api.post('/api/seals/requests/{id}/decision', { params: { path: { id: deciding.req.id } }, body: { approve: deciding.approve, reason: decisionReason.trim() || undefined } });
      message.success(deciding.approve ? t('seal.admin.approved') : t('seal.admin.refused'));
      setDeciding(null);
      void invalidate(QUERY_KEYS);
    } catch (e) {
      setDecisionError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  const pending = (requests.data?.items ?? []).filter((r) => r.status === 'pending');
  // The ten latest decisions: enough to see what just happened; the audit log keeps them all.
  const decided = (requests.data?.items ?? []).filter((r) => r.status !== 'pending').slice(0, 10);
  const kindLabel = (k: 'create' | 'rotate') => t(`seal.admin.kind.${k}`);

  return (
    <div data-testid="seals-page">
      <div className="ow-page-head">
        <h2>{t('seal.admin.title')}</h2>
        <Button type="primary" icon={<SafetyCertificateOutlined />} onClick={() => openRequest()} data-testid="seal-request-new">{t('seal.admin.request')}</Button>
      </div>
      <p className="ow-muted">{t('seal.admin.intro')}</p>
      <QueryError of={seals} />
      <Table<Seal>
        rowKey="id" size="middle" loading={seals.isLoading} dataSource={seals.data?.items ?? []} scroll={{ x: 'max-content' }} pagination={false}
        locale={{ emptyText: seals.isLoading ? ' ' : <EmptyBlock text={t('seal.admin.empty')} testid="seals-empty" /> }}
        onRow={(r) => ({ 'data-testid': 'seal-row', 'data-department-id': r.departmentId, 'data-version': r.currentVersion }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('seal.admin.name'), key: 'name', render: (_v, r) => r.name },
          { title: t('seal.admin.holder'), key: 'holder', render: (_v, r) => <>{r.holderName}<div className="ow-muted" style={{ fontSize: 12 }}>{r.holderCreditCode}</div></> },
          { title: t('seal.admin.code'), key: 'code', render: (_v, r) => <span style={{ fontFamily: 'monospace' }}>{r.code}</span> },
          {
            title: t('seal.admin.validity'), key: 'validity', render: (_v, r) => (
              <>{r.validFrom} – {r.validTo} {r.validNow ? null : <Tag color="red">{t('seal.admin.notValidNow')}</Tag>}</>
            ),
          },
          { title: t('seal.admin.version'), key: 'version', render: (_v, r) => <span data-testid="seal-version">v{r.currentVersion}</span> },
          { title: t('seal.admin.fingerprint'), key: 'fp', render: (_v, r) => <Fingerprint seal={r} /> },
          {
            title: t('licence.wb.actions'), key: 'actions', render: (_v, r) => (
              <Button size="small" onClick={() => openRequest(r.departmentId)} data-testid="seal-rotate">{t('seal.admin.rotate')}</Button>
            ),
          },
        ]}
      />

      <h3 style={{ marginTop: 24 }}>{t('seal.admin.pending')}</h3>
      <QueryError of={requests} />
      <Table<SealRequest>
        rowKey="id" size="middle" loading={requests.isLoading} dataSource={pending} scroll={{ x: 'max-content' }} pagination={false}
        locale={{ emptyText: requests.isLoading ? ' ' : <EmptyBlock text={t('seal.admin.noPending')} testid="seal-requests-empty" /> }}
        onRow={(r) => ({ 'data-testid': 'seal-request-row', 'data-request-id': r.id, 'data-department-id': r.departmentId }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('seal.admin.department'), key: 'dept', render: (_v, r) => r.departmentName },
          { title: t('seal.admin.kind'), key: 'kind', render: (_v, r) => <Tag>{kindLabel(r.kind)}</Tag> },
          { title: t('seal.admin.reason'), key: 'reason', render: (_v, r) => <span style={{ overflowWrap: 'anywhere' }}>{r.reason}</span> },
          { title: t('seal.admin.requestedBy'), key: 'by', render: (_v, r) => <>{r.requestedByName}<div className="ow-muted" style={{ fontSize: 12 }}>{new Date(r.requestedAt).toLocaleString()}</div></> },
          {
            title: t('licence.wb.actions'), key: 'actions', render: (_v, r) => (r.requestedBy === user?.id
              ? <Tag color="gold" data-testid="seal-request-own">{t('seal.admin.waitingOther')}</Tag>
              : (
                <Space wrap>
                  <Button size="small" type="primary" onClick={() => { setDecisionReason(''); setDecisionError(null); setDeciding({ req: r, approve: true }); }} data-testid="seal-request-approve">{t('seal.admin.approve')}</Button>
                  <Button size="small" danger onClick={() => { setDecisionReason(''); setDecisionError(null); setDeciding({ req: r, approve: false }); }} data-testid="seal-request-refuse">{t('seal.admin.refuse')}</Button>
                </Space>
              )),
          },
        ]}
      />

      {decided.length > 0 && (
        <>
          <h3 style={{ marginTop: 24 }}>{t('seal.admin.decided')}</h3>
          <Table<SealRequest>
            rowKey="id" size="small" dataSource={decided} scroll={{ x: 'max-content' }} pagination={false}
            columns={[
              { title: t('seal.admin.department'), key: 'dept', render: (_v, r) => r.departmentName },
              { title: t('seal.admin.kind'), key: 'kind', render: (_v, r) => kindLabel(r.kind) },
              { title: t('seal.admin.requestedBy'), key: 'by', render: (_v, r) => r.requestedByName },
              { title: t('seal.admin.outcome'), key: 'status', render: (_v, r) => <Tag color={r.status === 'approved' ? 'green' : 'red'}>{(r.status === 'approved' ? t('seal.admin.status.approved') : t('seal.admin.status.rejected'))}</Tag> },
              { title: t('seal.admin.decisionReason'), key: 'why', render: (_v, r) => r.decisionReason ?? '' },
            ]}
          />
        </>
      )}

      <Modal
        title={t('seal.admin.request')} open={asking} onCancel={() => setAsking(false)} onOk={() => void submit()} confirmLoading={busy} destroyOnHidden
        okText={t('seal.admin.submit')} okButtonProps={{ 'data-testid': 'seal-request-submit' } as Record<string, string>}
      >
        <ErrorAlert error={error} />
        <Form form={form} layout="vertical">
          <Form.Item name="departmentId" label={t('seal.admin.department')} rules={[{ required: true }]}>
            <Select
              showSearch optionFilterProp="label" aria-label={t('seal.admin.department')} data-testid="seal-request-department"
              options={departments.map((d) => ({ value: d.id, label: pick(d.name, d.nameEn) }))}
              onChange={(id: string) => form.setFieldValue('kind', sealOf(id) ? 'rotate' : 'create')}
            />
          </Form.Item>
          <Form.Item name="kind" label={t('seal.admin.kind')} rules={[{ required: true }]}>
            <Radio.Group aria-label={t('seal.admin.kind')} options={(['create', 'rotate'] as const).map((k) => ({ value: k, label: kindLabel(k) }))} />
          </Form.Item>
          <Form.Item name="reason" label={t('seal.admin.reason')} rules={[{ required: true, min: 2, max: 500 }]}>
            <Input.TextArea rows={2} data-testid="seal-request-reason" />
          </Form.Item>
          <Space wrap align="start">
            {kind === 'create' && (
              <Form.Item name="validFrom" label={t('seal.admin.validFrom')} rules={[{ required: true }]}><DatePicker aria-label={t('seal.admin.validFrom')} /></Form.Item>
            )}
            <Form.Item name="validTo" label={kind === 'create' ? t('seal.admin.validTo') : t('seal.admin.newValidTo')} rules={[{ required: kind === 'create' }]}>
              <DatePicker aria-label={t('seal.admin.validTo')} />
            </Form.Item>
          </Space>
        </Form>
      </Modal>

      <Modal
        title={deciding?.approve ? t('seal.admin.approve') : t('seal.admin.refuse')} open={deciding !== null} onCancel={() => setDeciding(null)} onOk={() => void decide()}
        confirmLoading={busy} destroyOnHidden okButtonProps={{ danger: deciding?.approve === false, ...({ 'data-testid': 'seal-decision-ok' } as Record<string, string>) }}
      >
        <ErrorAlert error={decisionError} />
        {deciding && <p>{deciding.req.departmentName} · {kindLabel(deciding.req.kind)} · {deciding.req.reason}</p>}
        <label htmlFor="seal-decision-reason">{t('seal.admin.decisionReason')}</label>
        <Input.TextArea id="seal-decision-reason" rows={2} maxLength={500} value={decisionReason} onChange={(e) => setDecisionReason(e.target.value)} data-testid="seal-decision-reason" />
      </Modal>
    </div>
  );
}
