import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { App, Button, Form, Input, Modal, Select, Tag } from 'antd';
import { ThunderboltOutlined } from '@ant-design/icons';
import { useT } from '../../i18n';
import { api } from '../../api/client';
import { isManager, useAuth } from '../../api/auth';
import { useGet } from '../../api/query';
import type { CaseAnswer, CaseDetail } from '../../api/models';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFormErrors } from '../../components/useFormErrors';
import { enumLabel } from '../../components/labels';

const KIND_COLORS: Record<string, string> = { joint: 'magenta', part: 'purple', upper: 'geekblue' };
const CLOSED = new Set(['refused', 'delivered', 'withdrawn', 'terminated']);

/** The staff of the manager's center, for naming a coordinator (managers only: GET /api/admin/staff). */
function useCenterStaff(enabled: boolean) {
  return useGet('/api/admin/staff', { query: { pageSize: 100 } }, { enabled });
}

/**
 * What kind of case this is and where it belongs: 联办件 / 联办子件 (with its parent) / 上报件, and the
 * green-channel mark with its coordinator; managers mark and unmark the green channel here.
 */
export function CaseKindBar({ c, onChanged, readOnly, linkBase = '/workbench/cases' }: {
  c: CaseDetail;
  onChanged?: (updated: CaseDetail | null) => void;
  /** The supervision center shows the marks without the manager's buttons. */
  readOnly?: boolean;
  linkBase?: string;
}) {
  const { t, pick } = useT();
  const { user } = useAuth();
  const manager = isManager(user) && !readOnly;
  const staff = useCenterStaff(manager && !!c.green?.coordinatorId);
  const [dialog, setDialog] = useState<'mark' | 'unmark' | null>(null);
  const canMark = manager && !c.green && !CLOSED.has(c.status);
  const canUnmark = manager && !!c.green;
  if (c.kind === 'single' && !c.green && !canMark) return null;

  const coordinator = c.green?.coordinatorName
    ?? staff.data?.staff.find((s) => s.id === c.green?.coordinatorId)?.name
    ?? (!c.green?.coordinatorId ? t('sj.green.noCoordinator') : c.green.coordinatorId === user?.id ? user.name : manager && staff.isLoading ? '…' : t('sj.green.named'));
  const parent = c.parent;

  return (
    <div className="ow-section" data-testid="case-kind-bar" data-kind={c.kind} data-green={c.green ? 'true' : 'false'}
      style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center', justifyContent: 'space-between' }}>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', minWidth: 0 }}>
        {c.kind !== 'single' ? (
          <Tag color={KIND_COLORS[c.kind]} data-testid="case-kind" data-kind={c.kind} style={{ marginInlineEnd: 0 }}>{enumLabel(t, 'caseKind', c.kind)}</Tag>
        ) : null}
        {parent ? (
          <span style={{ minWidth: 0, wordBreak: 'break-word' }}>
            <span className="ow-muted">{c.kind === 'upper' ? t('sj.parentReported') : t('sj.parentJoint')}：</span>
            <Link to={`${linkBase}/${encodeURIComponent(parent.id)}`} data-testid="case-parent-link" data-case-id={parent.id}>
              {pick(parent.itemName, parent.itemNameEn)}{parent.receiptNo ? ` · ${parent.receiptNo}` : ''}
            </Link>
          </span>
        ) : null}
        {c.green ? (
          <span data-testid="case-green" style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 6, alignItems: 'center' }}>
            <Tag color="green" icon={<ThunderboltOutlined />} data-testid="case-green-tag" style={{ marginInlineEnd: 0 }}>{t('sj.green.tag')}</Tag>
            <span><span className="ow-muted">{t('sj.green.coordinator')}：</span><span data-testid="case-green-coordinator" data-id={c.green.coordinatorId ?? ''}>{coordinator}</span></span>
            {c.green.reason ? <span className="ow-muted" style={{ wordBreak: 'break-word' }} data-testid="case-green-reason">· {c.green.reason}</span> : null}
          </span>
        ) : null}
      </div>
      {canMark || canUnmark ? (
        <div style={{ display: 'flex', gap: 8 }}>
          {canMark ? <Button icon={<ThunderboltOutlined />} onClick={() => setDialog('mark')} data-testid="green-mark">{t('sj.green.mark')}</Button> : null}
          {canUnmark ? <Button onClick={() => setDialog('unmark')} data-testid="green-unmark">{t('sj.green.unmark')}</Button> : null}
        </div>
      ) : null}
      {manager ? <GreenDialog c={c} mode={dialog} onClose={() => setDialog(null)} onDone={(u) => { setDialog(null); onChanged?.(u); }} /> : null}
    </div>
  );
}

interface GreenValues { coordinatorId?: string; reason?: string }

/** Mark (coordinator + reason) or unmark (reason) the green channel: POST / DELETE /api/cases/:id/green. */
function GreenDialog({ c, mode, onClose, onDone }: {
  c: CaseDetail;
  mode: 'mark' | 'unmark' | null;
  onClose: () => void;
  onDone: (updated: CaseDetail | null) => void;
}) {
  const { t } = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<GreenValues>();
  const { error, setError } = useFormErrors(form);
  const [busy, setBusy] = useState(false);
  const staff = useCenterStaff(mode === 'mark');
  useEffect(() => {
    if (!mode) return;
    form.resetFields();
    setError(null);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [mode]);

  const submit = async () => {
    if (busy || !mode) return;
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    setError(null);
    try {
      const params = { path: { id: c.id } };
      const res = mode === 'mark'
        ? await api.post('/api/cases/{id}/green', { params, body: { coordinatorId: v.coordinatorId ?? '', reason: (v.reason ?? '').trim() } })
        : await api.del('/api/cases/{id}/green', { params, body: { reason: (v.reason ?? '').trim() } });
      message.success(mode === 'mark' ? t('sj.green.marked') : t('sj.green.unmarked'));
      onDone(res && typeof res === 'object' && 'case' in res ? (res as CaseAnswer).case : null);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const options = (staff.data?.staff ?? []).filter((s) => !s.locked).map((s) => ({
    value: s.id,
    label: `${s.name}（${s.roles.map((r) => enumLabel(t, 'role', r)).join(t('common.listSep'))}）`,
    username: s.username,
  }));
  return (
    <Modal
      open={!!mode}
      forceRender
      title={mode === 'unmark' ? t('sj.green.unmark') : t('sj.green.mark')}
      onCancel={onClose}
      footer={[
        <Button key="c" onClick={onClose} data-testid="green-cancel">{t('common.cancel')}</Button>,
        <Button key="s" type="primary" danger={mode === 'unmark'} loading={busy} disabled={busy} onClick={submit} data-testid="green-submit">
          {mode === 'unmark' ? t('sj.green.unmark') : t('sj.green.mark')}
        </Button>,
      ]}
    >
      <Form form={form} layout="vertical" data-testid="green-form" data-mode={mode ?? ''} onFinish={submit}>
        {mode === 'mark' ? <p className="ow-muted" style={{ marginTop: 0 }}>{t('sj.green.markHint')}</p> : null}
        <ErrorAlert error={error ?? staff.error} />
        {mode === 'mark' ? (
          <Form.Item name="coordinatorId" label={t('sj.green.coordinator')} rules={[{ required: true, message: t('sj.green.reqCoordinator') }]}>
            <Select
              data-testid="green-coordinator"
              loading={staff.isLoading}
              placeholder={t('sj.green.coordinatorPh')}
              showSearch={{ optionFilterProp: 'label' }}
              options={options}
              optionRender={(o) => <span data-username={o.data.username}>{o.label}</span>}
            />
          </Form.Item>
        ) : null}
        <Form.Item name="reason" label={mode === 'unmark' ? t('sj.green.unmarkReason') : t('sj.green.reason')}
          rules={[{ required: true, whitespace: true, message: t('af.req') }, { min: 2, message: t('af.req') }, { max: 500, message: t('editor.maxLen', { n: 500 }) }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} placeholder={mode === 'mark' ? t('sj.green.reasonPh') : undefined} data-testid="green-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
