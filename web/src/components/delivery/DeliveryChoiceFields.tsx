import { useEffect } from 'react';
import { Form, Input, Radio } from 'antd';
import { useT } from '../../i18n';
import { enumLabel } from '../labels';
import type { BodyOf } from '../../api/client';

export type DeliveryChoice = BodyOf<'/api/cases/{id}/delivery/choice', 'put'>;
export type DeliveryMethod = DeliveryChoice['method'];
const METHODS: readonly DeliveryMethod[] = ['pickup', 'post', 'cabinet'];

/** The form values of a delivery choice (under `name`, default `delivery`). */
export interface DeliveryValues { method?: DeliveryMethod; recipientName?: string; recipientPhone?: string; regionCode?: string; address?: string }

/** The API body for the values: the post fields only for post. */
export function toDeliveryChoice(v: DeliveryValues | undefined): DeliveryChoice {
  const method = v?.method ?? 'pickup';
  if (method !== 'post') return { method };
  return { method, recipientName: v?.recipientName?.trim() ?? '', recipientPhone: v?.recipientPhone?.trim() ?? '', regionCode: v?.regionCode?.trim() ?? '', address: v?.address?.trim() ?? '' };
}

/** What the account already knows for a postal delivery (issue 14: nothing the account knows is asked again). */
export type DeliveryPrefill = Partial<Pick<DeliveryValues, 'recipientName' | 'recipientPhone' | 'address'>>;

/**
 * The applicant's choice: pickup at the window, post (with the address), or the self-pickup cabinet.
 * `prefill`: when post is chosen, its empty recipient fields take these values (still editable).
 */
export function DeliveryChoiceFields({ name = 'delivery', prefix, prefill }: { name?: string; prefix: string; prefill?: DeliveryPrefill }) {
  const { t } = useT();
  const form = Form.useFormInstance<Record<string, DeliveryValues | undefined>>();
  const method = Form.useWatch([name, 'method']) as DeliveryMethod | undefined;
  useEffect(() => {
    if (method !== 'post' || !prefill) return;
    const current = (form.getFieldValue(name) ?? {}) as DeliveryValues;
    const fill = Object.fromEntries((['recipientName', 'recipientPhone', 'address'] as const)
      .filter((k) => !current[k] && prefill[k]).map((k) => [k, prefill[k]]));
    if (Object.keys(fill).length > 0) form.setFieldsValue({ [name]: { ...current, ...fill } });
  }, [method, prefill, form, name]);
  return (
    <div data-testid={`${prefix}-delivery`}>
      <p className="ow-muted" style={{ marginTop: 0 }}>{t('dl.choice.hint')}</p>
      <Form.Item name={[name, 'method']} label={t('dl.choice.method')} initialValue="pickup" rules={[{ required: true }]}>
        <Radio.Group data-testid={`${prefix}-delivery-method`}>
          {METHODS.map((m) => <Radio key={m} value={m} data-testid={`${prefix}-delivery-${m}`}>{enumLabel(t, 'delivery', m)}</Radio>)}
        </Radio.Group>
      </Form.Item>
      {method === 'post' ? (
        <>
          <Form.Item name={[name, 'recipientName']} label={t('dl.choice.recipientName')} rules={[{ required: true, whitespace: true, max: 50 }]}>
            <Input autoComplete="name" data-testid={`${prefix}-delivery-name`} />
          </Form.Item>
          <Form.Item name={[name, 'recipientPhone']} label={t('dl.choice.recipientPhone')} rules={[{ required: true, pattern: /^1\d{10}$|^0\d{2,3}-?\d{7,8}$/ }]}>
            <Input inputMode="tel" autoComplete="tel" data-testid={`${prefix}-delivery-phone`} />
          </Form.Item>
          <Form.Item name={[name, 'regionCode']} label={t('dl.choice.regionCode')} rules={[{ required: true, pattern: /^\d{6}$|^\d{9}$|^\d{12}$/ }]}>
            <Input inputMode="numeric" maxLength={12} data-testid={`${prefix}-delivery-region`} />
          </Form.Item>
          <Form.Item name={[name, 'address']} label={t('dl.choice.address')} rules={[{ required: true, whitespace: true, min: 4, max: 200 }]}>
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 3 }} autoComplete="street-address" data-testid={`${prefix}-delivery-address`} />
          </Form.Item>
        </>
      ) : null}
    </div>
  );
}
