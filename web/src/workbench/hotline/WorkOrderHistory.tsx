import { Timeline } from 'antd';
import type { ResponseOf } from '../../api/client';
import { type TFunction, useT } from '../../i18n';
import { enumLabel, formatDateTime } from '../../components/labels';

type OrderEvent = ResponseOf<'/api/workorders/{id}'>['events'][number];

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);
/** A count (round, level, callers told) as text for the message. */
const count = (v: unknown): string | null => (typeof v === 'number' ? String(v) : null);

/**
 * What an event recorded, in words: the department and the due date of a dispatch, the reason of a return or a
 * 重办, the satisfaction of a callback or an evaluation, the orders of a merge, the fix of a publication. The
 * server sends each event's data only to staff (an applicant's is empty), so an applicant sees the steps alone.
 */
export function eventDetails(t: TFunction, e: OrderEvent): string[] {
  const d = e.data;
  const out: string[] = [];
  const add = (v: string | null, line: (v: string) => string) => { if (v !== null) out.push(line(v)); };
  add(text(d.department), (name) => t('wo.hist.department', { name }));
  add(text(d.dueDate), (day) => t('wo.hist.dueDate', { day }));
  add(count(d.round), (n) => t('wo.hist.round', { n }));
  add(text(d.reason), (reason) => t('wo.hist.reason', { reason }));
  add(text(d.note), (note) => t('wo.hist.note', { note }));
  add(text(d.satisfaction), (s) => t('wo.hist.satisfaction', { value: enumLabel(t, 'wo.sat', s) }));
  add(text(d.comment), (comment) => t('wo.hist.comment', { comment }));
  add(text(d.previousSatisfaction), (s) => t('wo.hist.previousSatisfaction', { value: enumLabel(t, 'wo.sat', s) }));
  const dissatisfied = Array.isArray(d.dissatisfied) ? d.dissatisfied.map((x) => text((x as { orderNo?: unknown }).orderNo)).filter((x) => x !== null) : [];
  add(dissatisfied.length ? dissatisfied.join('、') : null, (nos) => t('wo.hist.dissatisfied', { nos }));
  add(text(d.mainOrderNo), (no) => t('wo.hist.main', { no }));
  add(text(d.orderNo), (no) => t('wo.hist.order', { no }));
  add(text(d.fix), (fix) => t('wo.hist.fix', { fix }));
  const withdrawn = d.withdrawnPublication as { publishedAt?: unknown } | undefined;
  add(withdrawn ? formatDateTime(text(withdrawn.publishedAt)) : null, (at) => t('wo.hist.withdrawn', { at }));
  add(count(d.level), (n) => t('wo.hist.level', { n }));
  add(text(d.source), (s) => t('wo.hist.source', { source: enumLabel(t, 'wo.source', s) }));
  add(count(d.messaged), (n) => t('wo.hist.messaged', { n }));
  if (text(d.articleId)) out.push(t('wo.hist.article'));
  return out;
}

/** The order's history, oldest first: each step, who took it, and what it recorded. */
export function WorkOrderHistory({ events }: { events: OrderEvent[] }) {
  const { t } = useT();
  return (
    <Timeline data-testid="wo-history" items={events.map((e) => {
      const details = eventDetails(t, e);
      return {
        children: (
          <div data-testid="wo-history-item">
            <span>{formatDateTime(e.at)} · {enumLabel(t, 'wo.act', e.action)}{e.to && e.to !== e.from ? ` → ${enumLabel(t, 'wo.status', e.to)}` : ''}{e.actorName ? ` · ${e.actorName}` : ''}</span>
            {details.length ? <div className="ow-muted" data-testid="wo-history-details">{details.join('；')}</div> : null}
          </div>
        ),
      };
    })} />
  );
}
