import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Alert, App, Button, Col, Form, Input, InputNumber, Popconfirm, Radio, Row, Select, Skeleton, Tag } from 'antd';
import { ArrowLeftOutlined, CloudUploadOutlined, SaveOutlined, StopOutlined } from '@ant-design/icons';
import { useT } from '../../i18n';
import { api } from '../../api/client';
import { useAuth } from '../../api/auth';
import { useGet, useInvalidate } from '../../api/query';
import type { AdminJointMatter, JointDefinition, JointItemRef } from '../../api/models';
import type { BodyOf } from '../../api/client';

/** The form may hold blanks the server refuses with a field error: the body is what the form made. */
type JointMatterBody = BodyOf<'/api/manage/joint/matters', 'post'>;
import { useTitle } from '../../components/useTitle';
import { ErrorAlert } from '../../components/ErrorAlert';
import { QueryError } from '../../components/QueryError';
import { NotFound } from '../../components/StatusPages';
import { useFormErrors } from '../../components/useFormErrors';
import { enumLabel, formatDateTime } from '../../components/labels';
import { CaseBlock } from '../../components/cases/CaseSections';
import { choiceOf, ItemsEditor, QuestionsEditor, SharedFieldsEditor, SharedMaterialsEditor, useItemForms, type ItemChoice } from './JointDefinitionFields';
import { PrerequisitesEditor } from './PrerequisitesEditor';

export const JOINT_STATUS_COLORS: Record<string, string> = { draft: 'default', published: 'green', withdrawn: 'red' };

interface Values {
  key?: string;
  name?: string;
  nameEn?: string;
  lifeEvent?: string;
  leadDepartmentId?: string;
  definition: Partial<Omit<JointDefinition, 'items'>> & { items?: Partial<JointItemRef>[] };
}

const blank = (): Values => ({
  definition: { promisedDays: 20, denialRule: 'continue', description: '', questions: [], items: [{}, {}], sharedFields: [], sharedMaterials: [], prerequisites: [], prerequisiteDenial: 'terminate_dependents' },
});

const s = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const opt = (v: unknown) => (s(v) ? s(v) : undefined);

/** The form's values as the API takes them (docs/joint.md): empty optionals left out, options only on choice fields. */
function toBody(v: Values, rowVersion?: number) {
  const d = v.definition ?? {};
  return {
    key: s(v.key), name: s(v.name), nameEn: opt(v.nameEn), lifeEvent: opt(v.lifeEvent), leadDepartmentId: v.leadDepartmentId,
    ...(rowVersion !== undefined ? { rowVersion } : {}),
    definition: {
      description: s(d.description),
      descriptionEn: opt(d.descriptionEn),
      promisedDays: d.promisedDays,
      denialRule: d.denialRule,
      questions: (d.questions ?? []).map((q) => ({
        key: s(q.key), label: s(q.label), labelEn: opt(q.labelEn),
        options: (q.options ?? []).map((o) => ({ value: s(o.value), label: s(o.label), labelEn: opt(o.labelEn) })),
      })),
      items: (d.items ?? []).map((i) => ({ itemId: i.itemId, ...(i.when ? { when: { question: i.when.question, anyOf: i.when.anyOf } } : {}) })),
      sharedFields: (d.sharedFields ?? []).map((f) => ({
        key: s(f.key), label: s(f.label), labelEn: opt(f.labelEn), type: f.type, required: !!f.required,
        ...(f.type === 'select' ? { options: (f.options ?? []).map((o) => ({ value: s(o.value), label: s(o.label), labelEn: opt(o.labelEn) })) } : {}),
        sources: (f.sources ?? []).map((x) => ({ itemId: x.itemId, field: x.field })),
      })),
      sharedMaterials: (d.sharedMaterials ?? []).map((m) => ({
        key: s(m.key), name: s(m.name), sources: (m.sources ?? []).map((x) => ({ itemId: x.itemId, material: x.material })),
      })),
      prerequisites: (d.prerequisites ?? []).map((p) => ({ itemId: p.itemId, requires: p.requires, materials: p.materials ?? [] })),
      prerequisiteDenial: d.prerequisiteDenial ?? 'terminate_dependents',
    },
  };
}

function toValues(m: AdminJointMatter): Values {
  return {
    key: m.key, name: m.name, nameEn: m.nameEn ?? '', lifeEvent: m.lifeEvent ?? undefined, leadDepartmentId: m.leadDepartmentId,
    definition: { ...m.definition, items: m.definition.items.map((i) => ({ itemId: i.itemId, when: i.when })) },
  };
}

/** Create or edit a joint matter (联办事项): basics, questions, items with conditions, shared fields and materials. */
export default function JointMatterEditPage() {
  const { id } = useParams();
  const isNew = !id || id === 'new';
  const { t, pick } = useT();
  const { user } = useAuth();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const { error, setError } = useFormErrors(form);
  const [busy, setBusy] = useState<'save' | 'publish' | 'withdraw' | null>(null);
  const [matter, setMatter] = useState<AdminJointMatter>();
  const loaded = useGet('/api/manage/joint/matters/{id}', { path: { id: id ?? '' } }, { enabled: !isNew });
  const org = useGet('/api/admin/org');
  const centerId = user?.centerId ?? undefined;
  const facets = useGet('/api/catalog/facets', { query: { centerId } });
  const catalog = useGet('/api/items', { query: { centerId, pageSize: 100 } });
  const invalidate = useInvalidate();
  // A saved, published or withdrawn matter shows in the console's list and on the portal.
  const changed = (m: AdminJointMatter) => {
    setMatter(m);
    void invalidate(['/api/manage/joint/matters', '/api/manage/joint/matters/{id}', '/api/joint/matters']);
  };
  useTitle(matter ? matter.name : t('jm.new'), true);

  useEffect(() => {
    if (loaded.data) {
      setMatter(loaded.data as AdminJointMatter);
      form.setFieldsValue(toValues(loaded.data as AdminJointMatter));
    }
  }, [loaded.data, form]);

  const chosenRefs = (Form.useWatch(['definition', 'items'], form) ?? []) as Partial<JointItemRef>[];
  const chosenIds = chosenRefs.map((i) => i?.itemId).filter((x): x is string => !!x);
  const forms = useItemForms(chosenIds);
  const choices = useMemo(() => (catalog.data?.items ?? []).map((it) => choiceOf(it, pick)), [catalog.data, pick]);
  const chosen: ItemChoice[] = chosenIds.map((cid) => choices.find((c) => c.id === cid) ?? { id: cid, label: cid, departmentId: '' });
  const centerDepartments = (org.data?.departments ?? []).filter((d) => !user?.centerId || d.centerId === user.centerId);
  const involved = new Set(chosen.map((c) => c.departmentId).filter(Boolean));
  const leadOptions = (involved.size ? centerDepartments.filter((d) => involved.has(d.id)) : centerDepartments)
    .map((d) => ({ value: d.id, label: pick(d.name, d.nameEn) }));

  if (!isNew && loaded.error?.status === 404) return <NotFound />;

  const save = async (): Promise<AdminJointMatter | null> => {
    const v = await form.validateFields().catch(() => null);
    if (!v) {
      message.error(t('apply.fixErrors'));
      return null;
    }
    setError(null);
    try {
      if (isNew) {
        const created = await api.post('/api/manage/joint/matters', { body: toBody(v) as JointMatterBody }) as AdminJointMatter;
        message.success(t('jm.created'));
        navigate(`/admin/joint/${encodeURIComponent(created.id)}`, { replace: true });
        return created;
      }
      const updated = await api.put('/api/manage/joint/matters/{id}', { params: { path: { id: id! } }, body: toBody(v, matter?.rowVersion) as JointMatterBody }) as AdminJointMatter;
      changed(updated);
      return updated;
    } catch (e) {
      setError(e);
      return null;
    }
  };

  const run = async (what: 'save' | 'publish' | 'withdraw') => {
    if (busy) return;
    setBusy(what);
    try {
      if (what === 'withdraw') {
        const m = await api.post('/api/manage/joint/matters/{id}/withdraw', { params: { path: { id: id! } } });
        changed(m as AdminJointMatter);
        message.success(t('jm.withdrawn'));
        return;
      }
      const saved = await save();
      if (!saved) return;
      if (what === 'save') {
        if (!isNew) message.success(t('jm.saved'));
        return;
      }
      const m = await api.post('/api/manage/joint/matters/{id}/publish', { params: { path: { id: saved.id } } });
      changed(m as AdminJointMatter);
      message.success(t('jm.published'));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  const status = matter?.status ?? 'draft';
  return (
    <div data-testid="jm-edit-page" data-matter-id={matter?.id ?? ''} data-status={isNew ? 'new' : matter ? matter.status : 'loading'}>
      <div className="ow-page-head" style={{ flexWrap: 'wrap', gap: 8 }}>
        <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap', minWidth: 0 }}>
          <Link to="/admin/joint" data-testid="jm-back"><Button icon={<ArrowLeftOutlined />} aria-label={t('jm.back')} /></Link>
          <h2 style={{ margin: 0, wordBreak: 'break-word' }} data-testid="jm-title">{matter ? pick(matter.name, matter.nameEn) : t('jm.new')}</h2>
          {matter ? <Tag color={JOINT_STATUS_COLORS[status]} data-testid="jm-status" data-status={status}>{enumLabel(t, 'jm.status', status)}</Tag> : null}
          {matter ? <span className="ow-muted">{t('common.versionN', { n: matter.version })} · {formatDateTime(matter.updatedAt)}</span> : null}
        </div>
      </div>
      <ErrorAlert error={loaded.error && loaded.error.status !== 404 ? loaded.error : null} onRetry={() => void loaded.refetch()} />
      {!isNew && loaded.isLoading && !matter ? <div className="ow-section"><Skeleton active paragraph={{ rows: 8 }} /></div> : (
        <Form form={form} layout="vertical" initialValues={blank()} data-testid="jm-editor" scrollToFirstError={{ block: 'center' }} onFinish={() => run('save')}>
          <p className="ow-muted">{t('jm.intro')}</p>
          <CaseBlock title={t('jm.sec.basic')} testid="jm-basic">
            <Row gutter={12}>
              <Col xs={24} md={8}>
                <Form.Item name="key" label={t('jm.key')} extra={t('jm.keyHint')}
                  rules={[{ required: true, whitespace: true, message: t('jm.req') }, { pattern: /^[a-z0-9][a-z0-9-]{1,59}$/, message: t('jm.keyHint') }]}>
                  <Input data-testid="jm-key" autoComplete="off" />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="name" label={t('jm.name')} rules={[{ required: true, whitespace: true, message: t('jm.req') }, { max: 200, message: t('editor.maxLen', { n: 200 }) }]}>
                  <Input data-testid="jm-name" />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="nameEn" label={t('jm.nameEn')} rules={[{ max: 300, message: t('editor.maxLen', { n: 300 }) }]}>
                  <Input data-testid="jm-name-en" />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="lifeEvent" label={t('jm.lifeEvent')}>
                  <Select allowClear data-testid="jm-life-event" loading={facets.isLoading}
                    options={(facets.data?.lifeEvents ?? []).map((x) => ({ value: x.key, label: pick(x.zh, x.en) }))} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="leadDepartmentId" label={t('jm.lead')} extra={t('jm.leadHint')} rules={[{ required: true, message: t('jm.reqSelect') }]}>
                  <Select data-testid="jm-lead" loading={org.isLoading} options={leadOptions} showSearch={{ optionFilterProp: 'label' }} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name={['definition', 'promisedDays']} label={t('jm.promisedDays')} extra={t('jm.promisedHint')}
                  rules={[{ required: true, type: 'number', min: 1, max: 45, message: t('jm.promisedHint') }]}>
                  <InputNumber min={1} max={45} precision={0} style={{ width: '100%' }} data-testid="jm-promised-days" />
                </Form.Item>
              </Col>
              <Col xs={24}>
                <Form.Item name={['definition', 'denialRule']} label={t('jm.denialRule')} rules={[{ required: true, message: t('jm.reqSelect') }]}>
                  <Radio.Group data-testid="jm-denial-rule">
                    <Radio value="continue" data-testid="jm-denial-continue">{t('jm.denial.continue')}</Radio>
                    <Radio value="stop_all" data-testid="jm-denial-stop_all">{t('jm.denial.stop_all')}</Radio>
                  </Radio.Group>
                </Form.Item>
              </Col>
              <Col xs={24}>
                <Form.Item name={['definition', 'description']} label={t('jm.description')} rules={[{ max: 2000, message: t('editor.maxLen', { n: 2000 }) }]}>
                  <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} data-testid="jm-description" />
                </Form.Item>
              </Col>
              <Col xs={24}>
                <Form.Item name={['definition', 'descriptionEn']} label={t('jm.descriptionEn')} rules={[{ max: 4000, message: t('editor.maxLen', { n: 4000 }) }]}>
                  <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} data-testid="jm-description-en" />
                </Form.Item>
              </Col>
            </Row>
          </CaseBlock>
          <CaseBlock title={t('jm.sec.questions')} testid="jm-questions-block">
            <p className="ow-muted" style={{ marginTop: 0 }}>{t('jm.sec.questionsHint')}</p>
            <QuestionsEditor />
          </CaseBlock>
          <CaseBlock title={t('jm.sec.items')} testid="jm-items-block">
            <p className="ow-muted" style={{ marginTop: 0 }}>{t('jm.sec.itemsHint')}</p>
            <QueryError of={catalog} />
            <ItemsEditor choices={choices} loading={catalog.isLoading} />
          </CaseBlock>
          <CaseBlock title={t('jm.sec.fields')} testid="jm-fields-block">
            <p className="ow-muted" style={{ marginTop: 0 }}>{t('jm.sec.fieldsHint')}</p>
            <SharedFieldsEditor items={chosen} forms={forms} />
          </CaseBlock>
          <CaseBlock title={t('jm.sec.materials')} testid="jm-materials-block">
            <p className="ow-muted" style={{ marginTop: 0 }}>{t('jm.sec.materialsHint')}</p>
            <SharedMaterialsEditor items={chosen} forms={forms} />
          </CaseBlock>
          <CaseBlock title={t('jm.sec.prerequisites')} testid="jm-prerequisites-block">
            <p className="ow-muted" style={{ marginTop: 0 }}>{t('jm.sec.prerequisitesHint')}</p>
            <PrerequisitesEditor items={chosen} forms={forms} />
          </CaseBlock>
          <div className="ow-section ow-action-bar" data-testid="jm-actions">
            {status === 'published' && matter ? (
              <Alert type="info" showIcon style={{ marginBottom: 12 }} data-testid="jm-published-note"
                title={t('jm.publishedNote', { n: matter.version + 1 })} />
            ) : null}
            <ErrorAlert error={error} />
            <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
              <Button type={isNew ? 'primary' : 'default'} icon={<SaveOutlined />} loading={busy === 'save'} disabled={!!busy} onClick={() => run('save')} data-testid="jm-save">
                {t('jm.save')}
              </Button>
              {!isNew && status !== 'published' ? (
                <Popconfirm title={t('jm.publishConfirm')} onConfirm={() => run('publish')} okText={t('jm.publish')} cancelText={t('common.cancel')}
                  okButtonProps={{ 'data-testid': 'jm-publish-confirm' } as Record<`data-${string}`, string>}>
                  <Button type="primary" icon={<CloudUploadOutlined />} loading={busy === 'publish'} disabled={!!busy} data-testid="jm-publish">{t('jm.publish')}</Button>
                </Popconfirm>
              ) : null}
              {!isNew && status === 'published' ? (
                <Popconfirm title={t('jm.withdrawConfirm')} onConfirm={() => run('withdraw')} okText={t('jm.withdraw')} cancelText={t('common.cancel')}
                  okButtonProps={{ danger: true, ...({ 'data-testid': 'jm-withdraw-confirm' } as Record<`data-${string}`, string>) }}>
                  <Button danger icon={<StopOutlined />} loading={busy === 'withdraw'} disabled={!!busy} data-testid="jm-withdraw">{t('jm.withdraw')}</Button>
                </Popconfirm>
              ) : null}
            </div>
          </div>
        </Form>
      )}
    </div>
  );
}
