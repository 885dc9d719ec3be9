import { Tag } from 'antd';
import { useT } from '../../i18n';
import type { CaseDetail } from '../../api/models';
import { formatDate, formatDateTime } from '../labels';
import { CaseLightBadge } from './CaseBits';

type Step = CaseDetail['steps'][number];
type Handoff = CaseDetail['handoffs'][number];

/**
 * The steps of a case in order, the current one marked (the applicant's page and the workbench).
 * An ordered list, the current item with aria-current="step", each step's state also in words for
 * screen readers; a hand-over shows its due date and light. It wraps into a column on a phone.
 */
export function CaseStepper({ steps }: { steps: Step[] }) {
  const { t } = useT();
  return (
    <section className="ow-section" aria-labelledby="case-steps-title" data-testid="case-stepper">
      <h2 className="ow-section-title" id="case-steps-title" style={{ marginTop: 0 }}>{t('step.title')}</h2>
      <ol className="ow-stepper">
        {steps.map((s, i) => (
          <li key={s.key} className={`ow-step ow-step-${s.state}`} data-testid="case-step" data-step={s.key} data-state={s.state}
            aria-current={s.state === 'current' ? 'step' : undefined}>
            <span className="ow-step-dot" aria-hidden>{s.state === 'done' ? '✓' : i + 1}</span>
            <span className="ow-step-body">
              <span className="ow-step-name">{t(`step.${s.key}`)}</span>
              <span className="ow-sr-only">{t(`step.state.${s.state}`)}</span>
              {s.at ? <span className="ow-step-meta">{formatDateTime(s.at)}</span> : null}
              {s.dueDate ? <span className="ow-step-meta">{t('step.due', { date: formatDate(s.dueDate) })}</span> : null}
              {s.light ? (
                <CaseLightBadge testid="case-step-light"
                  light={s.light === 'on_time' || s.light === 'late' ? null : s.light}
                  completion={s.light === 'on_time' || s.light === 'late' ? s.light : null} />
              ) : null}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** 退回部门办理件: the recorded hand-overs between the hall and the department, with their limits. */
export function CaseHandoffs({ handoffs }: { handoffs: Handoff[] }) {
  const { t } = useT();
  if (handoffs.length === 0) return null;
  return (
    <ul style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 12 }}>
      {handoffs.map((h) => (
        <li key={h.direction} data-testid="case-handoff" data-direction={h.direction} data-late={h.late ? 'true' : 'false'}>
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }}>
            <strong>{t(`handoff.${h.direction}`)}</strong>
            <CaseLightBadge light={null} completion={h.late ? 'late' : 'on_time'} testid="case-handoff-light" />
          </div>
          <div className="ow-muted">{t('handoff.limit', { n: h.limitDays, date: formatDate(h.dueDate) })}</div>
          <div className="ow-muted">{t('handoff.handed', { date: formatDateTime(h.handedAt), by: h.by ?? '—' })}</div>
          {h.note ? <div>{h.note}</div> : null}
          {h.materials.length ? (
            <div style={{ display: 'flex', flexWrap: 'wrap', gap: 4, marginTop: 4 }} aria-label={t('handoff.materials')}>
              {h.materials.map((m) => <Tag key={m.key} style={{ marginInlineEnd: 0 }}>{m.name} × {m.files}</Tag>)}
            </div>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
