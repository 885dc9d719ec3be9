import type { ReactNode } from 'react';
import { Tag, Tooltip } from 'antd';
import { PauseCircleOutlined } from '@ant-design/icons';
import { useT, type TFunction } from '../../i18n';
import type { CaseLight, CaseState } from '../../api/models';
import { enumLabel } from '../labels';

const STATUS_COLORS: Record<string, string> = {
  submitted: 'processing',
  supplement_requested: 'orange',
  refused: 'red',
  accepted: 'cyan',
  in_review: 'blue',
  forwarded: 'geekblue',
  decided: 'purple',
  awaiting_payment: 'gold',
  ready: 'lime',
  delivered: 'green',
  withdrawn: 'default',
  terminated: 'default',
};

/** Status of a case; `data-status` holds the code. */
export function CaseStatusTag({ status, testid = 'case-status' }: { status: CaseState; testid?: string }) {
  const { t } = useT();
  return (
    <Tag color={STATUS_COLORS[status] ?? 'default'} data-testid={testid} data-status={status} style={{ marginInlineEnd: 0 }}>
      {enumLabel(t, 'caseStatus', status)}
    </Tag>
  );
}

export function SuspendedTag({ suspended, testid = 'case-suspended' }: { suspended: boolean; testid?: string }) {
  const { t } = useT();
  if (!suspended) return null;
  return (
    <Tooltip title={t('case.suspendedHint')}>
      <Tag color="warning" icon={<PauseCircleOutlined />} data-testid={testid} style={{ marginInlineEnd: 0 }}>{t('case.suspended')}</Tag>
    </Tooltip>
  );
}

const LIGHT_COLORS: Record<CaseLight | Completion, string> = { green: '#52c41a', yellow: '#faad14', red: '#f5222d', on_time: '#237804', late: '#a8071a' };
/** A finished case: decided on or before its due date, or after it. */
export type Completion = 'on_time' | 'late';

/**
 * The time-limit light: green within limit, yellow warned, red overdue; `data-light` = green|yellow|red|none.
 * Once decided the clock has stopped: "completed on time" (按时办结) or "completed late" (超期办结),
 * `data-completion` = on_time|late, instead of "not timed".
 */
export function CaseLightBadge({ light, completion, provisional, testid = 'case-light', showText = true }: {
  light: CaseLight | null;
  completion?: Completion | null;
  provisional?: boolean;
  testid?: string;
  showText?: boolean;
}) {
  const { t } = useT();
  // A finished case says how it finished (on time / late), whatever light it last had.
  const shown = completion ?? light ?? null;
  const label = shown ? t(`light.${shown}`) : t('light.none');
  return (
    <span data-testid={testid} data-light={light ?? 'none'} data-completion={completion ?? 'none'} data-provisional={provisional ? 'true' : 'false'}
      style={{ display: 'inline-flex', alignItems: 'center', gap: 6, whiteSpace: 'nowrap' }}>
      <span aria-hidden style={{
        width: 12, height: 12, borderRadius: shown === 'on_time' || shown === 'late' ? 2 : '50%', flex: 'none', display: 'inline-block',
        background: shown ? LIGHT_COLORS[shown] : '#d9d9d9', boxShadow: '0 0 0 2px rgba(0,0,0,.06)',
      }} />
      {showText ? <span>{label}</span> : <span className="ow-sr-only">{label}</span>}
      {provisional ? <ProvisionalMark /> : null}
    </span>
  );
}

export function ProvisionalMark() {
  const { t } = useT();
  return (
    <Tooltip title={t('case.provisionalHint')}>
      <Tag color="default" data-testid="case-provisional" style={{ marginInlineEnd: 0, fontSize: 11, lineHeight: '16px', padding: '0 4px' }}>
        {t('case.provisional')}
      </Tag>
    </Tooltip>
  );
}

/** Label of a timeline/progress event: the server records "case.submitted" and "case.{action}"; both read `caseEvent.*`. */
export function eventLabel(t: TFunction, action: string): string {
  return enumLabel(t, 'caseEvent', action.replace(/^case\./, ''));
}

/** A labelled value in a small grid, like the guide's `ow-dl`. */
export function Facts({ rows }: { rows: { key: string; label: string; value: ReactNode; testid?: string; hidden?: boolean }[] }) {
  return (
    <dl className="ow-dl">
      {rows.filter((r) => !r.hidden).map((r) => (
        <div key={r.key} style={{ display: 'contents' }}>
          <dt>{r.label}</dt>
          <dd data-testid={r.testid}>{r.value}</dd>
        </div>
      ))}
    </dl>
  );
}
