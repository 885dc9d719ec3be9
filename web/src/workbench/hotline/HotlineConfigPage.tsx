import { useEffect, useState } from 'react';
import { Alert, Button, Card, Form, Input, InputNumber, List, Space, Tag, TreeSelect } from 'antd';
import { SettingOutlined } from '@ant-design/icons';
import { useT } from '../../i18n';
import { api, type ApiError, type ResponseOf } from '../../api/client';
import { useGet, useInvalidate } from '../../api/query';
import { useTitle } from '../../components/useTitle';
import { ErrorAlert } from '../../components/ErrorAlert';
import { QueryError } from '../../components/QueryError';
import { enumLabel } from '../../components/labels';

type Config = ResponseOf<'/api/workorders/config', 'get'>;
type Category = Config['categories'][number];
const KINDS = ['consultation', 'request', 'complaint', 'suggestion', 'praise'] as const;
type Limits = Record<string, number | null>;

/**
 * The hotline's configuration (docs/hotline.md, "Configuration"), for the hotline lead and the managers:
 * the category tree (add, rename, retire or reinstate) and the time limit in working days per kind and
 * urgency. The server validates (normal ≥ 1, urgent ≤ normal) and audits every change; a narrow screen
 * gets one column.
 */
export default function HotlineConfigPage() {
  const { t, lang } = useT();
  useTitle(t('wo.config.title'));
  const invalidate = useInvalidate();
  const config = useGet('/api/workorders/config');
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [limits, setLimits] = useState<Limits>({});
  const [addForm] = Form.useForm<{ parentId?: string; code: string; name: string; nameEn: string }>();
  const [editing, setEditing] = useState<{ id: string; name: string; nameEn: string } | null>(null);

  useEffect(() => {
    if (config.data) setLimits(Object.fromEntries(config.data.limits.map((l) => [`${l.kind}:${l.urgency}`, l.workdays])));
  }, [config.data]);

  const run = async (what: () => Promise<unknown>, message: string) => {
    setError(null);
    setSaved(null);
    setBusy(true);
    try {
      await what();
      setSaved(message);
      await invalidate(['/api/workorders/config', '/api/workorders/reference']);
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setBusy(false);
    }
  };

  const cats = config.data?.categories ?? [];
  const label = (c: Category) => (lang === 'en' && c.nameEn ? c.nameEn : c.name);
  const depth = (c: Category): number => { let d = 0; let p = c.parentId; while (p && d < 20) { d++; p = cats.find((x) => x.id === p)?.parentId ?? null; } return d; };
  const ordered: Category[] = [];
  const walk = (parent: string | null) => cats.filter((c) => c.parentId === parent).forEach((c) => { ordered.push(c); walk(c.id); });
  walk(null);
  const parents = cats.filter((c) => !c.parentId && !c.retired).map((c) => ({ value: c.id, title: label(c) }));

  const addCategory = async () => {
    let v;
    try { v = await addForm.validateFields(); } catch { return; }
    await run(async () => {
      await api.post('/api/workorders/config/categories', { body: { code: v.code, name: v.name, nameEn: v.nameEn, parentId: v.parentId ?? null } });
      addForm.resetFields();
    }, t('wo.config.saved'));
  };
  const update = (id: string, body: { name?: string; nameEn?: string; retired?: boolean }) =>
    run(() => api.put('/api/workorders/config/categories/{id}', { params: { path: { id } }, body }), t('wo.config.saved'));
  const saveLimits = () => run(() => api.put('/api/workorders/config/limits', {
    body: { limits: KINDS.flatMap((kind) => (['normal', 'urgent'] as const).map((urgency) => ({ kind, urgency, workdays: limits[`${kind}:${urgency}`] ?? 0 }))) },
  }), t('wo.config.saved'));

  return (
    <div data-testid="hotline-config" style={{ maxWidth: 900 }}>
      <h2><SettingOutlined /> {t('wo.config.title')}</h2>
      <QueryError of={config} />
      {saved ? <Alert type="success" showIcon message={saved} style={{ marginBottom: 12 }} data-testid="wo-config-saved" /> : null}
      <ErrorAlert error={error} style={{ marginBottom: 12 }} />

      <Card title={<h3 style={{ margin: 0, fontSize: 16 }}>{t('wo.config.limits')}</h3>} size="small" style={{ marginBottom: 16 }}>
        <p style={{ color: '#595959', marginTop: 0 }}>{t('wo.config.limitsHint')}</p>
        <List
          dataSource={[...KINDS]}
          renderItem={(kind) => (
            <List.Item data-testid={`wo-limit-${kind}`}>
              <Space wrap>
                <strong style={{ minWidth: 48, display: 'inline-block' }}>{enumLabel(t, 'wo.kind', kind)}</strong>
                {(['normal', 'urgent'] as const).map((urgency) => (
                  <label key={urgency}>
                    {enumLabel(t, 'wo.urgency', urgency)}{' '}
                    <InputNumber
                      min={0} max={60} precision={0} style={{ width: 80 }} aria-label={`${enumLabel(t, 'wo.kind', kind)} ${enumLabel(t, 'wo.urgency', urgency)}`}
                      value={limits[`${kind}:${urgency}`] ?? null} onChange={(v) => setLimits((l) => ({ ...l, [`${kind}:${urgency}`]: v }))}
                      data-testid={`wo-limit-${kind}-${urgency}`}
                    />{' '}{t('wo.config.workdays')}
                  </label>
                ))}
              </Space>
            </List.Item>
          )}
        />
        <Button type="primary" loading={busy} onClick={() => void saveLimits()} data-testid="wo-limits-save">{t('wo.config.saveLimits')}</Button>
      </Card>

      <Card title={<h3 style={{ margin: 0, fontSize: 16 }}>{t('wo.config.categories')}</h3>} size="small">
        <List<Category>
          dataSource={ordered}
          renderItem={(c) => (
            <List.Item data-testid="wo-category-row" style={{ paddingLeft: depth(c) * 16, flexWrap: 'wrap', gap: 8 }}>
              {editing?.id === c.id ? (
                <Space wrap>
                  <Input aria-label={t('wo.config.name')} value={editing.name} onChange={(e) => setEditing({ ...editing, name: e.target.value })} style={{ width: 140 }} data-testid="wo-category-name" />
                  <Input aria-label={t('wo.config.nameEn')} value={editing.nameEn} onChange={(e) => setEditing({ ...editing, nameEn: e.target.value })} style={{ width: 160 }} />
                  <Button size="small" type="primary" disabled={busy} onClick={() => void update(c.id, { name: editing.name, nameEn: editing.nameEn }).then(() => setEditing(null))} data-testid="wo-category-rename-save">{t('wo.config.save')}</Button>
                  <Button size="small" onClick={() => setEditing(null)}>{t('wo.config.cancel')}</Button>
                </Space>
              ) : (
                <span style={{ flex: 1, minWidth: 160 }}>
                  {label(c)} <span style={{ color: '#595959' }}>{c.code}</span> {c.retired ? <Tag>{t('wo.config.retired')}</Tag> : null}
                </span>
              )}
              {editing?.id === c.id ? null : (
                <Space wrap>
                  <Button size="small" disabled={busy} onClick={() => setEditing({ id: c.id, name: c.name, nameEn: c.nameEn ?? '' })} data-testid="wo-category-rename">{t('wo.config.rename')}</Button>
                  <Button size="small" danger={!c.retired} disabled={busy} onClick={() => void update(c.id, { retired: !c.retired })} data-testid={c.retired ? 'wo-category-reinstate' : 'wo-category-retire'}>
                    {c.retired ? t('wo.config.reinstate') : t('wo.config.retire')}
                  </Button>
                </Space>
              )}
            </List.Item>
          )}
        />
        <h4 style={{ marginTop: 16 }}>{t('wo.config.add')}</h4>
        <Form form={addForm} layout="vertical" data-testid="wo-category-add">
          <Form.Item name="parentId" label={t('wo.config.parent')}><TreeSelect allowClear treeData={parents} /></Form.Item>
          <Form.Item name="code" label={t('wo.config.code')} rules={[{ required: true, pattern: /^[A-Za-z0-9_.-]{1,40}$/ }]}><Input data-testid="wo-category-code" /></Form.Item>
          <Form.Item name="name" label={t('wo.config.name')} rules={[{ required: true, max: 60 }]}><Input data-testid="wo-category-zh" /></Form.Item>
          <Form.Item name="nameEn" label={t('wo.config.nameEn')} rules={[{ required: true, max: 100 }]}><Input data-testid="wo-category-en" /></Form.Item>
          <Button type="primary" loading={busy} onClick={() => void addCategory()} data-testid="wo-category-add-save">{t('wo.config.addSave')}</Button>
        </Form>
      </Card>
    </div>
  );
}
