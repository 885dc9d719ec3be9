import { Descriptions, Tag } from 'antd';
import { useT, type TFunction } from '../../i18n';
import type { ResponseOf } from '../../api/client';
import { formatDate } from '../labels';

export type WalletLicence = ResponseOf<'/api/wallet/licences'>['licences'][number];

const STATUS_COLOR: Record<WalletLicence['statusNow'], string> = {
  valid: 'green', suspended: 'orange', revoked: 'red', expired: 'default', cancelled: 'default', not_yet_valid: 'blue',
};

/** The licence's status today (a licence past its end date shows expired even before the sweep records it). */
export function LicenceStatusTag({ status }: { status: WalletLicence['statusNow'] }) {
  const { t } = useT();
  return <Tag color={STATUS_COLOR[status]} data-testid="licence-status" data-status={status} style={{ marginInlineEnd: 0 }}>{t(`wallet.status.${status}`)}</Tag>;
}

export function validityText(t: TFunction, l: Pick<WalletLicence, 'validFrom' | 'validTo'>) {
  return `${formatDate(l.validFrom)} – ${l.validTo ? formatDate(l.validTo) : t('wallet.longTerm')}`;
}

/** The licence's facts and printed fields, as the holder, a share link or the case's staff see them. */
export function LicenceFacts({ l, testid = 'licence-facts' }: { l: WalletLicence; testid?: string }) {
  const { t, lang } = useT();
  const items = [
    { key: 'type', label: t('wallet.field.type'), children: lang === 'en' && l.type.nameEn ? l.type.nameEn : l.type.name },
    { key: 'number', label: t('wallet.field.number'), children: <span data-testid="licence-number">{l.licenceNo}</span> },
    { key: 'holder', label: t('wallet.field.holder'), children: l.holder.name },
    { key: 'code', label: t('wallet.field.holderCode'), children: <span data-testid="licence-holder-code">{l.holder.code}</span> },
    { key: 'issuer', label: t('wallet.field.issuer'), children: lang === 'en' && l.issuer.nameEn ? l.issuer.nameEn : l.issuer.name },
    { key: 'issue', label: t('wallet.field.issueDate'), children: formatDate(l.issueDate) },
    { key: 'validity', label: t('wallet.field.validity'), children: validityText(t, l) },
    { key: 'status', label: t('wallet.field.status'), children: <LicenceStatusTag status={l.statusNow} /> },
    { key: 'identifier', label: t('wallet.field.identifier'), children: <span style={{ wordBreak: 'break-all' }}>{l.identifier}</span> },
    ...l.data.map((d) => ({ key: `data-${d.key}`, label: lang === 'en' && d.labelEn ? d.labelEn : d.label, children: d.value })),
  ];
  return <Descriptions data-testid={testid} size="small" bordered column={{ xs: 1, sm: 1, md: 2 }} items={items} />;
}
