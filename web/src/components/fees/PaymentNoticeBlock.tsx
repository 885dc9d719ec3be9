import { useEffect, useState } from 'react';
import { Descriptions, Tag } from 'antd';
import QRCode from 'qrcode';
import { useT } from '../../i18n';
import { useGet } from '../../api/query';
import { QueryError } from '../QueryError';
import { CaseBlock } from '../cases/CaseSections';

/** Fen as 元 with two decimals, by integer arithmetic. */
export const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

/**
 * The case's payment notice for its payer (and the staff who read it): amount, payment code, due
 * date, QR code, PDF. Paying online is the block beside it (portal/CasePayment.tsx).
 */
export function PaymentNoticeBlock({ caseId }: { caseId: string }) {
  const { t } = useT();
  const query = useGet('/api/cases/{id}/payment-notices', { path: { id: caseId } });
  const notice = query.data?.notices.find((n) => n.status === 'issued' || n.status === 'paid') ?? query.data?.notices[0];
  const [qr, setQr] = useState<string | null>(null);
  useEffect(() => {
    if (!notice) return;
    let live = true;
    void QRCode.toDataURL(notice.payUrl, { margin: 1, width: 160 }).then((url) => { if (live) setQr(url); });
    return () => { live = false; };
  }, [notice]);
  if (query.isError) return <QueryError of={query} />;
  if (!notice) return null;
  return (
    <CaseBlock title={t('fees.notice.title')} testid="payment-notice">
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t('fees.notice.amount')}><strong data-testid="notice-amount">¥{yuan(notice.totalFen)}</strong></Descriptions.Item>
        <Descriptions.Item label={t('fees.notice.code')}><span data-testid="notice-code">{notice.noticeNo}</span></Descriptions.Item>
        <Descriptions.Item label={t('fees.notice.due')}>{notice.dueDate}</Descriptions.Item>
        <Descriptions.Item label={t('fees.notice.status')}><Tag data-testid="notice-status">{t(`fees.status.${notice.status}` as 'fees.status.issued')}</Tag></Descriptions.Item>
        {notice.lines.map((l) => (
          <Descriptions.Item key={l.lineNo} label={l.name}>¥{yuan(l.amountFen)}{l.reductionFen > 0 ? ` (${t('fees.notice.reduced')} ¥${yuan(l.reductionFen)})` : ''}</Descriptions.Item>
        ))}
      </Descriptions>
      <div style={{ display: 'flex', gap: 16, alignItems: 'center', flexWrap: 'wrap', marginTop: 12 }}>
        {qr ? <img src={qr} alt={t('fees.notice.qr')} width={120} height={120} /> : null}
        <a href={notice.pdfUrl} target="_blank" rel="noreferrer" data-testid="notice-pdf">{t('fees.notice.pdf')}</a>
      </div>
    </CaseBlock>
  );
}
