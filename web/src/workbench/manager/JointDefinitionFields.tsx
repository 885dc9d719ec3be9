import { useEffect, useRef, useState } from 'react';
import { Button, Checkbox, Col, Form, Input, Row, Select, Switch } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useT } from '../../i18n';
import { api } from '../../api/client';
import type { ItemForm, ItemSummary, JointItemRef, JointQuestion } from '../../api/models';
import { enumLabel } from '../../components/labels';

/** The item forms (fields and materials) of the chosen items, fetched once each from GET /api/items/:id/form. */
export function useItemForms(ids: string[]) {
  const [forms, setForms] = useState<Record<string, ItemForm | null>>({});
  const asked = useRef(new Set<string>());
  const key = [...new Set(ids)].sort().join(',');
  useEffect(() => {
    for (const id of key ? key.split(',') : []) {
      if (asked.current.has(id)) continue;
      asked.current.add(id);
      api.get('/api/items/{id}/form', { params: { path: { id } } })
        .then((f) => setForms((m) => ({ ...m, [id]: f })))
        .catch(() => { asked.current.delete(id); setForms((m) => ({ ...m, [id]: null })); });
    }
  }, [key]);
  return forms;
}

export interface ItemChoice { id: string; label: string; departmentId: string }
export const choiceOf = (it: ItemSummary, pick: (a?: string | null, b?: string | null) => string): ItemChoice => ({
  id: it.id, label: `${pick(it.name, it.nameEn)}（${pick(it.department.name, it.department.nameEn)}）`, departmentId: it.department.id,
});

const req = (message: string) => ({ required: true, whitespace: true, message });
const keyRule = (message: string) => ({ pattern: /^[a-z][a-z0-9_]{0,29}$/, message });
const remove = (onClick: () => void, testid: string, label: string) => (
  <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={onClick} aria-label={label} data-testid={testid} />
);

/** 情形问题: key, label (zh/en), and at least two options each. */
export function QuestionsEditor() {
  const { t } = useT();
  return (
    <Form.List name={['definition', 'questions']}>
      {(fields, { add, remove: drop }) => (
        <div data-testid="jm-questions">
          {fields.map((field, i) => (
            <div key={field.key} className="ow-editor-row" data-testid="jm-question-row">
              <div className="ow-editor-row-head">
                <span>{t('jm.q.label')} {i + 1}</span>
                {remove(() => drop(i), `jm-question-${i}-remove`, t('common.remove'))}
              </div>
              <Row gutter={12}>
                <Col xs={24} md={6}>
                  <Form.Item name={[field.name, 'key']} label={t('jm.q.key')} rules={[req(t('jm.req')), keyRule(t('jm.keyPattern'))]}>
                    <Input data-testid={`jm-question-${i}-key`} placeholder="has_site" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={9}>
                  <Form.Item name={[field.name, 'label']} label={t('jm.q.label')} rules={[req(t('jm.req')), { max: 200, message: t('editor.maxLen', { n: 200 }) }]}>
                    <Input data-testid={`jm-question-${i}-label`} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={9}>
                  <Form.Item name={[field.name, 'labelEn']} label={t('jm.q.labelEn')} rules={[{ max: 300, message: t('editor.maxLen', { n: 300 }) }]}>
                    <Input data-testid={`jm-question-${i}-label-en`} />
                  </Form.Item>
                </Col>
              </Row>
              <div style={{ fontWeight: 500, marginBottom: 6 }}>{t('jm.q.options')}</div>
              <Form.List name={[field.name, 'options']}>
                {(opts, { add: addOpt, remove: dropOpt }) => (
                  <div>
                    {opts.map((o, j) => (
                      <Row key={o.key} gutter={8} align="top" wrap data-testid="jm-option-row">
                        <Col xs={10} md={6}>
                          <Form.Item name={[o.name, 'value']} rules={[req(t('jm.req')), keyRule(t('jm.keyPattern'))]} style={{ marginBottom: 8 }}>
                            <Input placeholder={t('jm.q.value')} data-testid={`jm-question-${i}-option-${j}-value`} />
                          </Form.Item>
                        </Col>
                        <Col xs={12} md={8}>
                          <Form.Item name={[o.name, 'label']} rules={[req(t('jm.req')), { max: 60, message: t('editor.maxLen', { n: 60 }) }]} style={{ marginBottom: 8 }}>
                            <Input placeholder={t('jm.q.optLabel')} data-testid={`jm-question-${i}-option-${j}-label`} />
                          </Form.Item>
                        </Col>
                        <Col xs={{ span: 22, order: 3 }} md={{ span: 8, order: 0 }}>
                          <Form.Item name={[o.name, 'labelEn']} style={{ marginBottom: 8 }}>
                            <Input placeholder={t('jm.q.optLabelEn')} data-testid={`jm-question-${i}-option-${j}-label-en`} />
                          </Form.Item>
                        </Col>
                        <Col xs={2} md={2}>{remove(() => dropOpt(j), `jm-question-${i}-option-${j}-remove`, t('common.remove'))}</Col>
                      </Row>
                    ))}
                    <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => addOpt({ value: '', label: '' })}
                      data-testid={`jm-question-${i}-option-add`} style={{ marginBottom: 12 }}>{t('jm.q.addOption')}</Button>
                  </div>
                )}
              </Form.List>
            </div>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ key: '', label: '', options: [{ value: 'yes', label: '是', labelEn: 'Yes' }, { value: 'no', label: '否', labelEn: 'No' }] })}
            data-testid="jm-question-add">{t('jm.q.add')}</Button>
        </div>
      )}
    </Form.List>
  );
}

/** An item's condition: none (always applies) or a question and the answers that include it. */
function WhenPicker({ value, onChange, questions, testid }: {
  value?: JointItemRef['when'];
  onChange?: (v: JointItemRef['when'] | undefined) => void;
  questions: JointQuestion[];
  testid: string;
}) {
  const { t } = useT();
  const q = questions.find((x) => x.key === value?.question);
  return (
    <div data-testid={testid} data-conditional={value ? 'true' : 'false'}>
      <Checkbox checked={!!value} disabled={!value && questions.length === 0} data-testid={`${testid}-conditional`}
        onChange={(e) => onChange?.(e.target.checked ? { question: questions[0]?.key ?? '', anyOf: [] } : undefined)}>
        {t('jm.i.conditional')}
      </Checkbox>
      {value ? (
        <Row gutter={8} style={{ marginTop: 8 }}>
          <Col xs={24} md={10}>
            <Select value={value.question || undefined} placeholder={t('jm.i.whenQuestion')} style={{ width: '100%' }} data-testid={`${testid}-question`}
              options={questions.filter((x) => x.key).map((x) => ({ value: x.key, label: x.label || x.key }))}
              onChange={(question: string) => onChange?.({ question, anyOf: [] })} />
          </Col>
          <Col xs={24} md={14}>
            <Select mode="multiple" value={value.anyOf} placeholder={t('jm.i.whenAnyOf')} style={{ width: '100%', marginTop: 0 }} data-testid={`${testid}-anyof`}
              options={(q?.options ?? []).filter((o) => o.value).map((o) => ({ value: o.value, label: o.label || o.value }))}
              onChange={(anyOf: string[]) => onChange?.({ question: value.question, anyOf })} />
          </Col>
        </Row>
      ) : null}
    </div>
  );
}

/** 包含事项: the center's items (at least two), each with an optional condition on the questions. */
export function ItemsEditor({ choices, loading }: { choices: ItemChoice[]; loading: boolean }) {
  const { t } = useT();
  const form = Form.useFormInstance();
  const questions = (Form.useWatch(['definition', 'questions'], form) ?? []) as JointQuestion[];
  const chosen = ((Form.useWatch(['definition', 'items'], form) ?? []) as Partial<JointItemRef>[]).map((i) => i?.itemId);
  return (
    <Form.List name={['definition', 'items']}>
      {(fields, { add, remove: drop }) => (
        <div data-testid="jm-items">
          {fields.map((field, i) => (
            <div key={field.key} className="ow-editor-row" data-testid="jm-item-row">
              <div className="ow-editor-row-head">
                <span>{t('jm.i.item')} {i + 1}</span>
                {remove(() => drop(i), `jm-item-${i}-remove`, t('common.remove'))}
              </div>
              <Form.Item name={[field.name, 'itemId']} rules={[{ required: true, message: t('jm.reqSelect') }]} style={{ marginBottom: 8 }}>
                <Select data-testid={`jm-item-${i}`} placeholder={t('jm.i.itemPh')} loading={loading}
                  showSearch={{ optionFilterProp: 'label' }}
                  options={choices.map((c) => ({ value: c.id, label: c.label, disabled: chosen.includes(c.id) && chosen[i] !== c.id }))} />
              </Form.Item>
              <Form.Item name={[field.name, 'when']} style={{ marginBottom: 12 }}>
                <WhenPicker questions={questions} testid={`jm-item-${i}-when`} />
              </Form.Item>
            </div>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ itemId: undefined })} data-testid="jm-item-add">{t('jm.i.add')}</Button>
        </div>
      )}
    </Form.List>
  );
}

type SourceValue = { itemId?: string; field?: string; material?: string };

/** One source of a shared field or material: an item of the matter, then one of that item's fields or materials. */
function SourcePicker({ value, onChange, kind, items, forms, testid }: {
  value?: SourceValue;
  onChange?: (v: SourceValue) => void;
  kind: 'field' | 'material';
  items: ItemChoice[];
  forms: Record<string, ItemForm | null>;
  testid: string;
}) {
  const { t, msg } = useT();
  const f = value?.itemId ? forms[value.itemId] : undefined;
  const options = !f ? [] : kind === 'field'
    ? f.fields.map((x) => ({ value: x.key, label: `${msg(x.label)}（${enumLabel(t, 'fieldType', x.type)}）` }))
    : f.materials.map((x) => ({ value: x.key, label: x.name }));
  return (
    <Row gutter={8} style={{ flex: 1, minWidth: 0 }}>
      <Col xs={24} md={12}>
        <Select value={value?.itemId} placeholder={t('jm.f.sourceItem')} style={{ width: '100%', marginBottom: 6 }} data-testid={`${testid}-item`}
          options={items.map((c) => ({ value: c.id, label: c.label }))}
          onChange={(itemId: string) => onChange?.({ itemId })} />
      </Col>
      <Col xs={24} md={12}>
        <Select value={value?.[kind]} placeholder={value?.itemId ? (kind === 'field' ? t('jm.f.sourceField') : t('jm.m.sourceMaterial')) : t('jm.pickItemFirst')}
          disabled={!value?.itemId} loading={!!value?.itemId && f === undefined} style={{ width: '100%', marginBottom: 6 }} data-testid={`${testid}-${kind}`}
          options={options} onChange={(v: string) => onChange?.({ itemId: value?.itemId, [kind]: v })} />
      </Col>
    </Row>
  );
}

function SourcesList({ path, kind, items, forms, testid }: {
  path: (string | number)[];
  kind: 'field' | 'material';
  items: ItemChoice[];
  forms: Record<string, ItemForm | null>;
  testid: string;
}) {
  const { t } = useT();
  const complete = (v: SourceValue | undefined) => (v?.itemId && v[kind] ? Promise.resolve() : Promise.reject(new Error(kind === 'field' ? t('jm.f.sourceField') : t('jm.m.sourceMaterial'))));
  return (
    <Form.List name={path} rules={[{ validator: (_r, v: unknown[] | undefined) => (v && v.length ? Promise.resolve() : Promise.reject(new Error(kind === 'field' ? t('jm.f.addSource') : t('jm.m.addSource')))) }]}>
      {(fields, { add, remove: drop }, { errors }) => (
        <div>
          {fields.map((s, k) => (
            <div key={s.key} style={{ display: 'flex', gap: 4, alignItems: 'flex-start' }} data-testid="jm-source-row">
              <Form.Item name={s.name} rules={[{ validator: (_r, v: SourceValue | undefined) => complete(v) }]} style={{ flex: 1, minWidth: 0, marginBottom: 6 }}>
                <SourcePicker kind={kind} items={items} forms={forms} testid={`${testid}-source-${k}`} />
              </Form.Item>
              {remove(() => drop(k), `${testid}-source-${k}-remove`, t('common.remove'))}
            </div>
          ))}
          <Form.ErrorList errors={errors} />
          <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => add({})} data-testid={`${testid}-source-add`} style={{ marginBottom: 12 }}
            disabled={items.length === 0}>
            {kind === 'field' ? t('jm.f.addSource') : t('jm.m.addSource')}
          </Button>
          {items.length === 0 ? <div className="ow-muted" style={{ marginBottom: 12 }}>{t('jm.noItems')}</div> : null}
        </div>
      )}
    </Form.List>
  );
}

const FIELD_TYPES = ['text', 'textarea', 'date', 'number', 'select'] as const;

/** 共享表单字段: one question of the merged form standing for fields of several items. */
export function SharedFieldsEditor({ items, forms }: { items: ItemChoice[]; forms: Record<string, ItemForm | null> }) {
  const { t } = useT();
  const form = Form.useFormInstance();
  const values = (Form.useWatch(['definition', 'sharedFields'], form) ?? []) as { type?: string }[];
  return (
    <Form.List name={['definition', 'sharedFields']}>
      {(fields, { add, remove: drop }) => (
        <div data-testid="jm-fields">
          {fields.map((field, i) => (
            <div key={field.key} className="ow-editor-row" data-testid="jm-field-row">
              <div className="ow-editor-row-head">
                <span>{t('jm.f.label')} {i + 1}</span>
                {remove(() => drop(i), `jm-field-${i}-remove`, t('common.remove'))}
              </div>
              <Row gutter={12}>
                <Col xs={12} md={5}>
                  <Form.Item name={[field.name, 'key']} label={t('jm.f.key')}
                    rules={[req(t('jm.req')), { pattern: /^[a-z][a-zA-Z0-9_]{0,39}$/, message: t('jm.keyPattern') }]}>
                    <Input data-testid={`jm-field-${i}-key`} placeholder="shopName" />
                  </Form.Item>
                </Col>
                <Col xs={12} md={7}>
                  <Form.Item name={[field.name, 'label']} label={t('jm.f.label')} rules={[req(t('jm.req')), { max: 60, message: t('editor.maxLen', { n: 60 }) }]}>
                    <Input data-testid={`jm-field-${i}-label`} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={6}>
                  <Form.Item name={[field.name, 'labelEn']} label={t('jm.f.labelEn')} rules={[{ max: 120, message: t('editor.maxLen', { n: 120 }) }]}>
                    <Input data-testid={`jm-field-${i}-label-en`} />
                  </Form.Item>
                </Col>
                <Col xs={14} md={4}>
                  <Form.Item name={[field.name, 'type']} label={t('jm.f.type')} rules={[{ required: true, message: t('jm.reqSelect') }]}>
                    <Select data-testid={`jm-field-${i}-type`} options={FIELD_TYPES.map((x) => ({ value: x, label: enumLabel(t, 'fieldType', x) }))} />
                  </Form.Item>
                </Col>
                <Col xs={10} md={2}>
                  <Form.Item name={[field.name, 'required']} label={t('jm.f.required')} valuePropName="checked">
                    <Switch data-testid={`jm-field-${i}-required`} />
                  </Form.Item>
                </Col>
              </Row>
              {values[i]?.type === 'select' ? (
                <Form.List name={[field.name, 'options']}>
                  {(opts, { add: addOpt, remove: dropOpt }) => (
                    <div style={{ marginBottom: 8 }}>
                      <div style={{ fontWeight: 500, marginBottom: 6 }}>{t('jm.f.options')}</div>
                      {opts.map((o, j) => (
                        <Row key={o.key} gutter={8}>
                          <Col xs={10} md={6}><Form.Item name={[o.name, 'value']} rules={[req(t('jm.req'))]} style={{ marginBottom: 6 }}><Input placeholder={t('jm.q.value')} data-testid={`jm-field-${i}-option-${j}-value`} /></Form.Item></Col>
                          <Col xs={12} md={8}><Form.Item name={[o.name, 'label']} rules={[req(t('jm.req'))]} style={{ marginBottom: 6 }}><Input placeholder={t('jm.q.optLabel')} data-testid={`jm-field-${i}-option-${j}-label`} /></Form.Item></Col>
                          <Col xs={{ span: 22, order: 3 }} md={{ span: 8, order: 0 }}><Form.Item name={[o.name, 'labelEn']} style={{ marginBottom: 6 }}><Input placeholder={t('jm.q.optLabelEn')} /></Form.Item></Col>
                          <Col xs={2} md={2}>{remove(() => dropOpt(j), `jm-field-${i}-option-${j}-remove`, t('common.remove'))}</Col>
                        </Row>
                      ))}
                      <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => addOpt({ value: '', label: '' })} data-testid={`jm-field-${i}-option-add`}>{t('jm.q.addOption')}</Button>
                    </div>
                  )}
                </Form.List>
              ) : null}
              <div style={{ fontWeight: 500, marginBottom: 6 }}>{t('jm.f.sources')}</div>
              <SourcesList path={[field.name, 'sources']} kind="field" items={items} forms={forms} testid={`jm-field-${i}`} />
            </div>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ key: '', label: '', type: 'text', required: true, sources: [{}] })}
            data-testid="jm-field-add">{t('jm.f.add')}</Button>
        </div>
      )}
    </Form.List>
  );
}

/** 共享材料: one upload standing for materials of several items. */
export function SharedMaterialsEditor({ items, forms }: { items: ItemChoice[]; forms: Record<string, ItemForm | null> }) {
  const { t } = useT();
  return (
    <Form.List name={['definition', 'sharedMaterials']}>
      {(fields, { add, remove: drop }) => (
        <div data-testid="jm-materials">
          {fields.map((field, i) => (
            <div key={field.key} className="ow-editor-row" data-testid="jm-material-row">
              <div className="ow-editor-row-head">
                <span>{t('jm.m.name')} {i + 1}</span>
                {remove(() => drop(i), `jm-material-${i}-remove`, t('common.remove'))}
              </div>
              <Row gutter={12}>
                <Col xs={24} md={8}>
                  <Form.Item name={[field.name, 'key']} label={t('jm.m.key')} rules={[req(t('jm.req')), { pattern: /^[a-z0-9_-]{1,40}$/, message: t('jm.matKeyPattern') }]}>
                    <Input data-testid={`jm-material-${i}-key`} placeholder="licence" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={16}>
                  <Form.Item name={[field.name, 'name']} label={t('jm.m.name')} rules={[req(t('jm.req')), { max: 200, message: t('editor.maxLen', { n: 200 }) }]}>
                    <Input data-testid={`jm-material-${i}-name`} />
                  </Form.Item>
                </Col>
              </Row>
              <div style={{ fontWeight: 500, marginBottom: 6 }}>{t('jm.m.sources')}</div>
              <SourcesList path={[field.name, 'sources']} kind="material" items={items} forms={forms} testid={`jm-material-${i}`} />
            </div>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ key: '', name: '', sources: [{}] })} data-testid="jm-material-add">{t('jm.m.add')}</Button>
        </div>
      )}
    </Form.List>
  );
}
