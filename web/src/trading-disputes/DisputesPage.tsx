import { useState } from 'react';
import { Button, Checkbox, Input, Radio, Select, Space } from 'antd';
import { useT } from '../i18n';
import { api, type ApiError } from '../api/client';
import { useGet, useInvalidate } from '../api/query';
import { useAuth } from '../api/auth';
import { useTitle } from '../components/useTitle';
import { ErrorAlert } from '../components/ErrorAlert';
import { QueryError } from '../components/QueryError';
import { DisputeList, type Dispute } from './DisputeList';

type Kind = 'question' | 'objection' | 'complaint';

/**
 * The workbench page of questions and complaints: the trading staff answer questions and objections of
 * their center; the supervising department (approvers, chiefs) decides complaints about its projects.
 * The server decides who sees and does what; the page offers the form matching the caller's role.
 */
export default function DisputesPage() {
  const { t } = useT();
  useTitle(t('td.wb.title'));
  const { user } = useAuth();
  const trading = !!user?.roles.includes('trading');
  const deciding = !!user && !!user.departmentId && (user.roles.includes('approver') || user.roles.includes('chief'));
  const [kind, setKind] = useState<Kind | undefined>(trading ? undefined : 'complaint');
  const [overdue, setOverdue] = useState(false);
  const list = useGet('/api/trading/disputes', { query: { kind, overdue: overdue ? '1' : '0', pageSize: 50 } });
  const invalidate = useInvalidate();
  const [error, setError] = useState<ApiError | null>(null);
  const [text, setText] = useState<Record<string, string>>({});
  const [outcome, setOutcome] = useState<Record<string, 'upheld' | 'rejected'>>({});
  const [suspend, setSuspend] = useState<Record<string, boolean>>({});
  const run = async (f: () => Promise<unknown>) => {
    setError(null);
    try { await f(); await invalidate(['/api/trading/disputes']); } catch (e) { setError(e as ApiError); }
  };
  const answer = (d: Dispute) => run(() => api.post('/api/trading/disputes/{id}/answer', { params: { path: { id: d.id } }, body: { answer: text[d.id] ?? '' } }));
  const decide = (d: Dispute) => run(() => api.post('/api/trading/disputes/{id}/decide', {
    params: { path: { id: d.id } }, body: { outcome: outcome[d.id] ?? 'rejected', reason: text[d.id] ?? '', suspendTender: (outcome[d.id] ?? 'rejected') === 'upheld' && !!suspend[d.id] },
  }));
  return (
    <div data-testid="disputes-page">
      <h1>{t('td.wb.title')}</h1>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select<Kind | 'all'> aria-label={t('td.field.kind')} style={{ minWidth: 140 }} value={kind ?? 'all'} onChange={(v) => setKind(v === 'all' ? undefined : v)}
          options={[{ value: 'all', label: t('td.filter.all') }, ...(['question', 'objection', ...(trading && !deciding ? [] : ['complaint'])] as Kind[]).map((k) => ({ value: k, label: t(`td.kind.${k}`) }))]} />
        <Checkbox checked={overdue} onChange={(e) => setOverdue(e.target.checked)}>{t('td.filter.overdue')}</Checkbox>
      </Space>
      <ErrorAlert error={error} />
      <QueryError of={list} />
      <DisputeList testId="staff-disputes" rows={list.data?.rows ?? []} tenderLink={(d) => `/workbench/tenders/${d.tenderId}`} actions={(d) => {
        if (d.status !== 'open') return null;
        const box = (label: string) => (
          <>
            <label htmlFor={`reply-${d.id}`}>{label}</label>
            <Input.TextArea id={`reply-${d.id}`} rows={3} value={text[d.id] ?? ''} onChange={(e) => setText({ ...text, [d.id]: e.target.value })} data-testid="dispute-reply" />
          </>
        );
        if (d.kind !== 'complaint' && trading) {
          return (
            <div>{box(t('td.field.answer'))}
              <Button type="primary" style={{ marginTop: 8 }} disabled={!(text[d.id] ?? '').trim()} onClick={() => void answer(d)} data-testid="dispute-answer-submit">{t('td.answer')}</Button>
            </div>
          );
        }
        if (d.kind === 'complaint' && deciding) {
          return (
            <div>
              <Radio.Group value={outcome[d.id] ?? 'rejected'} onChange={(e) => setOutcome({ ...outcome, [d.id]: e.target.value })} aria-label={t('td.decide')}>
                <Radio value="upheld" data-testid="decide-upheld">{t('td.upheld')}</Radio>
                <Radio value="rejected">{t('td.rejected')}</Radio>
              </Radio.Group>
              {outcome[d.id] === 'upheld' ? <div><Checkbox checked={!!suspend[d.id]} onChange={(e) => setSuspend({ ...suspend, [d.id]: e.target.checked })}>{t('td.field.suspend')}</Checkbox></div> : null}
              {box(t('td.field.reason'))}
              <Button type="primary" style={{ marginTop: 8 }} disabled={!(text[d.id] ?? '').trim()} onClick={() => void decide(d)} data-testid="dispute-decide-submit">{t('td.decide')}</Button>
            </div>
          );
        }
        return null;
      }} />
    </div>
  );
}
