import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { App, Button, Form, Input, Modal, Pagination, Segmented, Select, Tag } from 'antd';
import { NotificationOutlined } from '@ant-design/icons';
import { useT } from '../i18n';
import { api } from '../api/client';
import { useAuth } from '../api/auth';
import { useGet, useInvalidate } from '../api/query';
import { useTitle } from '../components/useTitle';
import { ErrorAlert } from '../components/ErrorAlert';
import { QueryError } from '../components/QueryError';
import { EmptyBlock } from '../components/ContentView';
import { useFormErrors } from '../components/useFormErrors';
import { formatDateTime } from '../components/labels';
import { IssueNoticeDialog, NoticeCard } from './Notices';
import { supCaseLink } from './SupervisionLayout';
import { FINDING_RULE_KEYS, type Finding, type FindingRule } from './types';

const PAGE_SIZE = 20;

/** Notices queue: the center's supervision notices, open ones first by the server; issue one on a department. */
export function NoticesPage() {
  const { t } = useT();
  useTitle(t('sup.nav.notices'), true);
  const { user } = useAuth();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') === 'answered' ? 'answered' : params.get('status') === 'all' ? 'all' : 'open';
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const list = useGet('/api/supervision/notices', { query: { status: status === 'all' ? undefined : status, page, pageSize: PAGE_SIZE } });
  const invalidate = useInvalidate();
  const [issuing, setIssuing] = useState(false);
  return (
    <div data-testid="sup-notices-page" data-status={status}>
      <div className="ow-page-head">
        <h2>{t('sup.nav.notices')}</h2>
        {user?.roles.includes('supervisor') ? (
          <Button type="primary" icon={<NotificationOutlined />} onClick={() => setIssuing(true)} data-testid="notice-issue-department">{t('notice.issueDept')}</Button>
        ) : null}
      </div>
      <Segmented data-testid="notices-status" value={status} style={{ marginBottom: 12 }} onChange={(v) => setParams({ status: String(v) })}
        options={(['open', 'answered', 'all'] as const).map((s) => ({ value: s, label: <span data-testid={`notices-status-${s}`}>{s === 'all' ? t('common.all') : t(`notice.status.${s}`)}</span> }))} />
      <QueryError of={list} />
      <div data-testid="notices-list" data-total={list.data?.total ?? ''}>
        {!list.isLoading && (list.data?.notices.length ?? 0) === 0 ? <EmptyBlock text={t('notice.empty')} testid="notices-empty" /> : null}
        {(list.data?.notices ?? []).map((n) => <NoticeCard key={n.id} n={n} caseLink={supCaseLink} />)}
      </div>
      {(list.data?.total ?? 0) > PAGE_SIZE ? (
        <Pagination simple current={page} pageSize={PAGE_SIZE} total={list.data?.total ?? 0} style={{ marginTop: 12, textAlign: 'center' }}
          onChange={(p) => setParams({ status, page: String(p) })} />
      ) : null}
      <IssueNoticeDialog open={issuing} onClose={() => setIssuing(false)} onDone={() => { setIssuing(false); void invalidate(['/api/supervision/notices']); }} />
    </div>
  );
}

/** Findings queue (预警纠错): rule, evidence and case; a supervisor confirms or dismisses each with a reason. */
export function FindingsPage() {
  const { t, msg } = useT();
  useTitle(t('sup.nav.findings'), true);
  const { user } = useAuth();
  const [params, setParams] = useSearchParams();
  const status = (['open', 'confirmed', 'dismissed', 'all'] as const).find((s) => s === params.get('status')) ?? 'open';
  const rule = params.get('rule') ?? '';
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const list = useGet('/api/supervision/findings', { query: {
    status: status === 'all' ? undefined : status, rule: (rule || undefined) as FindingRule | undefined, page, pageSize: PAGE_SIZE,
  } });
  const invalidate = useInvalidate();
  const [resolving, setResolving] = useState<{ f: Finding; verdict: 'confirmed' | 'dismissed' } | null>(null);
  const set = (next: Record<string, string>) => setParams(Object.fromEntries(Object.entries({ status, rule, ...next }).filter(([, v]) => v)));
  const canAct = !!user?.roles.includes('supervisor');
  return (
    <div data-testid="sup-findings-page" data-status={status}>
      <div className="ow-page-head"><h2>{t('sup.nav.findings')}</h2></div>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 12 }}>
        <Segmented data-testid="findings-status" value={status} onChange={(v) => set({ status: String(v), page: '' })}
          options={(['open', 'confirmed', 'dismissed', 'all'] as const).map((s) => ({ value: s, label: <span data-testid={`findings-status-${s}`}>{s === 'all' ? t('common.all') : t(`finding.status.${s}`)}</span> }))} />
        <Select aria-label={t('finding.ruleFilter')} data-testid="findings-rule" value={rule} style={{ minWidth: 200 }} onChange={(v) => set({ rule: v, page: '' })} popupMatchSelectWidth={false}
          options={[{ value: '', label: t('finding.allRules') }, ...FINDING_RULE_KEYS.map((r) => ({ value: r, label: t(`finding.rule.${r}`) }))]} />
      </div>
      <QueryError of={list} />
      <div data-testid="findings-list" data-total={list.data?.total ?? ''}>
        {!list.isLoading && (list.data?.findings.length ?? 0) === 0 ? <EmptyBlock text={t('finding.empty')} testid="findings-empty" /> : null}
        {(list.data?.findings ?? []).map((f) => (
          <div key={f.id} className="ow-material-card" data-testid="finding-row" data-finding-id={f.id} data-rule={f.rule} data-status={f.status} data-case-id={f.caseId}>
            <div className="ow-material-card-title" style={{ justifyContent: 'space-between', flexWrap: 'wrap', gap: 6 }}>
              <strong>{msg(f.title)}</strong>
              <Tag color={f.status === 'open' ? 'orange' : f.status === 'confirmed' ? 'red' : 'default'} data-testid="finding-status">{t(`finding.status.${f.status}`)}</Tag>
            </div>
            <div className="ow-muted" style={{ fontSize: 13 }}>
              {f.departmentName} · <Link to={supCaseLink(f.caseId)} data-testid="finding-case-link">{f.receiptNo ?? t('case.noReceipt')}</Link> · {formatDateTime(f.raisedAt)}
              {f.responsible ? <span data-testid="finding-responsible"> · {t('finding.responsible')}: {f.responsible.name}</span> : null}
            </div>
            <details style={{ margin: '6px 0' }} data-testid="finding-evidence">
              <summary>{t('finding.evidence')}</summary>
              <dl className="ow-evidence">
                {Object.entries(f.evidence).map(([k, v]) => (
                  <div key={k}><dt>{k}</dt><dd>{typeof v === 'object' ? JSON.stringify(v) : String(v)}</dd></div>
                ))}
              </dl>
            </details>
            {f.resolution ? <div data-testid="finding-resolution"><span className="ow-muted">{t('finding.reason')}: </span>{f.resolution} <span className="ow-muted">· {formatDateTime(f.resolvedAt)}</span></div> : null}
            {f.status === 'open' && canAct ? (
              <div style={{ display: 'flex', gap: 8, marginTop: 6 }}>
                <Button size="small" danger onClick={() => setResolving({ f, verdict: 'confirmed' })} data-testid="finding-confirm">{t('finding.confirm')}</Button>
                <Button size="small" onClick={() => setResolving({ f, verdict: 'dismissed' })} data-testid="finding-dismiss">{t('finding.dismiss')}</Button>
              </div>
            ) : null}
          </div>
        ))}
      </div>
      {(list.data?.total ?? 0) > PAGE_SIZE ? (
        <Pagination simple current={page} pageSize={PAGE_SIZE} total={list.data?.total ?? 0} style={{ marginTop: 12, textAlign: 'center' }}
          onChange={(p) => set({ page: String(p) })} />
      ) : null}
      <ResolveDialog target={resolving} onClose={() => setResolving(null)} onDone={() => { setResolving(null); void invalidate(['/api/supervision/findings', '/api/supervision/board']); }} />
    </div>
  );
}

function ResolveDialog({ target, onClose, onDone }: { target: { f: Finding; verdict: 'confirmed' | 'dismissed' } | null; onClose: () => void; onDone: () => void }) {
  const { t } = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const { error, setError } = useFormErrors(form);
  const [busy, setBusy] = useState(false);
  const submit = async (v: { reason: string }) => {
    if (!target) return;
    setBusy(true);
    setError(null);
    try {
      await api.post('/api/supervision/findings/{id}/resolve', { params: { path: { id: target.f.id } }, body: { verdict: target.verdict, reason: v.reason } });
      message.success(t('finding.resolved'));
      form.resetFields();
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={!!target} onCancel={onClose} footer={null} destroyOnHidden
      title={target ? (target.verdict === 'confirmed' ? t('finding.confirm') : t('finding.dismiss')) : ''}>
      <Form form={form} layout="vertical" onFinish={submit} data-testid="finding-form" data-verdict={target?.verdict}>
        <ErrorAlert error={error} />
        <Form.Item name="reason" label={t('finding.reason')} rules={[{ required: true, min: 2, message: t('finding.req.reason') }]}>
          <Input.TextArea rows={3} maxLength={2000} data-testid="finding-reason" />
        </Form.Item>
        <div style={{ display: 'flex', justifyContent: 'flex-end', gap: 8 }}>
          <Button onClick={onClose} data-testid="finding-cancel">{t('common.cancel')}</Button>
          <Button type="primary" danger={target?.verdict === 'confirmed'} htmlType="submit" loading={busy} data-testid="finding-submit">{t('common.confirm')}</Button>
        </div>
      </Form>
    </Modal>
  );
}
