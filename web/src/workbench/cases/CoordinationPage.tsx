import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { App, Button, Form, Input, Modal, Pagination, Skeleton, Tag } from 'antd';
import { MessageOutlined } from '@ant-design/icons';
import { useT } from '../../i18n';
import { api } from '../../api/client';
import { useAuth } from '../../api/auth';
import { useGet } from '../../api/query';
import type { CaseSummary, CoordinationCase } from '../../api/models';
import { useTitle } from '../../components/useTitle';
import { ErrorAlert } from '../../components/ErrorAlert';
import { QueryError } from '../../components/QueryError';
import { EmptyBlock } from '../../components/ContentView';
import { Forbidden } from '../../components/StatusPages';
import { useFormErrors } from '../../components/useFormErrors';
import { formatDate } from '../../components/labels';
import { CaseLightBadge, CaseStatusTag, SuspendedTag } from '../../components/cases/CaseBits';

const PAGE_SIZE = 20;
const caseLink = (id: string) => `/workbench/cases/${encodeURIComponent(id)}`;

/** 牵头协调: the open joint cases the user's department leads, each part's department, status, light and due date. */
export default function CoordinationPage() {
  const { t, pick } = useT();
  useTitle(t('sj.coord.title'), true);
  const { user } = useAuth();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const allowed = !!user && (user.roles.includes('approver') || user.roles.includes('chief'));
  const list = useGet('/api/joint/coordination', { query: { page, pageSize: PAGE_SIZE } }, { enabled: allowed });
  const [note, setNote] = useState<{ parent: CoordinationCase; part: CaseSummary } | null>(null);
  if (!allowed) return <Forbidden desc={t('sj.coord.forbidden')} />;
  const rows = list.data?.cases ?? [];

  return (
    <div data-testid="coordination-page" data-total={list.data?.total ?? ''}>
      <div className="ow-page-head"><h2>{t('sj.coord.title')}</h2></div>
      <p className="ow-muted" style={{ marginTop: 0 }}>{t('sj.coord.intro')}</p>
      <QueryError of={list} />
      {list.isLoading && !list.data ? <div className="ow-section"><Skeleton active paragraph={{ rows: 4 }} /></div> : null}
      {!list.isLoading && rows.length === 0 && !list.error ? <EmptyBlock text={t('sj.coord.empty')} testid="coordination-empty" /> : null}
      {rows.map((c) => (
        <section key={c.id} className={`ow-section${c.green ? ' ow-row-green' : ''}`} data-testid="coordination-case" data-case-id={c.id} data-status={c.status}>
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', justifyContent: 'space-between', marginBottom: 8 }}>
            <div style={{ minWidth: 0 }}>
              <Link to={caseLink(c.id)} data-testid="coordination-case-link" style={{ fontWeight: 600, fontSize: 16, wordBreak: 'break-word' }}>{pick(c.itemName, c.itemNameEn)}</Link>
              <div className="ow-muted">
                {c.applicantName}{c.receiptNo ? ` · ${c.receiptNo}` : ''} · {t('wb.col.dueDate')} {formatDate(c.dueDate) || t('common.none')}
              </div>
            </div>
            <span style={{ display: 'inline-flex', gap: 6, flexWrap: 'wrap', alignItems: 'center' }}>
              {c.green ? <Tag color="green" style={{ marginInlineEnd: 0 }}>{t('sj.green.tag')}</Tag> : null}
              <CaseStatusTag status={c.status} />
              <CaseLightBadge light={c.light} provisional={c.provisional} />
              <Tag style={{ marginInlineEnd: 0 }}>{t('sj.coord.parts', { n: c.parts.length })}</Tag>
            </span>
          </div>
          <div data-testid="coordination-parts">
            {c.parts.map((p) => (
              <div key={p.id} className="ow-material-card" data-testid="coordination-part" data-case-id={p.id} data-status={p.status}
                data-light={p.light ?? 'none'} data-department-id={p.departmentId}
                style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', justifyContent: 'space-between' }}>
                <div style={{ minWidth: 0, flex: '1 1 220px' }}>
                  <div style={{ fontWeight: 500 }} data-testid="coordination-part-department">{p.departmentName}</div>
                  <Link to={caseLink(p.id)} data-testid="coordination-part-link" style={{ wordBreak: 'break-word' }}>{pick(p.itemName, p.itemNameEn)}</Link>
                </div>
                <span style={{ display: 'inline-flex', gap: 6, flexWrap: 'wrap', alignItems: 'center' }}>
                  <CaseStatusTag status={p.status} />
                  <SuspendedTag suspended={p.suspended} />
                  <CaseLightBadge light={p.light} provisional={p.provisional} />
                  <span className="ow-muted" data-testid="coordination-part-due" data-date={p.dueDate ?? ''}>{formatDate(p.dueDate) || t('common.none')}</span>
                </span>
                <Button size="small" icon={<MessageOutlined />} onClick={() => setNote({ parent: c, part: p })} data-testid="coordination-send">
                  {t('sj.coord.send')}
                </Button>
              </div>
            ))}
          </div>
        </section>
      ))}
      {(list.data?.total ?? 0) > PAGE_SIZE ? (
        <Pagination simple current={page} pageSize={PAGE_SIZE} total={list.data?.total ?? 0} style={{ textAlign: 'center' }}
          onChange={(p) => setParams({ page: String(p) })} />
      ) : null}
      <NoteDialog target={note} onClose={() => setNote(null)} />
    </div>
  );
}

/** POST /api/joint/cases/:id/coordinate { partId, message }: a note to the part's department. */
function NoteDialog({ target, onClose }: { target: { parent: CoordinationCase; part: CaseSummary } | null; onClose: () => void }) {
  const { t, pick } = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ message: string }>();
  const { error, setError } = useFormErrors(form);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    if (!target || busy) return;
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    setError(null);
    try {
      await api.post('/api/joint/cases/{id}/coordinate', { params: { path: { id: target.parent.id } }, body: { partId: target.part.id, message: v.message.trim() } });
      message.success(t('sj.coord.sent'));
      form.resetFields();
      onClose();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={!!target}
      forceRender
      title={t('sj.coord.send')}
      onCancel={() => { setError(null); onClose(); }}
      footer={[
        <Button key="c" onClick={onClose} data-testid="coordination-cancel">{t('common.cancel')}</Button>,
        <Button key="s" type="primary" loading={busy} disabled={busy} onClick={submit} data-testid="coordination-submit">{t('sj.coord.send')}</Button>,
      ]}
    >
      <Form form={form} layout="vertical" onFinish={submit} data-testid="coordination-form" data-part-id={target?.part.id ?? ''}>
        {target ? <p className="ow-muted" style={{ marginTop: 0 }}>{t('sj.coord.to', { dept: target.part.departmentName, item: pick(target.part.itemName, target.part.itemNameEn) })}</p> : null}
        <ErrorAlert error={error} />
        <Form.Item name="message" label={t('sj.coord.message')}
          rules={[{ required: true, whitespace: true, message: t('af.req') }, { min: 2, message: t('af.req') }, { max: 1000, message: t('editor.maxLen', { n: 1000 }) }]}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} placeholder={t('sj.coord.messagePh')} data-testid="coordination-message" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
