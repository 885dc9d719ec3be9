import { Table, Tag } from 'antd';
import { useT } from '../../i18n';
import type { CaseDetail, CaseSuspension } from '../../api/models';
import { enumLabel, formatDate } from '../labels';
import { CaseLightBadge, Facts } from './CaseBits';

/** The legal clock of a case: acceptance, due dates, extension and suspensions. */
export function CaseClock({ c, phone }: { c: CaseDetail; phone: boolean }) {
  const { t } = useT();
  const none = <span className="ow-muted">{t('common.none')}</span>;
  return (
    <div data-testid="case-clock">
      <Facts
        rows={[
          { key: 'light', label: t('wb.col.light'), value: <CaseLightBadge light={c.light} completion={c.completion} provisional={c.provisional} testid="clock-light" /> },
          { key: 'acceptDue', label: t('case.acceptanceDueDate'), value: formatDate(c.acceptanceDueDate) || none, testid: 'clock-acceptance-due-date', hidden: c.acceptanceDueDate === undefined },
          {
            key: 'accepted', label: t('case.acceptedDate'), testid: 'clock-accepted-date',
            value: <>{formatDate(c.acceptedDate) || none}{c.deemedAccepted ? <Tag color="orange" style={{ marginInlineStart: 6 }} data-testid="clock-deemed-accepted">{t('case.deemedAccepted')}</Tag> : null}</>,
          },
          { key: 'promised', label: t('case.promisedLimit'), value: t('common.workdays', { n: c.promisedLimitDays }), testid: 'clock-promised-days' },
          { key: 'due', label: t('case.dueDate'), value: formatDate(c.dueDate) || none, testid: 'clock-due-date' },
          { key: 'warning', label: t('case.warningDate'), value: formatDate(c.warningDate) || none, testid: 'clock-warning-date' },
          { key: 'statutory', label: t('case.statutoryDueDate'), value: formatDate(c.statutoryDueDate) || none, testid: 'clock-statutory-due-date' },
          {
            key: 'extension', label: t('case.extension'), testid: 'clock-extension',
            value: c.extension ? <span style={{ whiteSpace: 'pre-wrap' }}>{t('case.extensionText', { n: c.extension.days, reason: c.extension.reason })}</span> : none,
          },
        ]}
      />
      <div style={{ marginTop: 12, fontWeight: 500 }}>{t('case.suspensions')}</div>
      {c.suspensions.length === 0 ? (
        <div className="ow-muted" data-testid="clock-suspensions-empty">{t('common.none')}</div>
      ) : phone ? (
        <div data-testid="clock-suspensions">
          {c.suspensions.map((s, i) => (
            <div key={i} className="ow-material-card" data-testid="suspension-row" data-kind={s.kind} data-ended={s.endedDate ? 'true' : 'false'}>
              <div className="ow-material-card-title"><Tag color="warning">{enumLabel(t, 'special', s.kind)}</Tag>{s.endedDate ? null : <Tag>{t('case.susp.ongoing')}</Tag>}</div>
              <div style={{ whiteSpace: 'pre-wrap' }}>{s.reason}</div>
              <div className="ow-muted">
                {formatDate(s.startedDate)} – {s.endedDate ? formatDate(s.endedDate) : t('case.susp.ongoing')} · {t('case.susp.expected')} {s.expectedDays}
                {s.workdays !== null ? ` · ${t('case.susp.workdays')} ${s.workdays}` : ''}
              </div>
            </div>
          ))}
        </div>
      ) : (
        <Table<CaseSuspension>
          data-testid="clock-suspensions"
          size="small"
          pagination={false}
          rowKey={(_s) => `${_s.kind}-${_s.startedDate}`}
          dataSource={c.suspensions}
          scroll={{ x: 'max-content' }}
          onRow={(s) => ({ 'data-testid': 'suspension-row', 'data-kind': s.kind, 'data-ended': s.endedDate ? 'true' : 'false' }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('case.susp.kind'), key: 'kind', render: (_v, s) => enumLabel(t, 'special', s.kind) },
            { title: t('case.susp.reason'), key: 'reason', render: (_v, s) => <span style={{ whiteSpace: 'pre-wrap' }}>{s.reason}</span> },
            { title: t('case.susp.expected'), key: 'exp', render: (_v, s) => s.expectedDays },
            { title: t('case.susp.started'), key: 'start', render: (_v, s) => formatDate(s.startedDate) },
            { title: t('case.susp.ended'), key: 'end', render: (_v, s) => s.endedDate ? formatDate(s.endedDate) : <Tag>{t('case.susp.ongoing')}</Tag> },
            { title: t('case.susp.workdays'), key: 'wd', render: (_v, s) => s.workdays ?? '' },
          ]}
        />
      )}
    </div>
  );
}
