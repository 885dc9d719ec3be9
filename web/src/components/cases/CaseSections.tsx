import type { ReactNode } from 'react';
import { Alert, Button, Descriptions, Table, Tag, Timeline } from 'antd';
import { FilePdfOutlined, PaperClipOutlined, PrinterOutlined } from '@ant-design/icons';
import { useT, type TFunction } from '../../i18n';
import { fileUrl } from '../../api/client';
import type { CaseDetail, CaseMaterial, CaseTimelineEntry, FormFieldDef } from '../../api/models';
import { enumLabel, formatDateTime, formatSize } from '../labels';
import { eventLabel } from './CaseBits';

const MATERIAL_COLORS: Record<string, string> = { missing: 'default', submitted: 'blue', to_supplement: 'orange', accepted: 'green' };

/** A block with a title, like the guide's sections. */
export function CaseBlock({ title, testid, extra, children }: { title: ReactNode; testid?: string; extra?: ReactNode; children: ReactNode }) {
  return (
    <section className="ow-section" data-testid={testid}>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 8, flexWrap: 'wrap', marginBottom: 12 }}>
        <h2 className="ow-section-title" style={{ margin: 0 }}>{title}</h2>
        {extra}
      </div>
      <div className="ow-section-body">{children}</div>
    </section>
  );
}

/** The applicant's answers to the item's form, labelled by the form's fields. */
export function CaseFormValues({ fields, values }: { fields: FormFieldDef[]; values: Record<string, string> }) {
  const { t, msg } = useT();
  const known = new Set(fields.map((f) => f.key));
  const rows = [
    ...fields.map((f) => {
      const raw = values[f.key] ?? '';
      const opt = f.options?.find((o) => o.value === raw);
      return { key: f.key, label: msg(f.label), value: opt ? msg(opt.label) : raw };
    }),
    ...Object.entries(values).filter(([k]) => !known.has(k)).map(([k, v]) => ({ key: k, label: k, value: v })),
  ];
  if (rows.length === 0) return <span className="ow-muted" data-testid="case-form-empty">{t('apply.noFields')}</span>;
  return (
    <Descriptions
      size="small"
      bordered
      column={1}
      items={rows.map((r) => ({
        key: r.key,
        label: r.label,
        children: <span data-testid={`case-form-${r.key}`} style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{r.value || t('common.none')}</span>,
      }))}
    />
  );
}

export function MaterialStatusTag({ m }: { m: CaseMaterial }) {
  const { t } = useT();
  return (
    <Tag color={MATERIAL_COLORS[m.status] ?? 'default'} data-testid={`material-status-${m.key}`} data-status={m.status} style={{ marginInlineEnd: 0 }}>
      {enumLabel(t, 'matStatus', m.status)}
    </Tag>
  );
}

function FileLinks({ m }: { m: CaseMaterial }) {
  const { t } = useT();
  if (m.files.length === 0) return <span className="ow-muted">{t('case.noFiles')}</span>;
  return (
    <div className="ow-file-links">
      {m.files.map((f) => (
        <a key={f.id} href={fileUrl(f.id)} target="_blank" rel="noreferrer" data-testid={`material-file-${m.key}`} data-file-id={f.id} style={{ wordBreak: 'break-all' }}>
          <PaperClipOutlined /> {f.name} <span className="ow-muted">({formatSize(f.size)})</span>
        </a>
      ))}
    </div>
  );
}

/** The materials checklist of a case: requirement, status, files, and the supplement reason. */
export function CaseMaterialsList({ materials, phone }: { materials: CaseMaterial[]; phone: boolean }) {
  const { t } = useT();
  if (materials.length === 0) return <span className="ow-muted">{t('apply.noMaterials')}</span>;
  if (phone) {
    return (
      <div data-testid="case-materials-list">
        {materials.map((m) => (
          <div key={m.key} className="ow-material-card" data-testid="case-material-row" data-key={m.key} data-status={m.status}>
            <div className="ow-material-card-title" style={{ justifyContent: 'space-between', flexWrap: 'wrap' }}>
              <strong style={{ minWidth: 0, wordBreak: 'break-word' }}>{m.name}</strong>
              <MaterialStatusTag m={m} />
            </div>
            <div className="ow-muted" style={{ marginBottom: 4 }}>{enumLabel(t, 'requirement', m.requirement)}</div>
            {m.reason ? <div style={{ color: '#d46b08', marginBottom: 4 }}>{t('case.mat.reason')}: {m.reason}</div> : null}
            <FileLinks m={m} />
          </div>
        ))}
      </div>
    );
  }
  return (
    <Table<CaseMaterial>
      data-testid="case-materials-list"
      rowKey="key"
      size="small"
      pagination={false}
      dataSource={materials}
      scroll={{ x: 'max-content' }}
      onRow={(m) => ({ 'data-testid': 'case-material-row', 'data-key': m.key, 'data-status': m.status }) as React.HTMLAttributes<HTMLElement>}
      columns={[
        { title: t('common.index'), key: 'i', width: 60, render: (_v, _r, i) => i + 1 },
        { title: t('case.mat.name'), key: 'name', render: (_v, m) => <span style={{ wordBreak: 'break-word' }}>{m.name}</span> },
        { title: t('guide.mat.requirement'), key: 'req', render: (_v, m) => enumLabel(t, 'requirement', m.requirement) },
        { title: t('case.mat.status'), key: 'status', render: (_v, m) => <MaterialStatusTag m={m} /> },
        { title: t('case.mat.files'), key: 'files', render: (_v, m) => <FileLinks m={m} /> },
        { title: t('case.mat.reason'), key: 'reason', render: (_v, m) => m.reason ? <span style={{ color: '#d46b08' }}>{m.reason}</span> : null },
      ]}
    />
  );
}

const DATA_KEYS = [
  'result', 'proposal', 'opinion', 'reason', 'remedies', 'note', 'kind', 'expectedDays', 'days', 'workdays', 'round', 'step',
  'noticeNo', 'amountFen', 'method', 'trackingNo', 'receiptNo', 'acceptedDate', 'channel',
] as const;
const DATA_ENUMS: Partial<Record<(typeof DATA_KEYS)[number], string>> = {
  result: 'decision', proposal: 'proposal', kind: 'special', method: 'delivery', channel: 'channel',
};

/** The readable part of an event's data: the status change and the known fields, labelled, in a fixed order. */
function eventDetails(t: TFunction, data: unknown, nameOf: (key: string) => string): { key: string; label: string; value: string }[] {
  if (!data || typeof data !== 'object') return [];
  const d = data as Record<string, unknown>;
  const out: { key: string; label: string; value: string }[] = [];
  if (typeof d.from === 'string' && typeof d.to === 'string' && d.from !== d.to) {
    out.push({ key: 'status', label: t('eventData.status'), value: `${enumLabel(t, 'caseStatus', d.from)} → ${enumLabel(t, 'caseStatus', d.to)}` });
  }
  for (const k of DATA_KEYS) {
    const v = d[k];
    if (v === undefined || v === null || v === '' || typeof v === 'object') continue;
    const prefix = DATA_ENUMS[k];
    out.push({ key: k, label: t(`eventData.${k}`), value: prefix ? enumLabel(t, prefix, String(v)) : String(v) });
  }
  // Material lines ({ key, name?, reason? }); a joint submission's list of item ids is not one.
  const items = Array.isArray(d.items) ? d.items.filter((x) => typeof x === 'object' && x !== null) : [];
  if (items.length) {
    const names = items.map((x) => {
      const it = x as { name?: string; key?: string; reason?: string };
      const name = it.name ?? nameOf(it.key ?? '');
      return it.reason ? t('eventData.itemWithReason', { name, reason: it.reason }) : name;
    });
    out.push({ key: 'items', label: t('eventData.items'), value: names.join(t('common.listSep')) });
  }
  return out;
}

/** A timeline row; a merged timeline (joint case and its parts) says which case each event belongs to. */
export type TimelineRow = CaseTimelineEntry & { source?: string; sourceCaseId?: string };

/** History of a case, oldest first; each row carries `data-action` (and `data-source-case` in a merged timeline). */
export function CaseTimeline({ timeline, materials = [], showActor = true }: {
  timeline: TimelineRow[];
  materials?: CaseMaterial[];
  showActor?: boolean;
}) {
  const { t } = useT();
  const nameOf = (key: string) => materials.find((m) => m.key === key)?.name ?? key;
  if (timeline.length === 0) return <span className="ow-muted" data-testid="case-timeline">{t('case.noTimeline')}</span>;
  return (
    <div data-testid="case-timeline">
      <Timeline
        items={timeline.map((e, i) => {
          const details = eventDetails(t, e.data, nameOf);
          const last = i === timeline.length - 1;
          return {
            key: `${e.at}-${i}`,
            color: last ? 'blue' : 'gray',
            content: (
              <div data-testid="timeline-row" data-action={e.action} data-source-case={e.sourceCaseId}>
                <div style={{ display: 'flex', flexWrap: 'wrap', gap: '0 12px', alignItems: 'baseline' }}>
                  {e.source ? <Tag color={e.sourceCaseId ? 'geekblue' : 'purple'} data-testid="timeline-source" style={{ marginInlineEnd: 0 }}>{e.source}</Tag> : null}
                  <strong>{eventLabel(t, e.action)}</strong>
                  <span className="ow-muted" data-testid="timeline-at">{formatDateTime(e.at)}</span>
                  {showActor && e.actor ? <span className="ow-muted">{t('case.actor')}: {e.actor}</span> : null}
                </div>
                {details.map((x) => (
                  <div key={x.key} style={{ fontSize: 13, color: 'rgba(0,0,0,.7)', whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                    {x.label}: {x.value}
                  </div>
                ))}
              </div>
            ),
          };
        })}
      />
    </div>
  );
}

/** A joint case's merged notice says which departments asked for each line. */
const departmentsOf = (it: object): string[] => {
  const d = (it as { departments?: unknown }).departments;
  return Array.isArray(d) ? d.filter((x): x is string => typeof x === 'string') : [];
};

/** The one-time supplement notice: what to re-upload and why (a joint case: and which departments asked). */
export function SupplementNotice({ supplement, children }: { supplement: NonNullable<CaseDetail['supplement']>; children?: ReactNode }) {
  const { t } = useT();
  return (
    <div data-testid="supplement-notice" data-round={supplement.round}>
      <Alert
        type="warning"
        showIcon
        title={<strong>{t('case.supplementTitle')}</strong>}
        description={
          <div>
            <div className="ow-muted" style={{ marginBottom: 6 }}>
              {t('case.supplementRound', { n: supplement.round })} · {t('case.issuedAt')}: {formatDateTime(supplement.issuedAt)}
            </div>
            <div>{t('case.supplementIntro')}</div>
            <ol className="ow-ol" style={{ marginTop: 6 }}>
              {supplement.items.map((it) => (
                <li key={it.key} data-testid="supplement-item" data-key={it.key}>
                  <strong>{it.name}</strong>{it.reason ? <>{t('case.reasonSep')}{it.reason}</> : null}
                  {departmentsOf(it).length ? (
                    <div className="ow-muted" data-testid="supplement-departments" data-count={departmentsOf(it).length}>
                      {t('joint.askedBy', { names: departmentsOf(it).join(t('common.listSep')) })}
                    </div>
                  ) : null}
                </li>
              ))}
            </ol>
            {supplement.note ? <div style={{ marginTop: 6, whiteSpace: 'pre-wrap' }}>{t('case.supplementNote')}: {supplement.note}</div> : null}
            {children}
          </div>
        }
      />
    </div>
  );
}

/** Documents of a case (receipt, notices, decision), opened in a new tab. */
export function CaseDocuments({ documents, print }: { documents: CaseDetail['documents']; print?: boolean }) {
  const { t } = useT();
  if (documents.length === 0) return <span className="ow-muted" data-testid="case-documents-empty">{t('case.noDocuments')}</span>;
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
      {documents.map((d) => (
        <a key={d.kind} href={d.url} target="_blank" rel="noreferrer" data-testid={`doc-link-${d.kind}`} data-kind={d.kind}>
          <Button icon={print ? <PrinterOutlined /> : <FilePdfOutlined />}>
            {print ? `${t('case.print')} ` : ''}{enumLabel(t, 'doc', d.kind)}
          </Button>
        </a>
      ))}
    </div>
  );
}

/** The decision, when there is one. */
export function CaseDecision({ decision }: { decision: NonNullable<CaseDetail['decision']> }) {
  const { t } = useT();
  return (
    <div data-testid="case-decision" data-result={decision.result}>
      <Alert
        type={decision.result === 'approved' ? 'success' : decision.result === 'partial' ? 'warning' : 'error'}
        showIcon
        title={<strong>{enumLabel(t, 'decision', decision.result)}</strong>}
        description={
          <div>
            <div style={{ whiteSpace: 'pre-wrap' }}>{t('case.decisionReason')}: {decision.reason}</div>
            <div className="ow-muted">{t('case.decidedAt')}: {formatDateTime(decision.decidedAt)}</div>
          </div>
        }
      />
    </div>
  );
}
