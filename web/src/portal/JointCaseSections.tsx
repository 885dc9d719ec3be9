import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Button } from 'antd';
import { useT } from '../i18n';
import { api } from '../api/client';
import type { CaseDetail } from '../api/models';
import { CaseBlock, type TimelineRow } from '../components/cases/CaseSections';
import { CaseChildren } from '../components/cases/CaseChildren';
import { useOrgNames } from './orgNames';

/** A joint case's items and its parts (department, status, light, due date, decision), for the applicant. */
export function JointCaseBlocks({ c }: { c: CaseDetail }) {
  const { t, pick } = useT();
  const names = useOrgNames();
  const children = c.children ?? [];
  if (c.kind !== 'joint' && children.length === 0) return null;
  return (
    <>
      {c.kind === 'joint' && c.matter ? (
        <CaseBlock title={t('joint.sec.matterItems')} testid="joint-case-items">
          <ol className="ow-ol">
            {c.matter.items.map((i) => (
              <li key={i.itemId} data-testid="joint-case-item" data-item-id={i.itemId}>
                {pick(i.name, i.nameEn)} <span className="ow-muted">· {names.department(i.departmentName, i.departmentId)}</span>
              </li>
            ))}
          </ol>
        </CaseBlock>
      ) : null}
      <CaseBlock title={t('joint.sec.parts')} testid="case-parts">
        {children.length ? <CaseChildren children={children} linkBase="/my/cases" />
          : <span className="ow-muted" data-testid="case-parts-none">{t('joint.partsNone')}</span>}
      </CaseBlock>
    </>
  );
}

/** On a part (or an upper-level case): which case it belongs to, with a link there. */
export function ParentNote({ c }: { c: CaseDetail }) {
  const { t, pick } = useT();
  if (!c.parent) return null;
  const name = pick(c.parent.itemName, c.parent.itemNameEn);
  return (
    <div className="ow-section" data-testid="case-parent" data-parent-id={c.parent.id}>
      <Alert
        type="info"
        showIcon
        title={c.kind === 'upper' ? t('joint.upperOf', { name }) : t('joint.partOf', { name })}
        action={<Link to={`/my/cases/${encodeURIComponent(c.parent.id)}`} data-testid="case-parent-link"><Button size="small">{t('joint.viewParent')}</Button></Link>}
      />
    </div>
  );
}

/**
 * One timeline for a joint case: the parent's events and each part's own (read from the part's detail,
 * which the applicant may open), oldest first, each labelled with the case it belongs to.
 * Other cases get their own timeline as it is.
 */
export function useMergedTimeline(c: CaseDetail | undefined): { rows: TimelineRow[]; loading: boolean } {
  const { t } = useT();
  // The parts' details and the state of the case they were read for: loading until they match it.
  const [loaded, setLoaded] = useState<{ key: string; parts: CaseDetail[] }>({ key: '', parts: [] });
  const joint = c?.kind === 'joint';
  // Reload the parts whenever one of them moves (or the parent's history grows).
  const key = joint ? `${c.id}|${c.timeline.length}|${(c.children ?? []).map((p) => `${p.id}:${p.status}`).join(',')}` : '';
  useEffect(() => {
    if (!key || !c) return;
    let alive = true;
    Promise.allSettled((c.children ?? []).map((p) => api.get('/api/cases/{id}', { params: { path: { id: p.id } } }))).then((rs) => {
      if (alive) setLoaded({ key, parts: rs.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : [])) });
    });
    return () => {
      alive = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  const loading = !!key && loaded.key !== key && (c?.children?.length ?? 0) > 0;
  // While a newer state loads, the parts read before stay shown.
  const parts = loaded.key.split('|')[0] === c?.id ? loaded.parts : [];

  if (!c) return { rows: [], loading: false };
  if (!joint) return { rows: c.timeline, loading: false };
  const parentLabel = t('joint.timelineSource.parent');
  const rows: TimelineRow[] = [
    ...c.timeline.map((e) => ({ ...e, source: parentLabel })),
    ...parts.flatMap((p) => p.timeline.map((e) => ({ ...e, source: p.departmentName, sourceCaseId: p.id }))),
  ];
  // Stable: events at the same instant keep the parent first, then the parts in their order.
  rows.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return { rows, loading };
}
