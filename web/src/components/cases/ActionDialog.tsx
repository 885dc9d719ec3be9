import { useEffect, useState } from 'react';
import { App, Button, Checkbox, Form, Input, InputNumber, Modal, Radio, Select, Tag } from 'antd';
import { useT, type MessageKey, type TFunction } from '../../i18n';
import { api } from '../../api/client';
import type { ErrorCode } from '../../api/errorCodes';
import type { CaseAction, CaseActionBody, CaseDetail } from '../../api/models';
import { ErrorAlert } from '../ErrorAlert';
import { useFormErrors } from '../useFormErrors';
import { actionToast } from './actionToast';
import { enumLabel } from '../labels';

type FieldKind = 'text' | 'textarea' | 'number' | 'select' | 'radio' | 'hearing';
interface FieldSpec<V = unknown> {
  kind: FieldKind;
  label: MessageKey;
  required: boolean;
  /** The choices: every member of the field's enum in the schema, no more, no fewer (a Record checks both). */
  options?: { prefix: string; values: Record<Extract<V, string>, true> };
  /** Shown only when this returns true for the current values. */
  when?: (values: Record<string, unknown>) => boolean;
  initial?: (t: TFunction) => string;
  max?: number;
}

/** Actions with a dialog: resubmit has its own form on the applicant's page; deem_accept is the system's. */
type DialogAction = Exclude<CaseAction, 'resubmit' | 'deem_accept'>;
type BodyFor<A> = Extract<CaseActionBody, { action: A }>;
/**
 * The dialog of each action holds exactly the fields of its body in the generated schema (the union of
 * POST /api/cases/:id/actions discriminated by `action`): a field the server adds, drops or renames fails
 * tsc here. A field the API requires must be required here; `items` of request_supplement is its checklist.
 */
type DialogFields<A> = {
  [K in Exclude<keyof BodyFor<A>, 'action' | 'items'>]-?: FieldSpec<BodyFor<A>[K]> & (Record<never, never> extends Pick<BodyFor<A>, K> ? unknown : { required: true });
};

const reason = (label: MessageKey = 'af.reason') => ({ kind: 'textarea', label, required: true, max: 2000 }) as const;

const ACTION_FIELDS: { [A in DialogAction]: DialogFields<A> } = {
  request_supplement: { note: { kind: 'textarea', label: 'af.note', required: false, max: 2000 } },
  refuse: { reason: reason('af.refuseReason'), remedies: { kind: 'textarea', label: 'af.remedies', required: true, max: 2000, initial: (t) => t('af.remediesDefault') } },
  accept: {},
  review: {
    proposal: { kind: 'radio', label: 'af.proposal', required: true, options: { prefix: 'proposal', values: { approve: true, deny: true } } },
    opinion: { kind: 'textarea', label: 'af.opinion', required: true, max: 2000 },
  },
  decide: {
    result: { kind: 'radio', label: 'af.result', required: true, options: { prefix: 'decision', values: { approved: true, denied: true } } },
    reason: reason('af.decisionReason'),
  },
  extend: { reason: reason('af.extendReason') },
  suspend: {
    kind: {
      kind: 'radio', label: 'af.kind', required: true, options: {
        prefix: 'special',
        values: { hearing: true, tendering: true, auction: true, testing: true, inspection: true, quarantine: true, appraisal: true, expert_review: true },
      },
    },
    reason: reason('af.suspendReason'),
    expectedDays: { kind: 'number', label: 'af.expectedDays', required: true },
    // Art. 47-48: a hearing's date and place, told to the applicant at least 7 days ahead.
    hearing: { kind: 'hearing', label: 'af.hearing', required: false, when: (v) => v.kind === 'hearing' },
  },
  resume: {},
  handover: {},
  send_to_department: { note: { kind: 'textarea', label: 'af.handoffNote', required: false, max: 500 } },
  deliver: {
    method: { kind: 'radio', label: 'af.method', required: true, options: { prefix: 'delivery', values: { pickup: true, post: true, cabinet: true } }, initial: () => 'pickup' },
    trackingNo: { kind: 'text', label: 'af.trackingNo', required: true, max: 100, when: (v) => v.method === 'post' },
  },
  withdraw: { reason: reason('af.withdrawReason') },
  terminate: { reason: reason('af.terminateReason') },
  forward: { opinion: { kind: 'textarea', label: 'af.forwardOpinion', required: true, max: 2000 } },
};

/** The fields of an action's dialog, in order, each with its body field name. */
function fieldsOf(action: string | null): (FieldSpec & { name: string })[] {
  const table = ACTION_FIELDS as unknown as Record<string, Record<string, FieldSpec> | undefined>;
  return Object.entries((action && table[action]) || {}).map(([name, f]) => ({ ...f, name }));
}

const optionsOf = (t: TFunction, f: FieldSpec, only?: string[]) =>
  f.options ? Object.keys(f.options.values).filter((v) => !only || only.includes(v)).map((v) => ({ value: v, label: enumLabel(t, f.options!.prefix, v) })) : [];

const HINTS: Partial<Record<string, MessageKey>> = {
  accept: 'action.hint.accept',
  resume: 'action.hint.resume',
  handover: 'action.hint.handover',
  extend: 'action.hint.extend',
  request_supplement: 'action.hint.request_supplement',
  withdraw: 'action.hint.withdraw',
  terminate: 'action.hint.terminate',
  forward: 'action.hint.forward',
  send_to_department: 'action.hint.send_to_department',
};

export const DANGER_ACTIONS = new Set(['refuse', 'terminate', 'withdraw']);
export const PRIMARY_ACTIONS = new Set(['accept', 'review', 'decide', 'handover', 'deliver', 'forward', 'send_to_department']);

interface SupplementRow { on?: boolean; reason?: string }
/** A line other departments asked for (joint case pre-review), merged into the one notice. */
export interface SupplementPrefill { key: string; reason: string; departments: string[] }

/** A dialog holding exactly the fields of one case action; answers the updated case. */
export function ActionDialog({ c, action, onClose, onDone, supplementPrefill, checklistMissing }: {
  c: CaseDetail;
  action: string | null;
  onClose: () => void;
  /** Joint case: the departments' pre-review lines, ticked in the supplement checklist with who asked. */
  supplementPrefill?: SupplementPrefill[];
  /**
   * The counter checklist's missing materials (GET /api/cases/:id/checklist → missing), each with the
   * note the clerk recorded (may be empty): the one-time supplement notice proposes exactly these.
   */
  checklistMissing?: Array<{ key: string; note: string }>;
  /** Called with the updated case, or with null after a conflict (the caller marks the case stale). */
  onDone: (updated: CaseDetail | null) => void;
}) {
  const { t } = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<Record<string, unknown>>();
  const { error, setError } = useFormErrors(form);
  const [busy, setBusy] = useState(false);
  const values = Form.useWatch([], form) ?? {};
  const specs = fieldsOf(action);
  // The checklist may arrive after the dialog opened: its keys (not the array's identity) re-propose the list.
  const missingKeys = (checklistMissing ?? []).map((m) => m.key).join(',');

  useEffect(() => {
    if (!action) return;
    form.resetFields();
    setError(null);
    const init: Record<string, unknown> = {};
    for (const f of fieldsOf(action)) if (f.initial) init[f.name] = f.initial(t);
    if (action === 'request_supplement') {
      const sup: Record<string, SupplementRow> = {};
      const fromChecklist = new Map((checklistMissing ?? []).map((m) => [m.key, m.note.trim()]));
      for (const m of c.materials) {
        if (fromChecklist.size) {
          // What the window recorded at the counter decides the list; the clerk's note is the reason.
          const note = fromChecklist.get(m.key);
          sup[m.key] = note !== undefined ? { on: true, reason: note || t('af.checklistMissingReason') } : { on: false, reason: '' };
          continue;
        }
        sup[m.key] = m.status === 'missing' && m.requirement === 'required' ? { on: true, reason: t('af.missingReason') } : { on: false, reason: '' };
      }
      init.sup = sup;
    }
    form.setFieldsValue(init);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [action, c.id, missingKeys]);

  const submit = async () => {
    if (!action || busy) return;
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const body: Record<string, unknown> = { action };
    for (const f of specs) {
      if (f.when && !f.when(v)) continue;
      const raw = v[f.name];
      if (raw === undefined || raw === null || raw === '') continue;
      body[f.name] = f.kind === 'number' ? Number(raw) : typeof raw === 'string' ? raw.trim() : raw;
    }
    if (action === 'request_supplement') {
      const sup = (v.sup ?? {}) as Record<string, SupplementRow>;
      const items = c.materials.filter((m) => sup[m.key]?.on).map((m) => ({ key: m.key, reason: (sup[m.key]?.reason ?? '').trim() }));
      // A joint case's notice carries the departments' pre-review lines as well: the server adds them.
      if (items.length === 0 && !supplementPrefill?.length) {
        message.error(t('af.reqItems'));
        return;
      }
      body.items = items;
    }
    setBusy(true);
    setError(null);
    try {
      // The fields come from the typed table above, so the body is the action's member of the union.
      const res = await api.post('/api/cases/{id}/actions', { params: { path: { id: c.id } }, body: body as CaseActionBody });
      message.success(actionToast(t, action, res.case));
      onDone(res.case);
    } catch (e) {
      setError(e);
      if ((e as { code?: ErrorCode }).code === 'CASE_STATE_CONFLICT') onDone(null);
    } finally {
      setBusy(false);
    }
  };

  const field = (f: FieldSpec & { name: string }) => {
    if (f.when && !f.when(values)) return null;
    const id = `action-field-${f.name}`;
    const rules = [
      ...(f.required ? [f.kind === 'number'
        ? { required: true, type: 'number' as const, message: t('af.req') }
        : { required: true, whitespace: true, message: f.kind === 'select' || f.kind === 'radio' ? t('af.reqSelect') : t('af.req') }] : []),
      ...(f.max ? [{ max: f.max, message: t('editor.maxLen', { n: f.max }) }] : []),
    ];
    let control;
    switch (f.kind) {
      case 'textarea':
        control = <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} data-testid={id} />;
        break;
      case 'text':
        control = <Input data-testid={id} />;
        break;
      case 'number':
        control = <InputNumber min={1} max={3650} precision={0} style={{ width: 160 }} data-testid={id} />;
        break;
      case 'select':
        control = <Select data-testid={id} options={optionsOf(t, f)} placeholder={t('af.reqSelect')} />;
        break;
      case 'hearing':
        // Two fields of one object: the date and the place told to the applicant.
        return (
          <div key={f.name} data-testid={id}>
            <Form.Item name={[f.name, 'date']} label={t('af.hearingDate')} rules={[{ required: true, message: t('af.req') }]}>
              <Input type="date" data-testid={`${id}-date`} />
            </Form.Item>
            <Form.Item name={[f.name, 'place']} label={t('af.hearingPlace')} rules={[{ required: true, whitespace: true, message: t('af.req') }, { max: 300, message: t('editor.maxLen', { n: 300 }) }]}>
              <Input data-testid={`${id}-place`} />
            </Form.Item>
          </div>
        );
      case 'radio':
        control = (
          <Radio.Group data-testid={id}>
            {/* A suspension offers only the special procedures the item declares (Art. 45). */}
            {optionsOf(t, f, action === 'suspend' && f.name === 'kind' ? c.specialProcedures.map((p) => p.kind) : undefined).map((o) => <Radio key={o.value} value={o.value} data-testid={`${id}-${o.value}`}>{o.label}</Radio>)}
          </Radio.Group>
        );
        break;
    }
    return <Form.Item key={f.name} name={f.name} label={t(f.label)} rules={rules}>{control}</Form.Item>;
  };

  const hint = action ? HINTS[action] : undefined;
  return (
    <Modal
      open={!!action}
      forceRender
      destroyOnHidden={false}
      title={action ? enumLabel(t, 'action', action) : ''}
      onCancel={onClose}
      footer={[
        <Button key="c" onClick={onClose} data-testid="action-cancel">{t('common.cancel')}</Button>,
        <Button key="s" type="primary" danger={action ? DANGER_ACTIONS.has(action) : false} loading={busy} disabled={busy} onClick={submit} data-testid="action-submit">
          {action ? enumLabel(t, 'action', action) : t('common.submit')}
        </Button>,
      ]}
    >
      <Form form={form} layout="vertical" data-testid="action-form" data-action={action ?? ''} onFinish={submit}>
        {hint ? <p className="ow-muted" style={{ marginTop: 0 }} data-testid="action-hint">{t(hint)}</p> : null}
        <ErrorAlert error={error} />
        {action === 'request_supplement' ? (
          <div data-testid="action-field-items" style={{ marginBottom: 12 }}>
            <div style={{ fontWeight: 500, marginBottom: 6 }}>{t('af.items')}</div>
            {supplementPrefill?.length ? (
              <p className="ow-muted" style={{ marginTop: 0 }} data-testid="action-prefill-note">
                {t('sj.sup.merged', { n: new Set(supplementPrefill.flatMap((p) => p.departments)).size })}
              </p>
            ) : null}
            {c.materials.map((m) => {
              const on = !!(values.sup as Record<string, SupplementRow> | undefined)?.[m.key]?.on;
              const asked = supplementPrefill?.find((p) => p.key === m.key);
              return (
                <div key={m.key} className="ow-editor-row" style={{ padding: '8px 10px 0', marginBottom: 8 }} data-prefilled={asked ? 'true' : 'false'}>
                  {asked ? (
                    <div style={{ marginBottom: 6 }} data-testid={`action-item-departments-${m.key}`} data-departments={asked.departments.join(',')}>
                      <Tag color="orange" style={{ marginInlineEnd: 6 }}>{t('sj.sup.included')}</Tag>
                      <span className="ow-muted" style={{ fontSize: 12 }}>{t('sj.sup.asked', { names: asked.departments.join(t('common.listSep')) })}</span>
                      <div style={{ fontSize: 13, wordBreak: 'break-word' }}>{asked.reason}</div>
                    </div>
                  ) : null}
                  <Form.Item name={['sup', m.key, 'on']} valuePropName="checked" style={{ marginBottom: 8 }}>
                    <Checkbox data-testid={`action-item-${m.key}`}>
                      {m.name} <span className="ow-muted">({enumLabel(t, 'matStatus', m.status)})</span>
                      {asked ? <span className="ow-muted">{t('sj.sup.windowToo')}</span> : null}
                    </Checkbox>
                  </Form.Item>
                  {on ? (
                    <Form.Item name={['sup', m.key, 'reason']} rules={[{ required: true, whitespace: true, message: t('af.req') }]} style={{ marginBottom: 8 }}>
                      <Input placeholder={t('af.itemReason')} data-testid={`action-item-reason-${m.key}`} />
                    </Form.Item>
                  ) : null}
                </div>
              );
            })}
          </div>
        ) : null}
        {specs.map(field)}
      </Form>
    </Modal>
  );
}

/** One button per allowed action (resubmit has its own form on the applicant's page). */
/** `blocked`: actions shown disabled, each with the reason told beside the buttons (e.g. accept while a required material is missing). */
export function ActionButtons({ allowed, onPick, block, blocked = {} }: { allowed: string[]; onPick: (action: string) => void; block?: boolean; blocked?: Record<string, string> }) {
  const { t } = useT();
  const shown = allowed.filter((a) => a !== 'resubmit');
  if (shown.length === 0) return null;
  const reasons = shown.filter((a) => blocked[a]);
  return (
    <div>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }} data-testid="case-actions">
        {shown.map((a) => (
          <Button
            key={a}
            block={block}
            type={PRIMARY_ACTIONS.has(a) ? 'primary' : 'default'}
            danger={DANGER_ACTIONS.has(a)}
            disabled={!!blocked[a]}
            aria-describedby={blocked[a] ? `action-${a}-blocked` : undefined}
            onClick={() => onPick(a)}
            data-testid={`action-${a}`}
          >
            {enumLabel(t, 'action', a)}
          </Button>
        ))}
      </div>
      {reasons.map((a) => <div key={a} id={`action-${a}-blocked`} role="status" className="ow-muted" style={{ marginTop: 6, color: '#ad4e00' }} data-testid={`action-${a}-blocked`}>{blocked[a]}</div>)}
    </div>
  );
}
