import { useCallback } from 'react';
import { Tag } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useT } from '../../i18n';
import { CASE_VIEWS, queryKeyOf, useGet, useInvalidate } from '../../api/query';
import type { CaseDetail } from '../../api/models';
import { enumLabel, formatDate, formatDateTime } from '../labels';
import { CaseLightBadge, CaseStatusTag, Facts, SuspendedTag } from './CaseBits';

/**
 * A case from GET /api/cases/:id. After an action, `update` puts the action's answer in the cache (no
 * second request for this case) and marks every other view of cases stale; `null` (a conflict) refetches it too.
 */
export function useCaseDetail(id: string) {
  const query = useGet('/api/cases/{id}', { path: { id } });
  const client = useQueryClient();
  const invalidate = useInvalidate();
  const update = useCallback((c: CaseDetail | null) => {
    const key = queryKeyOf('/api/cases/{id}', { path: { id } });
    if (c) client.setQueryData(key, c);
    void invalidate(CASE_VIEWS, c ? key : undefined);
  }, [client, invalidate, id]);
  return { c: query.data, query, loading: query.isLoading, update };
}

/** Title, status and the key facts of a case (both faces). */
export function CaseHeader({ c, staff }: { c: CaseDetail; staff?: boolean }) {
  const { t, pick } = useT();
  const none = <span className="ow-muted">{t('common.none')}</span>;
  return (
    <div className="ow-guide-head" data-testid="case-header" data-case-id={c.id} data-status={c.status}>
      {/* On a staff face the face's name is the page's h1 (components/ConsoleFrame.tsx). */}
      {staff ? <h2 className="ow-case-title" data-testid="case-item-name">{pick(c.itemName, c.itemNameEn)}</h2>
        : <h1 data-testid="case-item-name">{pick(c.itemName, c.itemNameEn)}</h1>}
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', marginBottom: 12 }}>
        <CaseStatusTag status={c.status} />
        <SuspendedTag suspended={c.suspended} />
        <CaseLightBadge light={c.light} completion={c.completion} provisional={c.provisional} />
        <Tag color="purple" style={{ marginInlineEnd: 0 }}>{enumLabel(t, 'mode', c.processingMode)}</Tag>
      </div>
      <Facts
        rows={[
          { key: 'receipt', label: t('case.receiptNo'), value: c.receiptNo ?? <span className="ow-muted">{t('case.noReceipt')}</span>, testid: 'case-receipt-no' },
          // Issue 14: the number given at submission, before (and beside) the receipt number.
          { key: 'submission', label: t('my.col.submissionNo'), value: <span className="ow-nowrap">{c.submissionNo}</span>, testid: 'case-submission-no', hidden: !c.submissionNo },
          { key: 'code', label: t('case.queryCode'), value: c.queryCode ?? none, testid: 'case-query-code', hidden: !c.receiptNo && !c.queryCode },
          { key: 'applicant', label: t('case.applicant'), value: c.applicantName, testid: 'case-applicant', hidden: !staff },
          { key: 'channel', label: t('case.channel'), value: enumLabel(t, 'channel', c.channel), testid: 'case-channel' },
          { key: 'dept', label: t('case.department'), value: c.departmentName, testid: 'case-department' },
          { key: 'center', label: t('case.center'), value: c.centerName ?? '', testid: 'case-center', hidden: !c.centerName || (!staff && !c.tongban) },
          // 通办 (issue 17): handed in at another center, collected at another; the case is the deciding center's.
          { key: 'tb-received', label: t('case.tongban.receivedAt'), value: c.tongban?.receivedAt ? pick(c.tongban.receivedAt.name, c.tongban.receivedAt.nameEn) : '', testid: 'case-tongban-received', hidden: !c.tongban?.receivedAt },
          { key: 'tb-delivery', label: t('case.tongban.deliveryAt'), value: c.tongban?.deliveryAt ? pick(c.tongban.deliveryAt.name, c.tongban.deliveryAt.nameEn) : '', testid: 'case-tongban-delivery', hidden: !c.tongban?.deliveryAt },
          { key: 'submitted', label: t('case.submittedAt'), value: formatDateTime(c.submittedAt), testid: 'case-submitted-at' },
          { key: 'accepted', label: t('case.acceptedDate'), value: formatDate(c.acceptedDate) || none, testid: 'case-accepted-date' },
          {
            key: 'due', label: t('case.dueDate'), testid: 'case-due-date',
            value: c.dueDate ? <span data-date={c.dueDate}>{formatDate(c.dueDate)} <span className="ow-muted">({t('common.workdays', { n: c.promisedLimitDays })})</span></span> : none,
          },
          {
            key: 'extension', label: t('case.extension'), testid: 'case-extension', hidden: !c.extension,
            value: c.extension ? <span style={{ whiteSpace: 'pre-wrap' }}>{t('case.extensionText', { n: c.extension.days, reason: c.extension.reason })}</span> : '',
          },
          { key: 'version', label: t('case.version'), value: t('common.versionN', { n: c.itemVersion ?? '' }), testid: 'case-item-version', hidden: c.itemVersion === null },
          {
            key: 'delivery', label: t('case.delivery'), testid: 'case-delivery', hidden: !c.delivery,
            value: c.delivery ? `${enumLabel(t, 'delivery', c.delivery.method)}${c.delivery.trackingNo ? ` · ${t('case.trackingNo')} ${c.delivery.trackingNo}` : ''}` : '',
          },
        ]}
      />
    </div>
  );
}
