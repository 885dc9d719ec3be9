import { Button, Card, Checkbox, Col, Form, Input, InputNumber, Row, Select, Switch } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useT } from '../../i18n';
import { useGet } from '../../api/query';
import { AUDIENCES, PROCESSING_MODES, SPECIAL_KINDS, STEP_ROLES } from '../../api/models';
import { enumLabel } from '../../components/labels';
import { MaterialsEditor } from './MaterialsEditor';
import { FeeStandardFields } from './FeeStandardFields';

const C = (...p: (string | number)[]) => ['content', ...p];

/** A list of free-text entries (legal bases, conditions). */
function TextList({ name, label, testid, addLabel, requiredMsg, max }: {
  name: string; label: string; testid: string; addLabel: string; requiredMsg: string; max: number;
}) {
  const { t } = useT();
  return (
    <Form.List
      name={C(name)}
      rules={[{ validator: async (_r, v: string[] | undefined) => {
        if (!v || v.filter((x) => x && x.trim()).length === 0) throw new Error(requiredMsg);
      } }]}
    >
      {(fields, { add, remove }, { errors }) => (
        <Form.Item label={label} required>
          {fields.map((field, i) => (
            <div key={field.key} style={{ display: 'flex', gap: 8, marginBottom: 8 }}>
              <span style={{ paddingTop: 5, minWidth: 18 }}>{i + 1}.</span>
              <Form.Item name={field.name} noStyle rules={[{ max, message: t('editor.maxLen', { n: max }) }]}>
                <Input.TextArea autoSize={{ minRows: 1, maxRows: 6 }} aria-label={`${label} ${i + 1}`} data-testid={`${testid}-${i}`} />
              </Form.Item>
              <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)} disabled={fields.length <= 1}
                aria-label={t('common.remove')} data-testid={`${testid}-remove-${i}`} />
            </div>
          ))}
          <Button type="dashed" onClick={() => add('')} icon={<PlusOutlined />} data-testid={`${testid}-add`}>{addLabel}</Button>
          <Form.ErrorList errors={errors} />
        </Form.Item>
      )}
    </Form.List>
  );
}

export function ContentFields() {
  const { t, pick } = useT();
  const form = Form.useFormInstance();
  const inHall = Form.useWatch(C('inHall'), form) as boolean | undefined;
  const inDepartment = Form.useWatch(C('inDepartment'), form) as boolean | undefined;
  const mode = Form.useWatch(C('processingMode'), form) as string | undefined;
  const facets = useGet('/api/catalog/facets');
  const themeOptions = (facets.data?.themes ?? []).map((x) => ({ value: x.key, label: pick(x.zh, x.en) }));
  const eventOptions = (facets.data?.lifeEvents ?? []).map((x) => ({ value: x.key, label: pick(x.zh, x.en) }));
  const maxLen = (n: number) => ({ max: n, message: t('editor.maxLen', { n }) });
  const card = { style: { marginBottom: 16 } } as const;

  return (
    <div data-testid="content-fields">
      <Card title={t('editor.sec.basic')} {...card}>
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item name={C('name')} label={t('editor.name')}
              rules={[{ required: true, whitespace: true, message: t('editor.req.name') }, maxLen(200)]}>
              <Input data-testid="item-name" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name={C('nameEn')} label={t('editor.nameEn')} rules={[maxLen(300)]}>
              <Input data-testid="item-name-en" />
            </Form.Item>
          </Col>
        </Row>
        <TextList name="legalBasis" label={t('guide.sec.basis')} testid="item-legal-basis" addLabel={t('editor.addLegalBasis')}
          requiredMsg={t('editor.req.legalBasis')} max={1000} />
        <TextList name="conditions" label={t('guide.sec.conditions')} testid="item-condition" addLabel={t('editor.addCondition')}
          requiredMsg={t('editor.req.conditions')} max={1000} />
      </Card>

      <Card title={t('guide.sec.materials')} {...card}>
        <MaterialsEditor />
      </Card>

      <Card title={t('guide.sec.procedure')} {...card}>
        <Form.List
          name={C('procedure')}
          rules={[{ validator: async (_r, v: unknown[] | undefined) => {
            if (!v || v.length === 0) throw new Error(t('editor.req.procedure'));
          } }]}
        >
          {(fields, { add, remove }, { errors }) => (
            <div data-testid="procedure-editor">
              {fields.map((field, i) => (
                <div key={field.key} className="ow-editor-row" data-testid="step-editor-row">
                  <div className="ow-editor-row-head">
                    <span>{t('editor.stepN', { n: i + 1 })}</span>
                    <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)}
                      disabled={fields.length <= 1} aria-label={t('common.remove')} data-testid={`step-remove-${i}`} />
                  </div>
                  <Row gutter={12}>
                    <Col xs={24} md={10}>
                      <Form.Item name={[field.name, 'name']} label={t('editor.stepName')}
                        rules={[{ required: true, whitespace: true, message: t('editor.req.stepName') }, maxLen(100)]}>
                        <Input data-testid={`step-name-${i}`} />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={7}>
                      <Form.Item name={[field.name, 'role']} label={t('editor.stepRole')}>
                        <Select allowClear data-testid={`step-role-${i}`} options={STEP_ROLES.map((r) => ({ value: r, label: enumLabel(t, 'stepRole', r) }))} />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={7}>
                      <Form.Item name={[field.name, 'workdays']} label={t('editor.stepWorkdays')}>
                        <InputNumber min={0} max={365} precision={0} style={{ width: '100%' }} data-testid={`step-workdays-${i}`} />
                      </Form.Item>
                    </Col>
                    <Col xs={24}>
                      <Form.Item name={[field.name, 'description']} label={t('editor.stepDescription')} rules={[maxLen(1000)]}>
                        <Input.TextArea autoSize={{ minRows: 1, maxRows: 6 }} data-testid={`step-description-${i}`} />
                      </Form.Item>
                    </Col>
                  </Row>
                </div>
              ))}
              <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ name: '', description: '' })} data-testid="step-add">
                {t('editor.addStep')}
              </Button>
              <Form.ErrorList errors={errors} />
            </div>
          )}
        </Form.List>
      </Card>

      <Card title={t('editor.sec.limits')} {...card}>
        <Row gutter={12}>
          <Col xs={12} md={6}>
            <Form.Item name={C('statutoryLimitDays')} label={t('editor.statutory')}
              rules={[{ required: true, message: t('editor.req.number') }]}>
              <InputNumber min={0} max={365} precision={0} style={{ width: '100%' }} data-testid="item-statutory-days" />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item
              name={C('promisedLimitDays')}
              label={t('editor.promised')}
              dependencies={[C('statutoryLimitDays')]}
              extra={<span data-testid="item-limit-rule">{t('editor.promisedRule')}</span>}
              rules={[
                { required: true, message: t('editor.req.number') },
                ({ getFieldValue }) => ({
                  validator: async (_r, v: number | null) => {
                    const s = getFieldValue(C('statutoryLimitDays')) as number | null;
                    if (typeof v === 'number' && typeof s === 'number' && v > s) throw new Error(t('editor.promisedRuleBroken', { s }));
                  },
                }),
              ]}
            >
              <InputNumber min={0} max={365} precision={0} style={{ width: '100%' }} data-testid="item-promised-days" />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name={C('processingMode')} label={t('guide.mode')} rules={[{ required: true, message: t('editor.req.select') }]}>
              <Select data-testid="item-mode" options={PROCESSING_MODES.map((m) => ({ value: m, label: enumLabel(t, 'mode', m) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            {/* 通办范围 (issue 17, docs/network.md): where else the application may be handed in and collected. */}
            <Form.Item name={C('acrossRegions')} label={t('editor.acrossRegions')} extra={t('editor.acrossRegionsHint')}>
              <Select data-testid="item-across-regions" options={(['none', 'province', 'nationwide'] as const).map((m) => ({ value: m, label: enumLabel(t, 'across', m) }))} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name={C('visits')} label={t('editor.visits')} rules={[{ required: true, message: t('editor.req.number') }]}>
              <InputNumber min={0} max={5} precision={0} style={{ width: '100%' }} data-testid="item-visits" />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name={C('online')} label={t('editor.online')} valuePropName="checked">
              <Switch data-testid="item-online" />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name={C('inHall')} label={t('editor.inHall')} valuePropName="checked">
              <Switch data-testid="item-in-hall" />
            </Form.Item>
          </Col>
          {inHall === false ? (
            <Col xs={24} md={12}>
              <Form.Item name={C('notInHallApproval')} label={t('editor.notInHallApproval')}
                rules={[{ required: true, whitespace: true, message: t('editor.req.notInHallApproval') }, maxLen(200)]}>
                <Input data-testid="item-not-in-hall-approval" />
              </Form.Item>
            </Col>
          ) : null}
          {mode === 'instant' ? (
            <Col xs={24} md={12}>
              {/* 审管分离's recorded exception: only an instant item may use it (modules/cases/separation.ts). */}
              <Form.Item name={C('windowDecisionByChiefRepresentative')} valuePropName="checked" extra={t('editor.windowDecisionHint')}>
                <Checkbox data-testid="item-window-decision">{t('editor.windowDecision')}</Checkbox>
              </Form.Item>
            </Col>
          ) : null}
          <Col xs={24} md={12}>
            <Form.Item name={C('inDepartment')} label={t('editor.inDepartment')} valuePropName="checked" extra={t('editor.inDepartmentHint')}>
              <Switch data-testid="item-in-department" />
            </Form.Item>
          </Col>
          {inDepartment ? (
            <>
              <Col xs={12} md={6}>
                <Form.Item name={C('handledInDepartment', 'toDepartmentDays')} label={t('editor.toDepartmentDays')}>
                  <InputNumber min={0} max={30} precision={0} style={{ width: '100%' }} data-testid="item-to-department-days" />
                </Form.Item>
              </Col>
              <Col xs={12} md={6}>
                <Form.Item name={C('handledInDepartment', 'toHallDays')} label={t('editor.toHallDays')}>
                  <InputNumber min={0} max={30} precision={0} style={{ width: '100%' }} data-testid="item-to-hall-days" />
                </Form.Item>
              </Col>
            </>
          ) : null}
        </Row>
        <Form.List name={C('specialProcedures')}>
          {(fields, { add, remove }) => (
            <div data-testid="special-editor"><Form.Item label={t('guide.specialProcedures')}>
              {fields.map((field, i) => (
                <div key={field.key} className="ow-editor-row" data-testid="special-editor-row">
                  <Row gutter={12} align="top">
                    <Col xs={24} md={6}>
                      <Form.Item name={[field.name, 'kind']} label={t('editor.specialKind')} rules={[{ required: true, message: t('editor.req.select') }]}>
                        <Select data-testid={`special-kind-${i}`} options={SPECIAL_KINDS.map((k) => ({ value: k, label: enumLabel(t, 'special', k) }))} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={11}>
                      <Form.Item name={[field.name, 'description']} label={t('editor.specialDescription')}
                        rules={[{ required: true, whitespace: true, message: t('editor.req.text') }, maxLen(500)]}>
                        <Input data-testid={`special-description-${i}`} />
                      </Form.Item>
                    </Col>
                    <Col xs={18} md={5}>
                      <Form.Item name={[field.name, 'maxWorkdays']} label={t('editor.specialMaxDays')}>
                        <InputNumber min={1} max={365} precision={0} style={{ width: '100%' }} data-testid={`special-max-days-${i}`} />
                      </Form.Item>
                    </Col>
                    <Col xs={6} md={2} style={{ paddingTop: 30 }}>
                      <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('common.remove')}
                        data-testid={`special-remove-${i}`} />
                    </Col>
                    <Col xs={24} md={22}>
                      <Form.Item name={[field.name, 'legalBasis']} label={t('editor.specialLegalBasis')} rules={[maxLen(500)]}>
                        <Input data-testid={`special-legal-basis-${i}`} />
                      </Form.Item>
                    </Col>
                  </Row>
                </div>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ kind: 'expert_review', description: '' })} data-testid="special-add">
                {t('editor.addSpecial')}
              </Button>
            </Form.Item></div>
          )}
        </Form.List>
      </Card>

      <Card title={t('editor.sec.fees')} {...card}>
        <p className="ow-muted" style={{ marginTop: 0 }}>{t('editor.feeEmptyHint')}</p>
        <Form.List name={C('fees')}>
          {(fields, { add, remove }) => (
            <div data-testid="fees-editor">
              {fields.map((field, i) => (
                <div key={field.key} className="ow-editor-row" data-testid="fee-editor-row">
                  <div className="ow-editor-row-head">
                    <span>{t('editor.feeN', { n: i + 1 })}</span>
                    <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)}
                      aria-label={t('common.remove')} data-testid={`fee-remove-${i}`} />
                  </div>
                  <Row gutter={12}>
                    <Col xs={24} md={8}>
                      <Form.Item name={[field.name, 'item']} label={t('guide.sec.feeItems')} rules={[{ required: true, whitespace: true, message: t('editor.req.text') }, maxLen(200)]}>
                        <Input data-testid={`fee-item-${i}`} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={8}>
                      <Form.Item name={[field.name, 'standard']} label={t('guide.sec.feeStandards')} rules={[{ required: true, whitespace: true, message: t('editor.req.text') }, maxLen(500)]}>
                        <Input data-testid={`fee-standard-${i}`} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={8}>
                      <Form.Item name={[field.name, 'basis']} label={t('guide.sec.feeBasis')} rules={[{ required: true, whitespace: true, message: t('editor.req.text') }, maxLen(500)]}>
                        <Input data-testid={`fee-basis-${i}`} />
                      </Form.Item>
                    </Col>
                  </Row>
                  <FeeStandardFields name={field.name} i={i} />
                </div>
              ))}
              <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ item: '', standard: '', basis: '' })} data-testid="fee-add">
                {t('editor.addFee')}
              </Button>
            </div>
          )}
        </Form.List>
      </Card>

      <Card title={t('editor.sec.audience')} {...card}>
        <Form.Item name={C('audiences')} label={t('guide.audiences')}
          rules={[{ required: true, type: 'array', min: 1, message: t('editor.req.audiences') }]}>
          <AudienceChecks label={t('guide.audiences')}>
            {AUDIENCES.map((a) => (
              <Checkbox key={a} value={a} data-testid={`item-audience-${a}`}>{enumLabel(t, 'audience', a)}</Checkbox>
            ))}
          </AudienceChecks>
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item name={C('themes')} label={t('editor.themes')} extra={t('editor.tagsHint')}
              rules={[{ type: 'array', max: 10, message: t('editor.maxTags', { n: 10 }) }]}>
              <Select mode="tags" data-testid="item-themes" options={themeOptions} tokenSeparators={[',', '，']} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name={C('lifeEvents')} label={t('editor.lifeEvents')} extra={t('editor.tagsHint')}
              rules={[{ type: 'array', max: 10, message: t('editor.maxTags', { n: 10 }) }]}>
              <Select mode="tags" data-testid="item-life-events" options={eventOptions} tokenSeparators={[',', '，']} />
            </Form.Item>
          </Col>
        </Row>
      </Card>

      <Card title={t('editor.sec.contact')} {...card}>
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item name={C('acceptanceLocation')} label={t('guide.location')} rules={[maxLen(300)]}>
              <Input data-testid="item-location" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name={C('result')} label={t('guide.result')} rules={[maxLen(200)]}>
              <Input data-testid="item-result" placeholder={t('editor.resultPh')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name={C('consultPhone')} label={t('guide.consultPhone')} rules={[maxLen(50)]}>
              <Input data-testid="item-consult-phone" inputMode="tel" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name={C('complaintPhone')} label={t('guide.complaintPhone')} rules={[maxLen(50)]}>
              <Input data-testid="item-complaint-phone" inputMode="tel" />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name={C('progressQuery')} label={t('guide.sec.progress')} rules={[maxLen(500)]}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} data-testid="item-progress-query" placeholder={t('guide.progressDefault')} />
            </Form.Item>
          </Col>
        </Row>
      </Card>
    </div>
  );
}

/**
 * The audiences' checkboxes as a named group. Form.Item hands its control `aria-required`, which ARIA
 * does not allow on a group (axe, critical): the requirement is on the label's mark and the validation.
 */
function AudienceChecks({ label, 'aria-required': _required, ...props }: React.ComponentProps<typeof Checkbox.Group> & { label: string; 'aria-required'?: unknown }) {
  return <Checkbox.Group role="group" aria-label={label} data-testid="item-audiences" {...props} />;
}
