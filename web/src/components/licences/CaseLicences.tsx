import { Tag } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useT } from '../../i18n';
import { useGet } from '../../api/query';
import { QueryError } from '../QueryError';
import { formatDateTime } from '../labels';
import { CaseBlock } from '../cases/CaseSections';
import { LicenceFacts } from './LicenceBits';

/**
 * What the window and the department see of the e-licences a case uses (issue 12): each one
 * "e-licence, verified" with its data, read through the case (GET /api/cases/{id}/licences: staff of
 * the case only, each read recorded for the holder). Nothing is shown when the case uses none.
 */
export function CaseLicencesBlock({ caseId, names = {} }: { caseId: string; names?: Record<string, string> }) {
  const { t } = useT();
  const q = useGet('/api/cases/{id}/licences', { path: { id: caseId } });
  const rows = q.data?.licences ?? [];
  if (!q.error && rows.length === 0) return null;
  return (
    <CaseBlock title={t('wallet.caseTitle')} testid="case-licences">
      <QueryError of={q} />
      {rows.map((u) => (
        <div key={`${u.materialKey}-${u.licence.id}`} className="ow-material-card" data-testid="case-licence" data-key={u.materialKey} data-licence-id={u.licence.id}>
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', marginBottom: 8 }}>
            <strong>{names[u.materialKey] ?? u.materialKey}</strong>
            <VerifiedTag />
            <span className="ow-muted">{t('wallet.verifiedAt', { at: formatDateTime(u.verifiedAt) })}</span>
          </div>
          <LicenceFacts l={u.licence} testid="case-licence-facts" />
        </div>
      ))}
    </CaseBlock>
  );
}

export function VerifiedTag() {
  const { t } = useT();
  return <Tag color="green" icon={<SafetyCertificateOutlined />} data-testid="licence-verified" style={{ marginInlineEnd: 0 }}>{t('wallet.verified')}</Tag>;
}

/** On a checklist row: the tag when the case uses a verified licence for this material. */
export function MaterialVerifiedTag({ caseId, materialKey }: { caseId: string; materialKey: string }) {
  const q = useGet('/api/cases/{id}/licences', { path: { id: caseId } });
  const used = q.data?.licences.find((u) => u.materialKey === materialKey);
  if (!used) return null;
  return <div data-testid="mc-licence-verified" style={{ margin: '4px 0' }}><VerifiedTag /> <span>{used.licence.type.name} · {used.licence.licenceNo}</span></div>;
}
