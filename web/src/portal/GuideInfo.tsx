import { Descriptions, Tag, type DescriptionsProps } from 'antd';
import { useT } from '../i18n';
import type { Guide } from '../api/models';
import { enumLabel, formatDate, formatDateTime } from '../components/labels';

/** The elements beside the ten public items: codes, department, level, visits, channels, contacts, version. */
export function GuideInfo({ guide, bordered = false, column }: { guide: Guide; bordered?: boolean; column?: DescriptionsProps['column'] }) {
  const { t, pick } = useT();
  const { item, version } = guide;
  const c = version.content;
  const dash = t('common.none');
  const items = [
    { key: 'basicCode', label: t('guide.basicCode'), children: <span data-testid="guide-basic-code">{item.basicCode}</span> },
    { key: 'implCode', label: t('guide.implementationCode'), children: <span data-testid="guide-implementation-code" style={{ wordBreak: 'break-all' }}>{item.implementationCode}</span> },
    { key: 'type', label: t('guide.itemType'), children: enumLabel(t, 'itemType', item.type) },
    { key: 'dept', label: t('guide.department'), children: <span data-testid="guide-department">{pick(item.department.name, item.department.nameEn)}</span> },
    { key: 'center', label: t('guide.center'), children: pick(item.center.name, item.center.nameEn) },
    { key: 'level', label: t('guide.level'), children: enumLabel(t, 'level', item.level) },
    { key: 'audiences', label: t('guide.audiences'), children: c.audiences.map((a) => enumLabel(t, 'audience', a)).join(t('common.listSep')) },
    { key: 'mode', label: t('guide.mode'), children: enumLabel(t, 'mode', c.processingMode) },
    {
      key: 'visits', label: t('guide.visits'),
      children: <span data-testid="guide-visits">{c.visits === 0 ? t('guide.zeroVisits') : t('guide.visitsN', { n: c.visits })}</span>,
    },
    {
      key: 'online', label: t('guide.online'),
      children: <span data-testid="guide-online">{c.online ? <Tag color="green">{t('guide.onlineYes')}</Tag> : <Tag>{t('guide.onlineNo')}</Tag>}</span>,
    },
    {
      key: 'hall', label: t('guide.hallStatus'),
      children: (
        <span data-testid="guide-hall">
          {enumLabel(t, 'hall', item.hallStatus)}
          {!c.inHall && c.notInHallApproval ? <span className="ow-muted"> · {t('guide.notInHall', { ref: c.notInHallApproval })}</span> : null}
        </span>
      ),
    },
    // 通办 (issue 17): where else the application may be handed in and the result collected.
    { key: 'across', label: t('guide.acrossRegions'), children: <span data-testid="guide-across-regions" data-scope={c.acrossRegions ?? 'none'}>{enumLabel(t, 'across', c.acrossRegions ?? 'none')}</span> },
    { key: 'location', label: t('guide.location'), children: <span data-testid="guide-location">{c.acceptanceLocation || dash}</span> },
    { key: 'consult', label: t('guide.consultPhone'), children: <span data-testid="guide-consult-phone">{c.consultPhone || dash}</span> },
    { key: 'complaint', label: t('guide.complaintPhone'), children: <span data-testid="guide-complaint-phone">{c.complaintPhone || dash}</span> },
    { key: 'result', label: t('guide.result'), children: <span data-testid="guide-result">{c.result || dash}</span> },
    { key: 'version', label: t('guide.version'), children: <span data-testid="guide-version">{t('common.versionN', { n: version.version })}</span> },
    { key: 'validFrom', label: t('guide.validFrom'), children: <span data-testid="guide-valid-from">{formatDate(version.validFrom)}</span> },
    { key: 'publishedAt', label: t('guide.publishedAt'), children: formatDateTime(version.publishedAt) },
  ];
  return (
    <div data-testid="guide-basic-info">
      <Descriptions
        size="small"
        bordered={bordered}
        column={column ?? { xs: 1, sm: 1, md: 2, lg: 2, xl: 3, xxl: 3 }}
        items={items}
      />
    </div>
  );
}
