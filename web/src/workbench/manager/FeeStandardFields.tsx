import { useEffect, useState } from 'react';
import { Button, Col, Form, Input, InputNumber, Row, Select } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useT } from '../../i18n';
import { fenToYuan, yuanToFen } from './feeStandardForm';

/**
 * An amount typed in 元 (at most two decimals) whose form value is whole fen: the text is converted by
 * string arithmetic, never through a float. Text that is not such an amount stays as text, so the
 * rule below (`fenRule`) refuses it.
 */
function FenInput({ id, value, onChange, testid }: { id?: string; value?: number | string | null; onChange?: (v: number | string | null) => void; testid: string }) {
  const [text, setText] = useState(() => (typeof value === 'number' ? fenToYuan(value) : value ?? ''));
  useEffect(() => {
    // A value set from outside (the loaded version, a reset) shows as 元.
    if (typeof value === 'number' && yuanToFen(text) !== value) setText(fenToYuan(value));
    if (value === null || value === undefined) setText((x) => (x.trim() === '' ? x : ''));
  }, [value]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <Input id={id} value={text} inputMode="decimal" suffix="元" data-testid={testid}
      onChange={(e) => {
        const v = e.target.value;
        setText(v);
        onChange?.(v.trim() === '' ? null : yuanToFen(v) ?? v);
      }} />
  );
}

/** The computable standard of one fee row of the item editor (docs/fees.md "Fee standards"). */
export function FeeStandardFields({ name, i }: { name: number; i: number }) {
  const { t } = useT();
  const form = Form.useFormInstance();
  const path = ['content', 'fees', name];
  const mode = Form.useWatch([...path, 'charge', 'mode'], form) as string | undefined;
  const fenRule = (required: boolean) => ({
    validator: async (_r: unknown, v: unknown) => {
      if (v === null || v === undefined || v === '') { if (required) throw new Error(t('feeEd.req.amount')); return; }
      if (typeof v !== 'number') throw new Error(t('feeEd.yuanInvalid'));
    },
  });
  const codeRule = { pattern: /^[A-Z0-9][A-Z0-9_-]{0,31}$/, message: t('feeEd.codeRule') };
  const req = { required: true, whitespace: true, message: t('editor.req.text') };
  const qty = mode === 'per_unit' || mode === 'tiered';

  return (
    <div data-testid={`fee-standard-fields-${i}`}>
      <Row gutter={12}>
        <Col xs={12} md={6}>
          <Form.Item name={[name, 'code']} label={t('feeEd.code')} rules={[codeRule]} extra={t('feeEd.codeHint')}>
            <Input data-testid={`fee-code-${i}`} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name={[name, 'fiscalAccount']} label={t('feeEd.account')} rules={[{ max: 40, message: t('editor.maxLen', { n: 40 }) }]}>
            <Input data-testid={`fee-account-${i}`} placeholder="HN-NONTAX" />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name={[name, 'charge', 'mode']} label={t('feeEd.mode')}>
            <Select allowClear data-testid={`fee-mode-${i}`} placeholder={t('feeEd.mode.none')}
              options={(['fixed', 'per_unit', 'tiered'] as const).map((m) => ({ value: m, label: t(`feeEd.mode.${m}`) }))} />
          </Form.Item>
        </Col>
        {mode === 'fixed' ? (
          <Col xs={24} md={6}>
            <Form.Item name={[name, 'charge', 'amountFen']} label={t('feeEd.amount')} rules={[fenRule(true)]}>
              <FenInput testid={`fee-amount-${i}`} />
            </Form.Item>
          </Col>
        ) : null}
        {qty ? (
          <>
            <Col xs={12} md={6}>
              <Form.Item name={[name, 'charge', 'unit']} label={t('feeEd.unit')} rules={[req, { max: 20, message: t('editor.maxLen', { n: 20 }) }]}>
                <Input data-testid={`fee-unit-${i}`} placeholder={t('feeEd.unitPh')} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name={[name, 'charge', 'quantityField']} label={t('feeEd.quantityField')} rules={[req]} extra={t('feeEd.quantityFieldHint')}>
                <Input data-testid={`fee-quantity-field-${i}`} />
              </Form.Item>
            </Col>
          </>
        ) : null}
        {mode === 'per_unit' ? (
          <>
            <Col xs={12} md={6}>
              <Form.Item name={[name, 'charge', 'unitFen']} label={t('feeEd.unitPrice')} rules={[fenRule(true)]}>
                <FenInput testid={`fee-unit-price-${i}`} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name={[name, 'charge', 'minQuantity']} label={t('feeEd.minQuantity')}>
                <InputNumber min={0.001} max={1e9} precision={3} style={{ width: '100%' }} data-testid={`fee-min-quantity-${i}`} />
              </Form.Item>
            </Col>
          </>
        ) : null}
      </Row>
      {mode === 'tiered' ? (
        <Form.List name={[name, 'charge', 'bands']}>
          {(bands, { add, remove }) => (
            <Form.Item label={t('feeEd.bands')} extra={t('feeEd.bandsHint')}>
              {bands.map((b, j) => (
                <Row gutter={8} key={b.key} data-testid={`fee-band-${i}-${j}`}>
                  <Col xs={8} md={7}>
                    <Form.Item name={[b.name, 'upTo']} label={t('feeEd.upTo')}>
                      <InputNumber min={0.001} style={{ width: '100%' }} placeholder={t('feeEd.open')} data-testid={`fee-band-upto-${i}-${j}`} />
                    </Form.Item>
                  </Col>
                  <Col xs={8} md={7}>
                    <Form.Item name={[b.name, 'baseFen']} label={t('feeEd.base')} rules={[fenRule(true)]}>
                      <FenInput testid={`fee-band-base-${i}-${j}`} />
                    </Form.Item>
                  </Col>
                  <Col xs={6} md={7}>
                    <Form.Item name={[b.name, 'unitFen']} label={t('feeEd.unitPrice')} rules={[fenRule(false)]}>
                      <FenInput testid={`fee-band-unit-${i}-${j}`} />
                    </Form.Item>
                  </Col>
                  <Col xs={2} md={3} style={{ paddingTop: 30 }}>
                    <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(b.name)} aria-label={t('common.remove')} />
                  </Col>
                </Row>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ upTo: null, baseFen: null, unitFen: null })} data-testid={`fee-band-add-${i}`}>
                {t('feeEd.addBand')}
              </Button>
            </Form.Item>
          )}
        </Form.List>
      ) : null}
      <Form.List name={[name, 'reductions']}>
        {(rs, { add, remove }) => (
          <Form.Item label={t('feeEd.reductions')}>
            {rs.map((r, j) => <ReductionRow key={r.key} path={[...path, 'reductions', r.name]} name={r.name} i={i} j={j} onRemove={() => remove(r.name)} fenRule={fenRule} codeRule={codeRule} />)}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ kind: 'exempt' })} data-testid={`fee-reduction-add-${i}`}>
              {t('feeEd.addReduction')}
            </Button>
          </Form.Item>
        )}
      </Form.List>
    </div>
  );
}

function ReductionRow({ path, name, i, j, onRemove, fenRule, codeRule }: {
  path: (string | number)[]; name: number; i: number; j: number; onRemove: () => void;
  fenRule: (required: boolean) => object; codeRule: object;
}) {
  const { t } = useT();
  const form = Form.useFormInstance();
  const kind = Form.useWatch([...path, 'kind'], form) as string | undefined;
  const req = { required: true, whitespace: true, message: t('editor.req.text') };
  return (
    <div className="ow-editor-row" data-testid={`fee-reduction-${i}-${j}`}>
      <Row gutter={8}>
        <Col xs={12} md={6}>
          <Form.Item name={[name, 'code']} label={t('feeEd.code')} rules={[{ required: true, message: t('editor.req.text') }, codeRule]}>
            <Input data-testid={`fee-reduction-code-${i}-${j}`} />
          </Form.Item>
        </Col>
        <Col xs={12} md={8}>
          <Form.Item name={[name, 'name']} label={t('feeEd.reductionName')} rules={[req, { max: 100, message: t('editor.maxLen', { n: 100 }) }]}>
            <Input data-testid={`fee-reduction-name-${i}-${j}`} />
          </Form.Item>
        </Col>
        <Col xs={20} md={8}>
          <Form.Item name={[name, 'basis']} label={t('guide.sec.feeBasis')} rules={[req, { max: 500, message: t('editor.maxLen', { n: 500 }) }]}>
            <Input data-testid={`fee-reduction-basis-${i}-${j}`} />
          </Form.Item>
        </Col>
        <Col xs={4} md={2} style={{ paddingTop: 30 }}>
          <Button type="text" danger icon={<DeleteOutlined />} onClick={onRemove} aria-label={t('common.remove')} />
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name={[name, 'when', 'field']} label={t('feeEd.whenField')} rules={[req]}>
            <Input data-testid={`fee-reduction-field-${i}-${j}`} />
          </Form.Item>
        </Col>
        <Col xs={12} md={8}>
          <Form.Item name={[name, 'when', 'anyOf']} label={t('feeEd.whenAnyOf')} extra={t('feeEd.whenAnyOfHint')}>
            <Select mode="tags" tokenSeparators={[',', '，']} data-testid={`fee-reduction-anyof-${i}-${j}`} />
          </Form.Item>
        </Col>
        <Col xs={12} md={5}>
          <Form.Item name={[name, 'kind']} label={t('feeEd.kind')} rules={[{ required: true, message: t('editor.req.select') }]}>
            <Select data-testid={`fee-reduction-kind-${i}-${j}`} options={(['exempt', 'percent', 'amount'] as const).map((k) => ({ value: k, label: t(`feeEd.kind.${k}`) }))} />
          </Form.Item>
        </Col>
        {kind === 'percent' ? (
          <Col xs={12} md={5}>
            <Form.Item name={[name, 'percent']} label={t('feeEd.percent')} rules={[{ required: true, message: t('editor.req.number') }]}>
              <InputNumber min={1} max={100} precision={0} suffix="%" style={{ width: '100%' }} data-testid={`fee-reduction-percent-${i}-${j}`} />
            </Form.Item>
          </Col>
        ) : null}
        {kind === 'amount' ? (
          <Col xs={12} md={5}>
            <Form.Item name={[name, 'amountFen']} label={t('feeEd.amountOff')} rules={[fenRule(true)]}>
              <FenInput testid={`fee-reduction-amount-${i}-${j}`} />
            </Form.Item>
          </Col>
        ) : null}
      </Row>
    </div>
  );
}
