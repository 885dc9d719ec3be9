import { useState } from 'react';
import { App, Button, Form, Input, InputNumber, Modal, Select, Space, Table, Tag } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useT } from '../../i18n';
import { useAuth } from '../../api/auth';
import { api, toApiError, type ApiError, type BodyOf, type ResponseOf } from '../../api/client';
import { useGet, useInvalidate } from '../../api/query';
import { useTitle } from '../../components/useTitle';
import { ErrorAlert } from '../../components/ErrorAlert';
import { QueryError } from '../../components/QueryError';
import { EmptyBlock } from '../../components/ContentView';
import { enumLabel } from '../../components/labels';

type LicenceType = ResponseOf<'/api/licence-types'>['types'][number];
type Body = BodyOf<'/api/licence-types', 'post'>;
type Values = Omit<Body, 'validityMonths' | 'template'> & { longTerm: boolean; validityMonths?: number | null; title?: string };

/** Where a printed value may come from (the server checks the same list). */
const SOURCES = ['applicant.name', 'applicant.code', 'applicant.phone', 'case.receiptNo', 'case.decisionReason', 'item.name'] as const;

/**
 * The manager's library of e-licence types (GB/T 36901-36905): code, name, issuing body, holder type,
 * validity, the printed fields with where each value comes from, and the items whose approval issues it.
 */
export default function LicenceTypesPage() {
  const { t, pick, msg } = useT();
  useTitle(t('licence.types.title'), true);
  const { message } = App.useApp();
  const { user } = useAuth();
  const list = useGet('/api/licence-types', { query: { page: 1, pageSize: 100 } });
  const org = useGet('/api/admin/org');
  const invalidate = useInvalidate();
  const [editing, setEditing] = useState<LicenceType | 'new' | null>(null);
  const [form] = Form.useForm<Values>();
  const departmentId = Form.useWatch('issuingDepartmentId', form);
  const items = useGet('/api/items', { query: { departmentId: departmentId ?? undefined, centerId: user?.centerId ?? undefined, pageSize: 100 } }, { enabled: Boolean(departmentId) });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const departments = (org.data?.departments ?? []).filter((d) => d.centerId === user?.centerId);

  const open = (row: LicenceType | 'new') => {
    setError(null);
    form.resetFields();
    if (row !== 'new') {
      form.setFieldsValue({
        code: row.code, name: row.name, nameEn: row.nameEn ?? undefined, issuingDepartmentId: row.issuingDepartment.id, holderType: row.holderType,
        longTerm: row.validityMonths === null, validityMonths: row.validityMonths, fields: row.fields, itemIds: row.items.map((i) => i.id), title: row.template.title,
      });
    } else {
      form.setFieldsValue({ holderType: 'credit_code', longTerm: false, validityMonths: 60, fields: [{ key: 'holder', label: '持证主体', source: 'applicant.name' }], itemIds: [] });
    }
    setEditing(row);
  };
  const save = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v || !editing) return;
    setBusy(true);
    setError(null);
    const common = {
      name: v.name, nameEn: v.nameEn || null, issuingDepartmentId: v.issuingDepartmentId, holderType: v.holderType,
      validityMonths: v.longTerm ? null : (v.validityMonths ?? null), fields: v.fields, itemIds: v.itemIds ?? [], template: v.title ? { title: v.title } : {},
    };
    try {
      if (editing === 'new') await api.post('/api/licence-types', { body: { ...common, code: v.code } });
      else await api.put('/api/licence-types/{id}', { params: { path: { id: editing.id } }, body: { ...common, status: editing.status } });
      message.success(t('licence.types.saved'));
      setEditing(null);
      void invalidate(['/api/licence-types', '/api/licence-types/{id}']);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };
  const retire = async (row: LicenceType) => {
    try {
      await api.put('/api/licence-types/{id}', {
        params: { path: { id: row.id } },
        body: {
          name: row.name, nameEn: row.nameEn, issuingDepartmentId: row.issuingDepartment.id, holderType: row.holderType, validityMonths: row.validityMonths,
          fields: row.fields, template: row.template, itemIds: row.items.map((i) => i.id), status: row.status === 'active' ? 'retired' : 'active',
        },
      });
      void invalidate(['/api/licence-types']);
    } catch (e) {
      message.error(msg(toApiError(e).messages));
    }
  };

  return (
    <div data-testid="licence-types-page">
      <div className="ow-page-head">
        <h2>{t('licence.types.title')}</h2>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')} data-testid="licence-type-new">{t('licence.types.new')}</Button>
      </div>
      <p className="ow-muted">{t('licence.types.intro')}</p>
      <QueryError of={list} />
      <Table<LicenceType>
        rowKey="id" size="middle" loading={list.isLoading} dataSource={list.data?.types ?? []} scroll={{ x: 'max-content' }} pagination={false}
        locale={{ emptyText: list.isLoading ? ' ' : <EmptyBlock text={t('licence.types.empty')} testid="licence-types-empty" /> }}
        onRow={(r) => ({ 'data-testid': 'licence-type-row', 'data-code': r.code }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('licence.types.code'), key: 'code', render: (_v, r) => <span style={{ fontFamily: 'monospace', overflowWrap: 'anywhere' }}>{r.code}</span> },
          { title: t('licence.types.name'), key: 'name', render: (_v, r) => pick(r.name, r.nameEn) },
          { title: t('licence.types.issuer'), key: 'issuer', render: (_v, r) => pick(r.issuingDepartment.name, r.issuingDepartment.nameEn) },
          { title: t('licence.types.holderType'), key: 'holderType', render: (_v, r) => enumLabel(t, 'licence.holderType', r.holderType) },
          { title: t('licence.types.validity'), key: 'validity', render: (_v, r) => (r.validityMonths === null ? t('licence.longTerm') : t('licence.types.months', { n: r.validityMonths })) },
          { title: t('licence.types.items'), key: 'items', render: (_v, r) => r.items.map((i) => <Tag key={i.id}>{i.name}</Tag>) },
          { title: t('licence.field.status'), key: 'status', render: (_v, r) => <Tag color={r.status === 'active' ? 'green' : 'default'}>{enumLabel(t, 'licence.types.status', r.status)}</Tag> },
          {
            title: t('licence.wb.actions'), key: 'actions', render: (_v, r) => (
              <Space>
                <Button size="small" onClick={() => open(r)} data-testid="licence-type-edit">{t('licence.types.edit')}</Button>
                <Button size="small" onClick={() => void retire(r)} data-testid="licence-type-retire">{r.status === 'active' ? t('licence.types.retire') : t('licence.types.activate')}</Button>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        title={editing === 'new' ? t('licence.types.new') : t('licence.types.edit')} open={editing !== null} onCancel={() => setEditing(null)} onOk={() => void save()}
        confirmLoading={busy} width={760} destroyOnHidden okButtonProps={{ 'data-testid': 'licence-type-save' } as Record<string, string>}
      >
        <ErrorAlert error={error} />
        <Form form={form} layout="vertical">
          <Form.Item name="code" label={t('licence.types.code')} extra={t('licence.types.codeHint')} rules={[{ required: true, min: 2, max: 40, pattern: /^\S+$/ }]}>
            <Input disabled={editing !== 'new'} data-testid="licence-type-code" />
          </Form.Item>
          <Space wrap style={{ width: '100%' }} align="start">
            <Form.Item name="name" label={t('licence.types.name')} rules={[{ required: true, min: 2, max: 60 }]}><Input data-testid="licence-type-name" /></Form.Item>
            <Form.Item name="nameEn" label={t('licence.types.nameEn')} rules={[{ max: 120 }]}><Input /></Form.Item>
            <Form.Item name="title" label={t('licence.types.printedTitle')} rules={[{ max: 40 }]}><Input /></Form.Item>
          </Space>
          <Form.Item name="issuingDepartmentId" label={t('licence.types.issuer')} rules={[{ required: true }]}>
            <Select showSearch optionFilterProp="label" options={departments.map((d) => ({ value: d.id, label: `${pick(d.name, d.nameEn)} · ${d.creditCode}` }))} data-testid="licence-type-department" />
          </Form.Item>
          <Space wrap align="start">
            <Form.Item name="holderType" label={t('licence.types.holderType')} rules={[{ required: true }]}>
              <Select style={{ minWidth: 200 }} options={(['id_number', 'credit_code', 'other'] as const).map((h) => ({ value: h, label: enumLabel(t, 'licence.holderType', h) }))} />
            </Form.Item>
            <Form.Item name="longTerm" label={t('licence.longTerm')}>
              <Select style={{ minWidth: 120 }} options={[{ value: false, label: t('licence.types.limited') }, { value: true, label: t('licence.longTerm') }]} />
            </Form.Item>
            <Form.Item noStyle shouldUpdate={(a, b) => a.longTerm !== b.longTerm}>
              {() => (form.getFieldValue('longTerm') ? null : (
                <Form.Item name="validityMonths" label={t('licence.types.validityMonths')} rules={[{ required: true, type: 'integer', min: 1, max: 1200 }]}><InputNumber min={1} max={1200} /></Form.Item>
              ))}
            </Form.Item>
          </Space>
          <Form.Item name="itemIds" label={t('licence.types.items')} extra={t('licence.types.itemsHint')}>
            <Select mode="multiple" loading={items.isLoading} optionFilterProp="label" options={(items.data?.items ?? []).map((i) => ({ value: i.id, label: pick(i.name, i.nameEn) }))} data-testid="licence-type-items" />
          </Form.Item>
          <h4>{t('licence.types.fields')}</h4>
          <p className="ow-muted">{t('licence.types.fieldsHint')}</p>
          <Form.List name="fields" rules={[{ validator: async (_r, v) => { if (!v || v.length < 1) throw new Error(t('licence.types.fieldsRequired')); } }]}>
            {(fields, { add, remove }, { errors }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} wrap align="baseline" data-testid="licence-type-field">
                    <Form.Item name={[f.name, 'key']} rules={[{ required: true, pattern: /^[a-z][A-Za-z0-9_]{0,39}$/, message: t('licence.types.keyRule') }]}><Input placeholder={t('licence.types.fieldKey')} aria-label={t('licence.types.fieldKey')} style={{ width: 120 }} /></Form.Item>
                    <Form.Item name={[f.name, 'label']} rules={[{ required: true, max: 40 }]}><Input placeholder={t('licence.types.fieldLabel')} aria-label={t('licence.types.fieldLabel')} style={{ width: 150 }} /></Form.Item>
                    <Form.Item name={[f.name, 'labelEn']}><Input placeholder={t('licence.types.fieldLabelEn')} aria-label={t('licence.types.fieldLabelEn')} style={{ width: 150 }} /></Form.Item>
                    <Form.Item name={[f.name, 'source']} rules={[{ required: true, pattern: /^(applicant\.(name|code|phone)|form\.[A-Za-z0-9_]{1,40}|case\.(receiptNo|decisionReason)|item\.name|text:.{0,200})$/, message: t('licence.types.sourceRule') }]}>
                      <Select
                        showSearch allowClear style={{ width: 220 }} aria-label={t('licence.types.fieldSource')} placeholder={t('licence.types.fieldSource')}
                        options={[...SOURCES.map((s) => ({ value: s, label: enumLabel(t, 'licence.source', s) })), { value: 'form.f1', label: 'form.f1' }, { value: 'text:', label: t('licence.source.text') }]}
                      />
                    </Form.Item>
                    <MinusCircleOutlined onClick={() => remove(f.name)} aria-label={t('licence.types.removeField')} />
                  </Space>
                ))}
                <Form.ErrorList errors={errors} />
                <Button type="dashed" onClick={() => add({ key: '', label: '', source: 'applicant.name' })} icon={<PlusOutlined />}>{t('licence.types.addField')}</Button>
              </>
            )}
          </Form.List>
        </Form>
      </Modal>
    </div>
  );
}
