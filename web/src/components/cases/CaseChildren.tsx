import { Link } from 'react-router-dom';
import { Grid, Table, Tag } from 'antd';
import { useT } from '../../i18n';
import type { CaseChild } from '../../api/models';
import { enumLabel, formatDate } from '../labels';
import { CaseLightBadge, CaseStatusTag, SuspendedTag } from './CaseBits';

/**
 * One case under another, as `GET /api/cases/:id` lists it in `children`: a part of a joint case
 * (one department's item) or the upper-level case of a reported one.
 */
export type { CaseChild };

const DECISION_COLORS: Record<string, string> = { approved: 'success', denied: 'error', partial: 'warning' };

function DecisionTag({ c }: { c: CaseChild }) {
  const { t } = useT();
  if (!c.decision) return <span className="ow-muted" data-testid="case-child-decision" data-result="none">{t('joint.noDecision')}</span>;
  return (
    <Tag color={DECISION_COLORS[c.decision.result] ?? 'default'} data-testid="case-child-decision" data-result={c.decision.result}
      title={c.decision.reason} style={{ marginInlineEnd: 0 }}>
      {enumLabel(t, 'decision', c.decision.result)}
    </Tag>
  );
}

function rowAttrs(c: CaseChild) {
  return {
    'data-testid': 'case-child-row', 'data-case-id': c.id, 'data-status': c.status, 'data-light': c.light ?? 'none',
    'data-decision': c.decision?.result ?? 'none',
  };
}

/**
 * The parts of a joint case (or the upper-level case of a reported one): department, status, light,
 * due date and decision per row; each links to `${linkBase}/:id`. A table on desktop, cards on a phone.
 */
export function CaseChildren({ children, linkBase }: { children: CaseChild[]; linkBase: string }) {
  const { t, pick } = useT();
  const screens = Grid.useBreakpoint();
  const phone = screens.md === false;
  const href = (c: CaseChild) => `${linkBase}/${encodeURIComponent(c.id)}`;
  const name = (c: CaseChild) => pick(c.itemName, c.itemNameEn);

  if (phone) {
    return (
      <div data-testid="case-children">
        {children.map((c) => (
          <div key={c.id} className="ow-material-card" {...rowAttrs(c)}>
            <div className="ow-material-card-title" style={{ flexWrap: 'wrap', alignItems: 'center', justifyContent: 'space-between' }}>
              <Link to={href(c)} data-testid="case-child-link" style={{ fontWeight: 600, minWidth: 0, wordBreak: 'break-word' }}>{name(c)}</Link>
              <span style={{ display: 'inline-flex', gap: 4, flexWrap: 'wrap' }}>
                <CaseStatusTag status={c.status} testid="case-child-status" />
                <SuspendedTag suspended={c.suspended} testid="case-child-suspended" />
              </span>
            </div>
            <dl>
              <dt>{t('joint.col.department')}</dt><dd data-testid="case-child-department">{c.departmentName}</dd>
              <dt>{t('joint.col.receipt')}</dt><dd>{c.receiptNo ?? <span className="ow-muted">{t('case.noReceipt')}</span>}</dd>
              <dt>{t('joint.col.light')}</dt><dd><CaseLightBadge light={c.light} completion={c.completion} provisional={c.provisional} testid="case-child-light" /></dd>
              <dt>{t('joint.col.due')}</dt><dd data-testid="case-child-due" data-date={c.dueDate ?? ''}>{formatDate(c.dueDate) || t('common.none')}</dd>
              <dt>{t('joint.col.decision')}</dt><dd><DecisionTag c={c} /></dd>
            </dl>
            {c.closeReason ? <div className="ow-muted" style={{ marginTop: 4 }}>{t('joint.closeReason', { reason: c.closeReason })}</div> : null}
          </div>
        ))}
      </div>
    );
  }

  return (
    <Table<CaseChild>
      data-testid="case-children"
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={children}
      scroll={{ x: 'max-content' }}
      onRow={(c) => rowAttrs(c) as React.HTMLAttributes<HTMLElement>}
      columns={[
        {
          title: t('joint.col.item'), key: 'item',
          render: (_v, c) => (
            <div style={{ minWidth: 180, maxWidth: 320, wordBreak: 'break-word' }}>
              <Link to={href(c)} data-testid="case-child-link">{name(c)}</Link>
              {c.receiptNo ? <div className="ow-muted">{c.receiptNo}</div> : null}
              {c.closeReason ? <div className="ow-muted">{t('joint.closeReason', { reason: c.closeReason })}</div> : null}
            </div>
          ),
        },
        { title: t('joint.col.department'), key: 'dept', render: (_v, c) => <span data-testid="case-child-department">{c.departmentName}</span> },
        {
          title: t('joint.col.status'), key: 'status',
          render: (_v, c) => (
            <span style={{ display: 'inline-flex', gap: 4, flexWrap: 'wrap' }}>
              <CaseStatusTag status={c.status} testid="case-child-status" />
              <SuspendedTag suspended={c.suspended} testid="case-child-suspended" />
            </span>
          ),
        },
        { title: t('joint.col.light'), key: 'light', render: (_v, c) => <CaseLightBadge light={c.light} completion={c.completion} provisional={c.provisional} testid="case-child-light" /> },
        {
          title: t('joint.col.due'), key: 'due',
          render: (_v, c) => <span data-testid="case-child-due" data-date={c.dueDate ?? ''}>{formatDate(c.dueDate) || <span className="ow-muted">{t('common.none')}</span>}</span>,
        },
        { title: t('joint.col.decision'), key: 'decision', render: (_v, c) => <DecisionTag c={c} /> },
      ]}
    />
  );
}
