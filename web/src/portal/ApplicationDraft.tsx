import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, App, Button, type FormInstance } from 'antd';
import { DeleteOutlined, SaveOutlined } from '@ant-design/icons';
import { useT } from '../i18n';
import { api, toApiError } from '../api/client';
import { useGet, useInvalidate } from '../api/query';
import type { ApplicationValues, UploadedEntry } from '../components/cases/ApplicationFields';
import { formatDateTime } from '../components/labels';
import type { DeliveryPrefill } from '../components/delivery/DeliveryChoiceFields';

/**
 * Pre-fill and drafts of an application form (issue 14, docs/portal.md). Once the form's fields are
 * known, a saved draft (暂存) is put back — its values and its uploads — and every field still empty
 * that the account answers (name, ID number or credit code, legal representative, phone, address) is
 * filled from GET /api/my/profile: the server says which field keys it answers. A joint matter's own
 * fields are keyed `i<position>_<key>` and matched on `<key>`.
 */
export type DraftKind = 'item' | 'matter';
export interface DraftExtra { answers?: Record<string, string>; step?: number }

const baseKey = (key: string) => key.replace(/^i\d+_/, '');

export function prefillFor(prefill: Record<string, string> | undefined, keys: string[], current: Record<string, string | undefined> | undefined) {
  const out: Record<string, string> = {};
  if (!prefill) return out;
  for (const k of keys) {
    const v = prefill[k] ?? prefill[baseKey(k)];
    if (v && !String(current?.[k] ?? '').trim()) out[k] = v;
  }
  return out;
}

export function useApplicationDraft(o: { kind: DraftKind; targetId: string; form: FormInstance<ApplicationValues>; fieldKeys: string[] | null; enabled?: boolean }) {
  const { t } = useT();
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const enabled = o.enabled ?? true;
  const profile = useGet('/api/my/profile', null, { enabled });
  const draft = useGet('/api/my/drafts/{kind}/{targetId}', { path: { kind: o.kind, targetId: o.targetId } }, { enabled });
  const [rowVersion, setRowVersion] = useState<number | undefined>(undefined);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const [restored, setRestored] = useState(false);
  const [prefilled, setPrefilled] = useState(0);
  const [busy, setBusy] = useState(false);
  const applied = useRef(false);
  const draftSettled = !!draft.data || !!draft.error;
  const profileSettled = !!profile.data || !!profile.error;

  useEffect(() => {
    if (applied.current || !enabled || !o.fieldKeys || !draftSettled || !profileSettled) return;
    applied.current = true;
    const d = draft.data;
    if (d) {
      setRowVersion(d.rowVersion);
      setSavedAt(d.updatedAt);
      setRestored(true);
      o.form.setFieldsValue({ form: d.data.form, materials: d.data.materials as Record<string, UploadedEntry[]> });
    }
    const current = (o.form.getFieldsValue(true) as ApplicationValues).form;
    const fill = prefillFor(profile.data?.prefill, o.fieldKeys, current);
    if (Object.keys(fill).length) o.form.setFieldsValue({ form: fill });
    setPrefilled(Object.keys(fill).length);
  }, [enabled, o.fieldKeys, o.form, draft.data, draftSettled, profile.data, profileSettled]);

  const save = async (extra: DraftExtra = {}) => {
    const v = o.form.getFieldsValue(true) as ApplicationValues;
    const form: Record<string, string> = {};
    for (const [k, x] of Object.entries(v.form ?? {})) if (x !== undefined && x !== null && String(x).trim() !== '') form[k] = String(x);
    const materials: Record<string, UploadedEntry[]> = {};
    for (const [k, files] of Object.entries(v.materials ?? {})) if (files?.length) materials[k] = files.map((f) => ({ id: f.id, name: f.name, size: f.size }));
    setBusy(true);
    try {
      const res = await api.put('/api/my/drafts/{kind}/{targetId}', {
        params: { path: { kind: o.kind, targetId: o.targetId } },
        body: { data: { form, materials, ...extra }, ...(rowVersion !== undefined ? { rowVersion } : {}) },
      });
      setRowVersion(res.rowVersion);
      setSavedAt(res.updatedAt);
      message.success(t('draft.savedToast', { time: formatDateTime(res.updatedAt) }));
      invalidate(['/api/my/drafts']);
    } catch (e) {
      const err = toApiError(e);
      message.error(err.code === 'DRAFT_STALE' ? t('draft.stale') : t('draft.saveFailed'));
    } finally {
      setBusy(false);
    }
  };

  const discard = async () => {
    setBusy(true);
    try {
      await api.del('/api/my/drafts/{kind}/{targetId}', { params: { path: { kind: o.kind, targetId: o.targetId } } });
      setRowVersion(undefined);
      setSavedAt(null);
      setRestored(false);
      message.success(t('draft.discarded'));
      invalidate(['/api/my/drafts']);
    } catch {
      message.error(t('draft.saveFailed'));
    } finally {
      setBusy(false);
    }
  };

  // A postal delivery's recipient is the applicant's contact unless changed: not asked again.
  const delivery = useMemo<DeliveryPrefill | undefined>(() => {
    const p = profile.data?.prefill;
    return p ? { recipientName: p.contactName, recipientPhone: p.contactPhone, address: p.address } : undefined;
  }, [profile.data]);
  return { save, discard, busy, savedAt, restored, prefilled, delivery, draft: draft.data, draftLoading: draft.isLoading };
}

/** The notice above the form: restored from a draft, pre-filled from the account. */
export function DraftNotice({ d }: { d: ReturnType<typeof useApplicationDraft> }) {
  const { t } = useT();
  if (!d.restored && d.prefilled === 0) return null;
  return (
    <div style={{ marginTop: 12, display: 'grid', gap: 8 }}>
      {d.restored && d.savedAt ? (
        <div data-testid="draft-restored"><Alert type="info" showIcon title={t('draft.restored', { time: formatDateTime(d.savedAt) })} /></div>
      ) : null}
      {d.prefilled > 0 ? <div data-testid="prefill-notice" data-count={d.prefilled}><Alert type="success" showIcon title={t('prefill.notice', { n: d.prefilled })} /></div> : null}
    </div>
  );
}

/** Save (暂存) and discard buttons, with when it was last saved. */
export function DraftButtons({ d, onSave }: { d: ReturnType<typeof useApplicationDraft>; onSave: () => void }) {
  const { t } = useT();
  return (
    <span style={{ display: 'inline-flex', gap: 8, flexWrap: 'wrap', alignItems: 'center' }}>
      <Button icon={<SaveOutlined />} onClick={onSave} loading={d.busy} data-testid="draft-save">{t('draft.save')}</Button>
      {d.savedAt ? (
        <>
          <span className="ow-muted" data-testid="draft-saved-at">{t('draft.savedAt', { time: formatDateTime(d.savedAt) })}</span>
          <Button type="link" size="small" icon={<DeleteOutlined />} onClick={d.discard} disabled={d.busy} data-testid="draft-discard">{t('draft.discard')}</Button>
        </>
      ) : null}
    </span>
  );
}
