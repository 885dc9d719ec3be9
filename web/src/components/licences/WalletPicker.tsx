import { Link } from 'react-router-dom';
import { Checkbox, Form, Input, Select } from 'antd';
import { useT } from '../../i18n';
import { useGet } from '../../api/query';
import { QueryError } from '../QueryError';
import { formatDate } from '../labels';

/**
 * "Pick from my wallet" (issue 12): instead of typing a licence's type and number, the applicant
 * chooses one of their own licences that is valid today and of a type the material accepts, and
 * ticks the consent to its use for this application. The server checks it again (holder, status,
 * type) and records the use, which the holder then sees in 我的证照.
 */
export function WalletPicker({ materialKey, materialName, types, prefix }: { materialKey: string; materialName: string; types: string[]; prefix: string }) {
  const { t, lang } = useT();
  const form = Form.useFormInstance();
  const query = { status: 'valid' as const, pageSize: 100, ...(types.length ? { types: types.join(',') } : {}) };
  const list = useGet('/api/wallet/licences', { query });
  const licences = list.data?.licences ?? [];
  const label = t('wallet.pick');
  const pick = (id: string) => {
    const l = licences.find((x) => x.id === id);
    form.setFieldValue(['eLicences', materialKey, 'type'], l?.type.code);
    form.setFieldValue(['eLicences', materialKey, 'number'], l?.licenceNo);
  };
  return (
    <div data-testid={`${prefix}-material-${materialKey}-elicence`}>
      <QueryError of={list} />
      <Form.Item name={['eLicences', materialKey, 'licenceId']} label={label} style={{ marginBottom: 8 }}
        rules={[{ required: true, message: t('wallet.pickRequired', { name: materialName }) }]}
        extra={!list.isLoading && licences.length === 0 ? (
          <span data-testid={`${prefix}-material-${materialKey}-wallet-empty`}>{t('wallet.noneUsable')} <Link to="/my/licences">{t('wallet.title')}</Link></span>
        ) : null}>
        <Select data-testid={`${prefix}-material-${materialKey}-wallet`} aria-label={label} placeholder={t('wallet.pickPlaceholder')}
          loading={list.isLoading} onChange={pick}
          options={licences.map((l) => ({
            value: l.id,
            label: `${lang === 'en' && l.type.nameEn ? l.type.nameEn : l.type.name} · ${l.licenceNo} · ${l.validTo ? t('wallet.validTo', { date: formatDate(l.validTo) }) : t('wallet.longTerm')}`,
          }))} />
      </Form.Item>
      <Form.Item name={['eLicences', materialKey, 'type']} hidden><Input /></Form.Item>
      <Form.Item name={['eLicences', materialKey, 'number']} hidden><Input /></Form.Item>
      <Form.Item name={['eLicences', materialKey, 'consent']} valuePropName="checked" style={{ marginBottom: 8 }}
        rules={[{ validator: (_r, v: boolean | undefined) => (v ? Promise.resolve() : Promise.reject(new Error(t('wallet.consentRequired')))) }]}>
        <Checkbox data-testid={`${prefix}-material-${materialKey}-consent`}>{t('wallet.consent')}</Checkbox>
      </Form.Item>
    </div>
  );
}
