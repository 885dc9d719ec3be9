import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, App, Breadcrumb, Button, Descriptions, Form, Popconfirm, Skeleton, Space, Table, Tabs, Tag, Timeline } from 'antd';
import { CloudUploadOutlined, DeleteOutlined, EditOutlined, ExportOutlined, ImportOutlined, SaveOutlined } from '@ant-design/icons';
import { hasMessage, useT, type MessageKey, type TFunction } from '../../i18n';
import { api } from '../../api/client';
import { useGet, useInvalidate } from '../../api/query';
import type { ItemRequest, RequestKind, VersionRow } from '../../api/models';
import { useTitle } from '../../components/useTitle';
import { ErrorAlert } from '../../components/ErrorAlert';
import { QueryError } from '../../components/QueryError';
import { ContentView } from '../../components/ContentView';
import { enumLabel, formatDate, formatDateTime } from '../../components/labels';
import { useFormErrors } from '../../components/useFormErrors';
import { NotFound } from '../../components/StatusPages';
import { ContentFields } from './ContentFields';
import { toContent, toFormValues, type ContentFormValues } from './contentForm';
import { HallStatusTag, RequestStatusTag } from './common';
import { PublishModal, RequestModal } from './ItemModals';
import { TradingAwardCard } from './TradingAwardCard';
import { isManager, useAuth } from '../../api/auth';

export default function ItemDetailPage() {
  const { id = '' } = useParams();
  const { t, pick } = useT();
  const { message } = App.useApp();
  const { user } = useAuth();
  const detail = useGet('/api/admin/items/{id}', { path: { id } });
  const invalidate = useInvalidate();
  // An item's change shows in its detail, the console's list and the request queue.
  const changed = () => void invalidate(['/api/admin/items/{id}', '/api/admin/items', '/api/admin/requests']);
  const params = { path: { id } };
  const d = detail.data;
  useTitle(d ? d.item.name : t('admin.itemsTitle'), true);
  const [form] = Form.useForm<{ content: ContentFormValues }>();
  const { error, setError } = useFormErrors(form, [[], ['content']]);
  const [busy, setBusy] = useState<string | null>(null);
  const [tab, setTab] = useState('content');
  const [publishOpen, setPublishOpen] = useState(false);
  const [requestKind, setRequestKind] = useState<RequestKind | null>(null);

  if (detail.error?.status === 404) return <NotFound />;
  if (!d) {
    return detail.error ? <QueryError of={detail} /> : <Skeleton active paragraph={{ rows: 10 }} />;
  }

  const run = async (what: string, fn: () => Promise<void>) => {
    setBusy(what);
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  /** Validates and saves the form into the draft; returns false when the form has errors. */
  const saveDraft = async (): Promise<boolean> => {
    let values: { content: ContentFormValues };
    try {
      values = await form.validateFields();
    } catch {
      message.error(t('editor.fixErrors'));
      return false;
    }
    // The editor has no control for the application form's fields: keep the draft's as they are.
    const formFields = detail.data?.draft?.content.formFields;
    await api.put('/api/admin/items/{id}/draft', { params, body: { content: toContent({ ...values.content, formFields }, detail.data?.draft?.content) } });
    return true;
  };

  const onSave = () => run('save', async () => {
    if (await saveDraft()) {
      message.success(t('editor.saved'));
      changed();
    }
  });
  const onNewDraft = () => run('new', async () => {
    await api.post('/api/admin/items/{id}/draft', { params });
    message.success(t('item.draftCreated'));
    setTab('content');
    changed();
  });
  const onDiscard = () => run('discard', async () => {
    await api.del('/api/admin/items/{id}/draft', { params });
    message.success(t('item.discarded'));
    changed();
  });
  const onPublish = async (validFrom: string) => {
    // What is published is what the manager sees: the form is saved into the draft first.
    if (!(await saveDraft())) {
      setPublishOpen(false);
      return;
    }
    const res = await api.post('/api/admin/items/{id}/publish', { params, body: { validFrom } });
    message.success(t('item.published', { n: res?.version ?? d.draft?.version ?? '' }));
    setPublishOpen(false);
    setTab('versions');
    changed();
  };

  const { item, draft, current } = d;
  const pending = item.pendingRequest;

  const actions = (
    <Space wrap data-testid="item-actions">
      {draft ? (
        <>
          <Button type="primary" icon={<SaveOutlined />} onClick={onSave} loading={busy === 'save'} data-testid="save-draft">{t('editor.saveDraft')}</Button>
          <Button icon={<CloudUploadOutlined />} onClick={() => setPublishOpen(true)} data-testid="publish-button"
            style={{ borderColor: '#237804', color: '#237804' }}>
            {t('item.publish')}
          </Button>
          <Popconfirm
            title={t('item.discardConfirm')}
            okText={t('common.confirm')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: true, 'data-testid': 'discard-confirm' }}
            onConfirm={onDiscard}
          >
            <Button danger icon={<DeleteOutlined />} loading={busy === 'discard'} data-testid="discard-draft">{t('item.discard')}</Button>
          </Popconfirm>
        </>
      ) : (
        <Button type="primary" icon={<EditOutlined />} onClick={onNewDraft} loading={busy === 'new'} data-testid="new-draft">{t('item.newDraft')}</Button>
      )}
      {!pending && item.hallStatus !== 'in_hall' ? (
        <Button icon={<ImportOutlined />} onClick={() => setRequestKind('admission')} data-testid="request-admission">{t('item.requestAdmission')}</Button>
      ) : null}
      {!pending && item.hallStatus === 'in_hall' ? (
        <Button icon={<ExportOutlined />} onClick={() => setRequestKind('removal')} data-testid="request-removal">{t('item.requestRemoval')}</Button>
      ) : null}
    </Space>
  );

  const contentTab = draft ? (
    <Form
      form={form}
      layout="vertical"
      key={`draft-${draft.version}-${d.versions.length}`}
      initialValues={{ content: toFormValues(draft.content) }}
      scrollToFirstError={{ block: 'center' }}
      data-testid="item-editor"
    >
      <Alert type="info" showIcon title={t('item.editingDraft', { n: draft.version })} style={{ marginBottom: 16 }} />
      <ContentFields />
    </Form>
  ) : current ? (
    <div data-testid="current-version">
      <Alert type="info" showIcon style={{ marginBottom: 8 }}
        title={t('item.currentVersion', { n: current.version, date: formatDate(current.validFrom) })}
        description={t('item.newDraftHint')} />
      <ContentView content={current.content} />
    </div>
  ) : (
    <Alert type="warning" showIcon title={t('item.noContent')} data-testid="no-content" />
  );

  return (
    <div data-testid="item-detail-page" data-item-id={item.id}>
      <Breadcrumb items={[{ title: <Link to="/admin/items">{t('admin.itemsTitle')}</Link> }, { title: item.name }]} />
      <div className="ow-page-head" style={{ marginTop: 12 }}>
        <h2 data-testid="item-detail-name">{item.name}</h2>
        <Space wrap>
          <HallStatusTag status={item.hallStatus} />
          {pending ? <Tag color="processing" data-testid="pending-request">{t('item.pending', { kind: enumLabel(t, 'requestKind', pending.kind) })}</Tag> : null}
          {item.hallStatus === 'in_hall' ? <Link to={`/items/${item.id}`} target="_blank">{t('item.viewPublic')}</Link> : null}
        </Space>
      </div>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, md: 3 }}
        style={{ background: '#fff', padding: 12, borderRadius: 8, marginBottom: 12 }}
        items={[
          { key: 'bc', label: t('guide.basicCode'), children: <span data-testid="item-basic-code">{item.basicCode}</span> },
          { key: 'ic', label: t('guide.implementationCode'), children: <span style={{ wordBreak: 'break-all' }}>{item.implementationCode}</span> },
          { key: 'type', label: t('guide.itemType'), children: enumLabel(t, 'itemType', item.type) },
          { key: 'dept', label: t('guide.department'), children: pick(item.department.name, item.department.nameEn) },
          { key: 'level', label: t('guide.level'), children: enumLabel(t, 'level', item.level) },
          { key: 'ver', label: t('admin.col.version'), children: item.latestVersion ? t('common.versionN', { n: item.latestVersion }) : t('admin.noVersion') },
        ]}
      />
      {/* Issue 16: an item-level setting, in force at once (not part of a version). */}
      <TradingAwardCard itemId={item.id} canEdit={isManager(user)} />
      <div style={{ position: 'sticky', top: 0, background: '#f3f5f9', padding: '8px 0', zIndex: 3 }}>{actions}</div>
      <ErrorAlert error={error} />
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'content', label: <span data-testid="tab-content">{draft ? t('item.tab.draft', { n: draft.version }) : t('item.tab.current')}</span>, children: contentTab },
          { key: 'versions', label: <span data-testid="tab-versions">{t('item.tab.versions')}</span>, children: <VersionsTable itemId={item.id} rows={d.versions} /> },
          { key: 'requests', label: <span data-testid="tab-requests">{t('item.tab.requests')}</span>, children: <RequestsTable rows={d.requests} /> },
          {
            key: 'history', label: <span data-testid="tab-history">{t('item.tab.history')}</span>,
            children: d.history.length === 0 ? <p className="ow-muted">{t('common.none')}</p> : (
              <Timeline
                data-testid="item-history"
                items={d.history.map((h, i) => ({
                  key: i,
                  content: (
                    <span data-testid="history-row" data-action={h.action}>
                      <span className="ow-muted">{formatDateTime(h.at)}</span>{' '}
                      <strong>{enumLabel(t, 'historyAction', h.action)}</strong>
                      {h.actor ? <span className="ow-muted"> · {h.actor.name}</span> : null}
                      {summarize(t, h.data) ? <div className="ow-muted">{summarize(t, h.data)}</div> : null}
                    </span>
                  ),
                }))}
              />
            ),
          },
        ]}
      />
      <PublishModal open={publishOpen} version={draft?.version} onCancel={() => setPublishOpen(false)} onPublish={onPublish} />
      <RequestModal
        kind={requestKind}
        onCancel={() => setRequestKind(null)}
        onSubmit={async (kind, reason) => {
          await api.post('/api/admin/items/{id}/requests', { params, body: { kind, reason } });
          message.success(t('item.requestSent'));
          setRequestKind(null);
          changed();
        }}
      />
    </div>
  );
}

/** The known fields of an audit event's data, labelled; ids and unknown fields are left out. */
function summarize(t: TFunction, data: unknown): string {
  if (data === null || typeof data !== 'object') return '';
  return Object.entries(data as Record<string, unknown>)
    .filter(([k, v]) => hasMessage(`historyData.${k}`) && v !== null && v !== undefined && typeof v !== 'object')
    .map(([k, v]) => `${t(`historyData.${k}` as MessageKey)}: ${String(v)}`)
    .join(t('common.listSep'));
}

function VersionsTable({ itemId, rows }: { itemId: string; rows: VersionRow[] }) {
  const { t } = useT();
  return (
    <Table<VersionRow>
      rowKey="version"
      size="small"
      pagination={false}
      dataSource={[...rows].sort((a, b) => b.version - a.version)}
      scroll={{ x: 'max-content' }}
      data-testid="versions-table"
      onRow={(r) => ({ 'data-testid': 'version-row', 'data-version': r.version, 'data-status': r.status }) as React.HTMLAttributes<HTMLElement>}
      columns={[
        { title: t('item.col.version'), key: 'v', render: (_v, r) => t('common.versionN', { n: r.version }) },
        {
          title: t('item.col.status'), key: 's',
          render: (_v, r) => <Tag color={r.status === 'published' ? 'green' : 'gold'}>{enumLabel(t, 'versionStatus', r.status)}</Tag>,
        },
        { title: t('guide.validFrom'), key: 'vf', render: (_v, r) => formatDate(r.validFrom) },
        { title: t('guide.publishedAt'), key: 'pa', render: (_v, r) => formatDateTime(r.publishedAt) },
        { title: t('item.col.createdAt'), key: 'ca', render: (_v, r) => formatDateTime(r.createdAt) },
        {
          title: t('common.actions'), key: 'a',
          render: (_v, r) => r.status === 'published' ? (
            <Link to={`/admin/items/${itemId}/versions/${r.version}`} data-testid="version-view">{t('common.view')}</Link>
          ) : <span className="ow-muted">{t('item.draftInEditor')}</span>,
        },
      ]}
    />
  );
}

function RequestsTable({ rows }: { rows: ItemRequest[] }) {
  const { t } = useT();
  return (
    <Table<ItemRequest>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={rows}
      scroll={{ x: 'max-content' }}
      onRow={() => ({ 'data-testid': 'item-request-row' }) as React.HTMLAttributes<HTMLElement>}
      columns={[
        { title: t('requests.col.kind'), key: 'k', render: (_v, r) => enumLabel(t, 'requestKind', r.kind) },
        { title: t('requests.col.reason'), dataIndex: 'reason', key: 'reason' },
        { title: t('requests.col.requestedBy'), key: 'by', render: (_v, r) => r.requestedBy?.name },
        { title: t('requests.col.createdAt'), key: 'ca', render: (_v, r) => formatDateTime(r.createdAt) },
        { title: t('requests.col.status'), key: 's', render: (_v, r) => <RequestStatusTag status={r.status} /> },
        {
          title: t('requests.col.decision'), key: 'd',
          render: (_v, r) => r.decidedBy ? `${r.decidedBy.name}: ${r.decisionReason ?? ''} (${formatDateTime(r.decidedAt)})` : '',
        },
      ]}
    />
  );
}
