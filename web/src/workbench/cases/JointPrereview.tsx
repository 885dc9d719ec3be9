import { useCallback, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Checkbox, Form, Input, Radio, Skeleton, Tag } from 'antd';
import { CheckCircleOutlined, SendOutlined } from '@ant-design/icons';
import { useT } from '../../i18n';
import { api } from '../../api/client';
import { useAuth } from '../../api/auth';
import { queryKeyOf, useGet } from '../../api/query';
import type { CaseDetail, JointPrereview } from '../../api/models';
import { ErrorAlert } from '../../components/ErrorAlert';
import { QueryError } from '../../components/QueryError';
import { useFormErrors } from '../../components/useFormErrors';
import { formatDateTime } from '../../components/labels';
import type { SupplementPrefill } from '../../components/cases/ActionDialog';

/** The pre-review round a submitted joint case is in: 0 on first submission, then the last notice's round. */
export const roundOf = (c: CaseDetail) => c.supplement?.round ?? 0;

/** GET /api/joint/cases/:id/prereviews, for a joint parent only. */
export function usePrereviews(c: CaseDetail | undefined) {
  const id = c?.kind === 'joint' ? c.id : null;
  const query = useGet('/api/joint/cases/{id}/prereviews', { path: { id: id ?? '' } }, { enabled: !!id });
  const client = useQueryClient();
  // A saved pre-review answers the whole list: it replaces the cached one without a second request.
  const set = useCallback((prereviews: JointPrereview[]) => {
    if (id) client.setQueryData(queryKeyOf('/api/joint/cases/{id}/prereviews', { path: { id } }), { prereviews });
  }, [client, id]);
  return { list: query.data?.prereviews ?? [], set, query, loading: query.isLoading };
}

/** Every department's lines of the current round, merged by material: the window's one notice, pre-filled. */
export function supplementPrefillOf(c: CaseDetail, prereviews: JointPrereview[]): SupplementPrefill[] {
  const round = roundOf(c);
  const byKey = new Map<string, { reasons: string[]; departments: string[] }>();
  for (const p of prereviews.filter((x) => x.round === round)) {
    for (const it of p.items) {
      const e = byKey.get(it.key) ?? { reasons: [], departments: [] };
      if (it.reason && !e.reasons.includes(it.reason)) e.reasons.push(it.reason);
      if (!e.departments.includes(p.departmentName)) e.departments.push(p.departmentName);
      byKey.set(it.key, e);
    }
  }
  return [...byKey.entries()].map(([key, e]) => ({ key, reason: e.reasons.join('；'), departments: e.departments }));
}

/**
 * Pre-review of a joint case: every department's list (everyone who sees the case), and for an
 * approver or chief of an included department, while the case is submitted, the form for their own.
 */
export function PrereviewBlock({ c, pre }: { c: CaseDetail; pre: ReturnType<typeof usePrereviews> }) {
  const { t } = useT();
  const { user } = useAuth();
  const departments = [...new Map((c.matter?.items ?? []).map((i) => [i.departmentId, i.departmentName])).entries()];
  const round = roundOf(c);
  const thisRound = pre.list.filter((p) => p.round === round);
  const waiting = departments.filter(([id]) => !thisRound.some((p) => p.departmentId === id)).map(([, name]) => name);
  const mine = !!user?.departmentId && departments.some(([id]) => id === user.departmentId)
    && (user.roles.includes('approver') || user.roles.includes('chief'));
  const canWrite = mine && c.status === 'submitted';
  const nameOf = (key: string) => c.materials.find((m) => m.key === key)?.name ?? key;
  const sorted = [...pre.list].sort((a, b) => b.round - a.round || a.departmentName.localeCompare(b.departmentName));

  return (
    <div data-testid="prereview-block" data-round={round}>
      <QueryError of={pre.query} />
      {pre.loading && pre.list.length === 0 ? <Skeleton active paragraph={{ rows: 2 }} /> : (
        <div data-testid="prereview-list">
          {sorted.length === 0 ? <div className="ow-muted" data-testid="prereview-empty">{t('sj.pre.empty')}</div> : null}
          {sorted.map((p) => (
            <div key={`${p.round}-${p.departmentId}`} className="ow-material-card" data-testid="prereview-row"
              data-department-id={p.departmentId} data-round={p.round} data-count={p.items.length}>
              <div className="ow-material-card-title" style={{ justifyContent: 'space-between', flexWrap: 'wrap' }}>
                <strong>{p.departmentName}</strong>
                <span style={{ display: 'inline-flex', gap: 4 }}>
                  {p.items.length === 0 ? <Tag color="green" icon={<CheckCircleOutlined />} style={{ marginInlineEnd: 0 }}>{t('sj.pre.complete')}</Tag> : null}
                  <Tag style={{ marginInlineEnd: 0 }}>{t('sj.pre.round', { n: p.round })}</Tag>
                </span>
              </div>
              {p.items.length ? (
                <ol className="ow-ol" style={{ margin: '4px 0' }}>
                  {p.items.map((it) => <li key={it.key} data-testid="prereview-item" data-key={it.key}><strong>{nameOf(it.key)}</strong>{t('case.reasonSep')}{it.reason}</li>)}
                </ol>
              ) : null}
              {p.note ? <div style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{p.note}</div> : null}
              <div className="ow-muted">{t('sj.pre.by', { by: p.by, at: formatDateTime(p.at) })}</div>
            </div>
          ))}
          {c.status === 'submitted' && waiting.length ? (
            <div className="ow-muted" data-testid="prereview-waiting" style={{ marginTop: 4 }}>
              {t('sj.pre.waiting')}：{waiting.join(t('common.listSep'))}
            </div>
          ) : null}
        </div>
      )}
      {canWrite ? (
        <PrereviewForm c={c} again={thisRound.some((p) => p.departmentId === user?.departmentId)} onSaved={(list) => pre.set(list)} />
      ) : null}
    </div>
  );
}

interface Values { mode: 'lacks' | 'complete'; sel?: Record<string, { on?: boolean; reason?: string }>; note?: string }

function PrereviewForm({ c, again, onSaved }: { c: CaseDetail; again: boolean; onSaved: (list: JointPrereview[]) => void }) {
  const { t } = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const { error, setError } = useFormErrors(form);
  const [busy, setBusy] = useState(false);
  const values = Form.useWatch([], form) as Values | undefined;
  const mode = values?.mode ?? 'lacks';
  const { user } = useAuth();
  // A department lists only materials of its own items (the server refuses others: MATERIAL_NOT_YOURS).
  const materials = c.materials.filter((m) => !m.departmentIds || !user?.departmentId || m.departmentIds.includes(user.departmentId));

  const submit = async () => {
    if (busy) return;
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const items = v.mode === 'complete' ? [] : materials
      .filter((m) => v.sel?.[m.key]?.on)
      .map((m) => ({ key: m.key, reason: (v.sel?.[m.key]?.reason ?? '').trim() }));
    if (v.mode === 'lacks' && items.length === 0) {
      message.error(t('sj.pre.reqItems'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const note = (v.note ?? '').trim();
      const res = await api.post('/api/joint/cases/{id}/prereview', { params: { path: { id: c.id } }, body: { items, ...(note ? { note } : {}) } });
      message.success(t('sj.pre.saved'));
      onSaved(res.prereviews);
      form.resetFields();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form form={form} layout="vertical" initialValues={{ mode: 'lacks' }} onFinish={submit} data-testid="prereview-form"
      style={{ marginTop: 16, paddingTop: 12, borderTop: '1px dashed #d9d9d9' }}>
      <div style={{ fontWeight: 600, marginBottom: 4 }}>{t('sj.pre.formTitle')}</div>
      <p className="ow-muted" style={{ marginTop: 0 }}>{t('sj.pre.intro')}</p>
      {again ? <p style={{ color: '#d46b08', marginTop: 0 }} data-testid="prereview-again">{t('sj.pre.again')}</p> : null}
      <ErrorAlert error={error} />
      <Form.Item name="mode" style={{ marginBottom: 12 }}>
        <Radio.Group data-testid="prereview-mode">
          <Radio value="lacks" data-testid="prereview-mode-lacks">{t('sj.pre.mode.lacks')}</Radio>
          <Radio value="complete" data-testid="prereview-mode-complete">{t('sj.pre.mode.complete')}</Radio>
        </Radio.Group>
      </Form.Item>
      {mode === 'lacks' ? (
        <div data-testid="prereview-items">
          {materials.map((m) => {
            const on = !!values?.sel?.[m.key]?.on;
            return (
              <div key={m.key} className="ow-editor-row" style={{ padding: '8px 10px 0', marginBottom: 8 }}>
                <Form.Item name={['sel', m.key, 'on']} valuePropName="checked" style={{ marginBottom: 8 }}>
                  <Checkbox data-testid={`prereview-item-${m.key}`}>{m.name}</Checkbox>
                </Form.Item>
                {on ? (
                  <Form.Item name={['sel', m.key, 'reason']} style={{ marginBottom: 8 }}
                    rules={[{ required: true, whitespace: true, message: t('af.req') }, { min: 2, message: t('af.req') }, { max: 2000, message: t('editor.maxLen', { n: 2000 }) }]}>
                    <Input placeholder={t('af.itemReason')} data-testid={`prereview-reason-${m.key}`} />
                  </Form.Item>
                ) : null}
              </div>
            );
          })}
        </div>
      ) : null}
      <Form.Item name="note" label={t('sj.pre.note')} rules={[{ max: 2000, message: t('editor.maxLen', { n: 2000 }) }]}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} data-testid="prereview-note" />
      </Form.Item>
      <Button type="primary" icon={<SendOutlined />} loading={busy} disabled={busy} onClick={submit} data-testid="prereview-submit">{t('sj.pre.submit')}</Button>
    </Form>
  );
}
