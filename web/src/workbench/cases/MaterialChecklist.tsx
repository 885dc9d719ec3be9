import { useState } from 'react';
import { App, Button, Input, Radio, Tag } from 'antd';
import { useT } from '../../i18n';
import { api, fileUrl, toApiError, type ApiError, type ResponseOf } from '../../api/client';
import { useGet, useInvalidate } from '../../api/query';
import type { CaseDetail } from '../../api/models';
import { ErrorAlert } from '../../components/ErrorAlert';
import { QueryError } from '../../components/QueryError';
import { formatDateTime } from '../../components/labels';
import { MaterialVerifiedTag } from '../../components/licences/CaseLicences';

type Checklist = ResponseOf<'/api/cases/{id}/checklist'>;
type Material = Checklist['materials'][number];
type State = NonNullable<Material['check']>['state'];
const STATES: State[] = ['original', 'copy', 'e_licence', 'missing'];

/** Cases whose acceptance the window judges on the checklist (a part and an upper case were checked where they came in). */
export const hasChecklist = (c: CaseDetail) => c.kind === 'single' || c.kind === 'joint';

/** The checklist of a case, shared by the page (the accept button's reason) and the block. */
export function useChecklist(c: CaseDetail | undefined) {
  return useGet('/api/cases/{id}/checklist', { path: { id: c?.id ?? '' } }, { enabled: !!c && hasChecklist(c) });
}

/** The names of the required materials acceptance still waits for, or null when none. */
export function acceptBlockedBy(list: Checklist | undefined): string[] | null {
  if (!list || list.missing.length === 0) return null;
  return list.missing.map((k) => list.materials.find((m) => m.key === k)?.name ?? k);
}

/** The required materials the checklist has not received, each with the note the window recorded (the supplement notice's proposal). */
export function checklistMissingOf(list: Checklist | undefined): Array<{ key: string; note: string }> | undefined {
  if (!list) return undefined;
  return list.missing.map((key) => {
    const check = list.materials.find((m) => m.key === key)?.check;
    return { key, note: check?.state === 'missing' ? check.note : '' };
  });
}

interface Draft { state: State | null; type: string; number: string; note: string }

/**
 * The counter's material checklist (issue 10): each material with its files previewed (an image
 * inline, a PDF in an embedded viewer with a link to open it) and the state the clerk records:
 * original, copy, e-licence (type and number) or missing. Saved in one request; acceptance waits
 * until every required material is received.
 */
export function MaterialChecklist({ c, query }: { c: CaseDetail; query: ReturnType<typeof useChecklist> }) {
  const { t } = useT();
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const list = query.data;
  // Only what the clerk changed is kept here; the rest is read from the recorded checklist. A refetch
  // while the clerk works (another window's action, a live update) so never wipes an unsaved choice.
  const [edits, setEdits] = useState<Record<string, Partial<Draft>>>({});
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const recorded = (m: Material): Draft => ({
    state: m.check?.state ?? null,
    type: m.check?.eLicence?.type ?? m.eLicence?.type ?? '',
    number: m.check?.eLicence?.number ?? m.eLicence?.number ?? '',
    note: m.check?.note ?? '',
  });
  const drafts: Record<string, Draft> = Object.fromEntries((list?.materials ?? []).map((m) => [m.key, { ...recorded(m), ...edits[m.key] }]));

  if (!list) return <QueryError of={query} />;
  const changed = list.materials.filter((m) => {
    const d = drafts[m.key];
    if (!d?.state) return false;
    return d.state !== m.check?.state || d.note !== (m.check?.note ?? '') || (d.state === 'e_licence' && (d.type !== m.check?.eLicence?.type || d.number !== m.check?.eLicence?.number));
  });

  async function save() {
    setSaving(true);
    setError(null);
    try {
      const items = changed.map((m) => {
        const d = drafts[m.key]!;
        return {
          key: m.key, state: d.state!, ...(d.note.trim() ? { note: d.note.trim() } : {}),
          ...(d.state === 'e_licence' && d.type.trim() && d.number.trim() ? { eLicence: { type: d.type.trim(), number: d.number.trim() } } : {}),
        };
      });
      await api.put('/api/cases/{id}/checklist', { params: { path: { id: c.id } }, body: { items } });
      message.success(t('mc.saved'));
      await invalidate(['/api/cases/{id}/checklist', '/api/cases/{id}']);
      setEdits({});
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setSaving(false);
    }
  }

  const set = (key: string, patch: Partial<Draft>) => setEdits((all) => ({ ...all, [key]: { ...all[key], ...patch } }));
  return (
    <div data-testid="material-checklist">
      <p className="ow-muted" style={{ marginTop: 0 }}>{list.editable ? t('mc.intro') : t('mc.readOnly')}</p>
      {list.materials.map((m) => {
        const d = drafts[m.key];
        const legendId = `mc-${m.key}-legend`;
        return (
          <fieldset key={m.key} className="ow-material-card" data-testid="mc-row" data-key={m.key} data-received={m.received} style={{ minWidth: 0 }}>
            <legend id={legendId} style={{ fontSize: 14, fontWeight: 600, padding: '0 4px', width: 'auto', marginBottom: 4 }}>
              {m.name}{' '}
              {m.required ? <Tag color="red">{t('mc.required')}</Tag> : <Tag>{m.requirement === 'conditional' ? t('mc.conditional') : t('mc.optional')}</Tag>}
              <Tag color={m.received ? 'green' : 'default'} data-testid="mc-received">{m.received ? t('mc.received') : t('mc.notReceived')}</Tag>
            </legend>
            {m.condition ? <div className="ow-muted">{t('mc.condition', { condition: m.condition })}</div> : null}
            <Previews m={m} />
            {m.eLicence ? <div data-testid="mc-app-licence">{t('mc.appLicence', { type: m.eLicence.type, number: m.eLicence.number })}</div> : null}
            {m.eLicenceAccepted ? <MaterialVerifiedTag caseId={c.id} materialKey={m.key} /> : null}
            {m.check ? <div className="ow-muted" data-testid="mc-checked">{t('mc.checkedBy', { by: m.check.by, at: formatDateTime(m.check.at) })}</div> : null}
            {list.editable && d ? (
              <div style={{ marginTop: 8 }}>
                <Radio.Group
                  aria-labelledby={legendId}
                  value={d.state}
                  onChange={(e) => set(m.key, { state: e.target.value as State })}
                  data-testid="mc-state"
                  style={{ display: 'flex', flexWrap: 'wrap', gap: 4 }}
                >
                  {STATES.filter((s) => s !== 'e_licence' || m.eLicenceAccepted).map((s) => (
                    <Radio key={s} value={s} data-testid={`mc-state-${s}`}>{t(`mc.state.${s}`)}</Radio>
                  ))}
                </Radio.Group>
                {d.state === 'e_licence' ? (
                  <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginTop: 8 }}>
                    <label style={{ flex: '1 1 160px' }}>{t('mc.licenceType')}
                      <Input value={d.type} onChange={(e) => set(m.key, { type: e.target.value })} data-testid="mc-licence-type" />
                    </label>
                    <label style={{ flex: '1 1 200px' }}>{t('mc.licenceNo')}
                      <Input value={d.number} onChange={(e) => set(m.key, { number: e.target.value })} data-testid="mc-licence-no" />
                    </label>
                  </div>
                ) : null}
                <label style={{ display: 'block', marginTop: 8 }}>{t('mc.note')}
                  <Input value={d.note} maxLength={500} onChange={(e) => set(m.key, { note: e.target.value })} data-testid="mc-note" />
                </label>
              </div>
            ) : m.check ? <div data-testid="mc-state-text">{t(`mc.state.${m.check.state}`)}{m.check.note ? ` · ${m.check.note}` : ''}</div> : null}
          </fieldset>
        );
      })}
      <ErrorAlert error={error} />
      {list.editable ? (
        <Button type="primary" onClick={() => void save()} loading={saving} disabled={changed.length === 0} data-testid="mc-save" block={false}>
          {t('mc.save')}
        </Button>
      ) : null}
    </div>
  );
}

/**
 * The files of a material: an image shown, a PDF in an embedded viewer opened on request, each with a
 * link that opens it. The PDF viewer is not loaded with the page: a checklist of ten scans would
 * start ten viewers (slow on a window's network), and a plugin frame over the form can swallow clicks.
 */
function Previews({ m }: { m: Material }) {
  const { t } = useT();
  const [shown, setShown] = useState<Record<string, boolean>>({});
  if (m.files.length === 0) return <div className="ow-muted" data-testid="mc-no-file">{t('mc.noFile')}</div>;
  return (
    <div style={{ display: 'grid', gap: 8 }}>
      {m.files.map((f) => {
        const url = `${fileUrl(f.id)}?inline=1`;
        const open = !!shown[f.id];
        return (
          <div key={f.id} data-testid="mc-file" data-mime={f.mime}>
            {f.mime.startsWith('image/') ? (
              <img src={url} alt={t('mc.previewOf', { name: f.name })} style={{ maxWidth: '100%', maxHeight: 320, border: '1px solid #e5e9f2' }} data-testid="mc-preview-image" />
            ) : f.mime === 'application/pdf' && open ? (
              <object data={url} type="application/pdf" aria-label={t('mc.previewOf', { name: f.name })} style={{ width: '100%', height: 320 }} data-testid="mc-preview-pdf">
                <a href={url} target="_blank" rel="noreferrer">{f.name}</a>
              </object>
            ) : null}
            <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center' }}>
              {f.mime === 'application/pdf' ? (
                <Button size="small" aria-expanded={open} onClick={() => setShown((all) => ({ ...all, [f.id]: !open }))} data-testid="mc-preview-toggle">
                  {open ? t('mc.hidePreview') : t('mc.showPreview')}
                </Button>
              ) : null}
              <a href={url} target="_blank" rel="noreferrer" data-testid="mc-open">{t('mc.open', { name: f.name })}</a>
            </div>
          </div>
        );
      })}
    </div>
  );
}
