import { Button, Col, Form, Input, InputNumber, Row, Select, Switch } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useT } from '../../i18n';
import { MATERIAL_FORMS, ORIGINAL_OR_COPY, REQUIREMENTS } from '../../api/models';
import { enumLabel } from '../../components/labels';
import { FileField } from './FileField';
import { emptyMaterial, type ContentFormValues } from './contentForm';

/** The materials list of a draft: one block per material, usable on a phone as on a desk. */
export function MaterialsEditor() {
  const { t } = useT();
  const form = Form.useFormInstance();
  const materials = (Form.useWatch(['content', 'materials'], form) ?? []) as ContentFormValues['materials'];

  return (
    <Form.List name={['content', 'materials']}>
      {(fields, { add, remove, move }) => (
        <div data-testid="materials-editor">
          {fields.length === 0 ? <p className="ow-muted">{t('editor.noMaterials')}</p> : null}
          {fields.map((field, i) => {
            const conditional = materials[i]?.requirement === 'conditional';
            return (
              <div key={field.key} className="ow-editor-row" data-testid="material-editor-row">
                <div className="ow-editor-row-head">
                  <span>{t('editor.materialN', { n: i + 1 })}</span>
                  <span>
                    <Button size="small" type="text" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, i - 1)} aria-label={t('editor.moveUp')} />
                    <Button size="small" type="text" icon={<ArrowDownOutlined />} disabled={i === fields.length - 1} onClick={() => move(i, i + 1)} aria-label={t('editor.moveDown')} />
                    <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={() => remove(i)} aria-label={t('common.remove')} data-testid={`material-remove-${i}`} />
                  </span>
                </div>
                <Form.Item name={[field.name, 'key']} hidden><Input /></Form.Item>
                <Row gutter={12}>
                  <Col xs={24} md={10}>
                    <Form.Item name={[field.name, 'name']} label={t('guide.mat.name')}
                      rules={[{ required: true, whitespace: true, message: t('editor.req.materialName') }, { max: 200, message: t('editor.maxLen', { n: 200 }) }]}>
                      <Input data-testid={`material-name-${i}`} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={5}>
                    <Form.Item name={[field.name, 'originalOrCopy']} label={t('guide.mat.originalOrCopy')} rules={[{ required: true, message: t('editor.req.select') }]}>
                      <Select data-testid={`material-ooc-${i}`} options={ORIGINAL_OR_COPY.map((v) => ({ value: v, label: enumLabel(t, 'ooc', v) }))} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={3}>
                    <Form.Item name={[field.name, 'copies']} label={t('guide.mat.copies')} rules={[{ required: true, message: t('editor.req.number') }]}>
                      <InputNumber min={0} max={99} precision={0} style={{ width: '100%' }} data-testid={`material-copies-${i}`} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={6}>
                    <Form.Item name={[field.name, 'form']} label={t('guide.mat.form')} rules={[{ required: true, message: t('editor.req.select') }]}>
                      <Select data-testid={`material-form-${i}`} options={MATERIAL_FORMS.map((v) => ({ value: v, label: enumLabel(t, 'form', v) }))} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={6}>
                    <Form.Item name={[field.name, 'requirement']} label={t('guide.mat.requirement')} rules={[{ required: true, message: t('editor.req.select') }]}>
                      <Select data-testid={`material-requirement-${i}`} options={REQUIREMENTS.map((v) => ({ value: v, label: enumLabel(t, 'requirement', v) }))} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={4}>
                    <Form.Item name={[field.name, 'eLicenceAccepted']} label={t('editor.eLicence')} valuePropName="checked">
                      <Switch data-testid={`material-elicence-${i}`} />
                    </Form.Item>
                  </Col>
                  {conditional ? (
                    <Col xs={24} md={14}>
                      <Form.Item name={[field.name, 'condition']} label={t('editor.materialCondition')}
                        rules={[{ required: true, whitespace: true, message: t('editor.req.materialCondition') }, { max: 500, message: t('editor.maxLen', { n: 500 }) }]}>
                        <Input data-testid={`material-condition-${i}`} placeholder={t('editor.materialConditionPh')} />
                      </Form.Item>
                    </Col>
                  ) : null}
                  <Col xs={24} md={12}>
                    <Form.Item name={[field.name, 'source']} label={t('guide.mat.source')} rules={[{ max: 200, message: t('editor.maxLen', { n: 200 }) }]}>
                      <Input data-testid={`material-source-${i}`} placeholder={t('editor.materialSourcePh')} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={12}>
                    <Form.Item name={[field.name, 'specification']} label={t('guide.mat.spec')} rules={[{ max: 500, message: t('editor.maxLen', { n: 500 }) }]}>
                      <Input data-testid={`material-spec-${i}`} placeholder={t('editor.materialSpecPh')} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={12}>
                    <Form.Item name={[field.name, 'templateFileId']} label={t('guide.mat.template')}>
                      <FileField testid={`material-template-${i}`} label={t('guide.mat.template')} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={12}>
                    <Form.Item name={[field.name, 'sampleFileId']} label={t('guide.mat.sample')}>
                      <FileField testid={`material-sample-${i}`} label={t('guide.mat.sample')} />
                    </Form.Item>
                  </Col>
                </Row>
              </div>
            );
          })}
          <Button type="dashed" block icon={<PlusOutlined />} data-testid="material-add"
            onClick={() => add(emptyMaterial(materials.map((m) => m?.key).filter(Boolean)))}>
            {t('editor.addMaterial')}
          </Button>
        </div>
      )}
    </Form.List>
  );
}
