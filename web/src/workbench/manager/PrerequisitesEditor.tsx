import { Button, Col, Form, Radio, Row, Select } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useT } from '../../i18n';
import type { ItemForm } from '../../api/models';
import type { ItemChoice } from './JointDefinitionFields';

/**
 * 前置事项 (docs/joint.md, Prerequisites): an item of the matter that waits for another's result, the
 * materials of its own that result stands for (not asked of the applicant), and what a denied
 * prerequisite does to the items waiting for it.
 */
export function PrerequisitesEditor({ items, forms }: { items: ItemChoice[]; forms: Record<string, ItemForm | null> }) {
  const { t } = useT();
  const form = Form.useFormInstance();
  const rows = (Form.useWatch(['definition', 'prerequisites'], form) ?? []) as Array<{ itemId?: string } | undefined>;
  const itemOptions = items.map((c) => ({ value: c.id, label: c.label }));
  const required = { required: true, message: t('jm.reqSelect') };
  return (
    <div data-testid="jm-prerequisites">
      <Form.Item name={['definition', 'prerequisiteDenial']} label={t('jm.pre.denial')}>
        <Radio.Group data-testid="jm-prerequisite-denial">
          <Radio value="terminate_dependents" data-testid="jm-prerequisite-denial-terminate">{t('jm.pre.denial.terminate_dependents')}</Radio>
          <Radio value="continue" data-testid="jm-prerequisite-denial-continue">{t('jm.pre.denial.continue')}</Radio>
        </Radio.Group>
      </Form.Item>
      <Form.List name={['definition', 'prerequisites']}>
        {(fields, { add, remove }) => (
          <div>
            {fields.map((field, i) => {
              const f = rows[i]?.itemId ? forms[rows[i]!.itemId!] : undefined;
              return (
                <div key={field.key} className="ow-editor-row" data-testid="jm-prerequisite-row">
                  <div className="ow-editor-row-head">
                    <span>{t('jm.pre.row')} {i + 1}</span>
                    <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={() => remove(i)} aria-label={t('common.remove')} data-testid={`jm-prerequisite-${i}-remove`} />
                  </div>
                  <Row gutter={12}>
                    <Col xs={24} md={8}>
                      <Form.Item name={[field.name, 'itemId']} label={t('jm.pre.item')} rules={[required]}>
                        <Select data-testid={`jm-prerequisite-${i}-item`} options={itemOptions} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={8}>
                      <Form.Item name={[field.name, 'requires']} label={t('jm.pre.requires')} rules={[required]}>
                        <Select data-testid={`jm-prerequisite-${i}-requires`} options={itemOptions} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={8}>
                      <Form.Item name={[field.name, 'materials']} label={t('jm.pre.materials')} extra={t('jm.pre.materialsHint')}>
                        <Select mode="multiple" data-testid={`jm-prerequisite-${i}-materials`} disabled={!f}
                          options={(f?.materials ?? []).map((m) => ({ value: m.key, label: m.name }))} />
                      </Form.Item>
                    </Col>
                  </Row>
                </div>
              );
            })}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ materials: [] })} disabled={items.length < 2} data-testid="jm-prerequisite-add">{t('jm.pre.add')}</Button>
          </div>
        )}
      </Form.List>
    </div>
  );
}
