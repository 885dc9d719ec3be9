import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { App, Breadcrumb, Button, Card, Col, Form, Input, Row, Select } from 'antd';
import { SaveOutlined } from '@ant-design/icons';
import { useT } from '../../i18n';
import { api } from '../../api/client';
import { useGet } from '../../api/query';
import { useAuth } from '../../api/auth';
import { ITEM_LEVELS, ITEM_TYPES, type ItemIdentity } from '../../api/models';
import { useTitle } from '../../components/useTitle';
import { ErrorAlert } from '../../components/ErrorAlert';
import { enumLabel } from '../../components/labels';
import { useFormErrors } from '../../components/useFormErrors';
import { ContentFields } from './ContentFields';
import { emptyContent, toContent, type ContentFormValues } from './contentForm';

interface CreateForm { identity: ItemIdentity; content: ContentFormValues }

export default function ItemCreatePage() {
  const { t, pick } = useT();
  useTitle(t('editor.createTitle'), true);
  const { user } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<CreateForm>();
  const { error, setError } = useFormErrors(form, [[], ['content'], ['identity']]);
  const [busy, setBusy] = useState(false);
  const org = useGet('/api/admin/org');

  const center = org.data?.centers.find((c) => c.id === user?.centerId);
  const departments = (org.data?.departments ?? []).filter((d) => !user?.centerId || d.centerId === user.centerId);
  // The region part of the code defaults to the manager's province (first two digits of the center's region).
  useEffect(() => {
    if (center && !form.isFieldTouched(['identity', 'codeRegion'])) form.setFieldValue(['identity', 'codeRegion'], center.regionCode.slice(0, 2));
  }, [center, form]);
  const identity = (Form.useWatch('identity', form) ?? {}) as Partial<ItemIdentity>;
  const basicCode = `${identity.codeRegion || '__'}${identity.type || '__'}${identity.codeMain || '_____'}${identity.codeSub || '___'}`;

  const submit = async (v: CreateForm) => {
    setBusy(true);
    setError(null);
    try {
      const res = await api.post('/api/admin/items', { body: { identity: v.identity, content: toContent(v.content) } });
      message.success(t('editor.created'));
      navigate(`/admin/items/${res.id}`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const digits = (label: string, n: number) => [
    { required: true, message: t('editor.req.code', { label }) },
    { pattern: new RegExp(`^\\d{${n}}$`), message: t('editor.codeDigits', { label, n }) },
  ];

  return (
    <div data-testid="item-create-page">
      <Breadcrumb items={[{ title: <Link to="/admin/items">{t('admin.itemsTitle')}</Link> }, { title: t('editor.createTitle') }]} />
      <div className="ow-page-head" style={{ marginTop: 12 }}>
        <h2>{t('editor.createTitle')}</h2>
      </div>
      <ErrorAlert error={error} />
      <Form<CreateForm>
        form={form}
        layout="vertical"
        onFinish={submit}
        onFinishFailed={() => message.error(t('editor.fixErrors'))}
        scrollToFirstError={{ block: 'center' }}
        initialValues={{
          identity: { type: '01', level: 'province', codeRegion: '46', codeMain: '', codeSub: '000' },
          content: emptyContent(),
        }}
        data-testid="item-editor"
      >
        <Card title={t('editor.identity')} style={{ marginBottom: 16 }} extra={<span className="ow-muted">{t('editor.identityHint')}</span>}>
          <Row gutter={12}>
            <Col xs={24} md={12}>
              <Form.Item name={['identity', 'departmentId']} label={t('editor.department')} rules={[{ required: true, message: t('editor.req.department') }]}>
                <Select
                  data-testid="item-department"
                  loading={org.isLoading}
                  showSearch={{ optionFilterProp: 'label' }}
                  options={departments.map((d) => ({ value: d.id, label: pick(d.name, d.nameEn) }))}
                />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name={['identity', 'type']} label={t('editor.type')} rules={[{ required: true, message: t('editor.req.select') }]}>
                <Select data-testid="item-type" options={ITEM_TYPES.map((x) => ({ value: x, label: `${x} ${enumLabel(t, 'itemType', x)}` }))} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name={['identity', 'level']} label={t('editor.level')} rules={[{ required: true, message: t('editor.req.select') }]}>
                <Select data-testid="item-level" options={ITEM_LEVELS.map((x) => ({ value: x, label: enumLabel(t, 'level', x) }))} />
              </Form.Item>
            </Col>
            <Col xs={8} md={4}>
              <Form.Item name={['identity', 'codeRegion']} label={t('editor.codeRegion')} rules={digits(t('editor.codeRegion'), 2)}>
                <Input maxLength={2} inputMode="numeric" data-testid="item-code-region" />
              </Form.Item>
            </Col>
            <Col xs={8} md={5}>
              <Form.Item name={['identity', 'codeMain']} label={t('editor.codeMain')} rules={digits(t('editor.codeMain'), 5)}>
                <Input maxLength={5} inputMode="numeric" data-testid="item-code-main" />
              </Form.Item>
            </Col>
            <Col xs={8} md={4}>
              <Form.Item name={['identity', 'codeSub']} label={t('editor.codeSub')} rules={digits(t('editor.codeSub'), 3)}>
                <Input maxLength={3} inputMode="numeric" data-testid="item-code-sub" />
              </Form.Item>
            </Col>
            <Col xs={24} md={11}>
              <Form.Item label={t('editor.basicCodePreview')}>
                <code data-testid="item-basic-code-preview" style={{ fontSize: 16, letterSpacing: 1 }}>{basicCode}</code>
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <ContentFields />
        <div style={{ position: 'sticky', bottom: 0, background: '#f3f5f9', padding: '12px 0', zIndex: 2 }}>
          <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={busy} data-testid="item-save" size="large">
            {t('editor.create')}
          </Button>
        </div>
      </Form>
    </div>
  );
}
