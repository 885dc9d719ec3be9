import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { App, Button, Card, Descriptions, Empty, Input, Segmented, Space, Table, Tag } from 'antd';
import { useT, type TFunction } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';
import { api, ApiError } from '../../api/client';
import { useGet, useInvalidate } from '../../api/query';
import { isManager, useAuth } from '../../api/auth';
import { useTitle } from '../../components/useTitle';
import { QueryError } from '../../components/QueryError';
import { ErrorAlert } from '../../components/ErrorAlert';
import { levelKey } from '../../components/ratings/LevelChoice';

type Step = 'call_back' | 'verify' | 'rectify' | 'appeal' | 'uphold_appeal' | 'reject_appeal' | 'close';
/** Which steps a task in each state offers (the server's transition table decides; this only hides buttons that cannot work). */
const DEPARTMENT_STEPS: Record<string, Step[]> = {
  open: ['call_back', 'verify', 'appeal'], appeal_rejected: ['call_back', 'verify'], called_back: ['verify', 'appeal'], verified: ['rectify', 'appeal'],
};
const MANAGER_STEPS: Record<string, Step[]> = { appealed: ['uphold_appeal', 'reject_appeal'], rectified: ['close'] };
const statusKey = (s: string) => `rt.status.${s}` as MessageKey;
/** The case number of a real-name review; an anonymous case review is never given its case (docs/ratings.md), a visit is a visit. */
const ratedLabel = (t: TFunction, receiptNo: string | null, stage: 'acceptance' | 'completion' | 'visit') =>
  receiptNo ?? (stage === 'visit' ? t('rt.stage.visit') : t('rt.wb.anonCase', { stage: t(`rt.stage.${stage}`) }));

function TaskDetail({ id }: { id: string }) {
  const { t } = useT();
  const { user } = useAuth();
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const task = useGet('/api/rectifications/{id}', { path: { id } });
  const [note, setNote] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const d = task.data;
  const manager = isManager(user);
  const departmentTask = !!d?.department;
  // Department tasks are worked by the department; a task without one by the center's managers.
  const steps = d ? [
    ...((departmentTask ? !manager : manager) ? DEPARTMENT_STEPS[d.status] ?? [] : []),
    ...(manager ? MANAGER_STEPS[d.status] ?? [] : []),
  ].filter((s) => !(s === 'verify' && d.realName && !d.callback) && !(s === 'appeal' && d.appeal)) : [];

  const act = async (action: Step) => {
    setError(null);
    try {
      await api.post('/api/rectifications/{id}/actions', { params: { path: { id } }, body: { action, note } });
      message.success(t('rt.wb.done'));
      setNote('');
      await invalidate(['/api/rectifications/{id}', '/api/rectifications']);
    } catch (e) {
      setError(e instanceof ApiError ? e : null);
    }
  };
  const stepText = (s: { note: string | null; at: string | null } | null) => (s ? `${s.at?.slice(0, 16).replace('T', ' ') ?? ''} ${s.note ?? ''}` : '—');

  return (
    <Card data-testid="rect-detail" data-status={d?.status} title={<h2 style={{ margin: 0, fontSize: 18 }}>{d ? ratedLabel(t, d.rating.receiptNo, d.rating.stage) : ''}</h2>}>
      <QueryError of={task} />
      <ErrorAlert error={error} />
      {d ? (
        <>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('rt.wb.status')}><Tag>{t(statusKey(d.status))}</Tag></Descriptions.Item>
            <Descriptions.Item label={t('rt.wb.level')}>{t(levelKey(d.rating.level))} · {d.realName ? t('rt.wb.realName') : t('rt.wb.anon')}{d.rating.raterName ? ` · ${t('rt.wb.rater', { name: d.rating.raterName })}` : ''}</Descriptions.Item>
            <Descriptions.Item label={t('rt.wb.comment')}><span style={{ whiteSpace: 'pre-wrap' }} data-testid="rect-comment">{d.rating.comment ?? '—'}</span></Descriptions.Item>
            <Descriptions.Item label={t('rt.wb.due')}>{d.dueDate}</Descriptions.Item>
            <Descriptions.Item label={t('rt.wb.callback')}>{stepText(d.callback)}</Descriptions.Item>
            <Descriptions.Item label={t('rt.wb.verification')}>{stepText(d.verification)}</Descriptions.Item>
            <Descriptions.Item label={t('rt.wb.rectification')}>{stepText(d.rectification)}</Descriptions.Item>
            <Descriptions.Item label={t('rt.wb.appeal')}>{d.appeal ? `${stepText({ note: d.appeal.reason, at: d.appeal.at })} ${d.appeal.decisionNote ?? ''}` : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('rt.wb.personRating')}>{d.personRating?.level ? t(levelKey(d.personRating.level)) : '—'}</Descriptions.Item>
          </Descriptions>
          {steps.length ? (
            <div style={{ marginTop: 16 }}>
              <label htmlFor="rect-note">{t('rt.wb.note')}</label>
              <Input.TextArea id="rect-note" data-testid="rect-note" rows={3} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
              <Space wrap style={{ marginTop: 8 }}>
                {steps.map((s) => (
                  <Button key={s} type={s === 'rectify' || s === 'call_back' ? 'primary' : 'default'} disabled={!note.trim()} data-testid={`rect-step-${s}`} onClick={() => void act(s)}>
                    {t(`rt.wb.step.${s}` as MessageKey)}
                  </Button>
                ))}
              </Space>
            </div>
          ) : null}
        </>
      ) : null}
    </Card>
  );
}

/** The rectification tasks of the department (or, for managers, of the center) and one task with its steps. */
export default function RectificationsPage() {
  const { t } = useT();
  useTitle(t('rt.wb.title'), true);
  const { id } = useParams();
  const navigate = useNavigate();
  const [status, setStatus] = useState<'open' | 'closed'>('open');
  const [page, setPage] = useState(1);
  const list = useGet('/api/rectifications', { query: { status, page, pageSize: 20 } });
  return (
    <div data-testid="rect-page">
      <div className="ow-page-head"><h2>{t('rt.wb.title')}</h2></div>
      <Segmented value={status} onChange={(v) => { setStatus(v as 'open' | 'closed'); setPage(1); }}
        options={[{ value: 'open', label: t('rt.status.open') }, { value: 'closed', label: t('rt.status.closed') }]} style={{ marginBottom: 12 }} />
      <QueryError of={list} />
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 16, alignItems: 'flex-start' }}>
        <div style={{ flex: '1 1 340px', minWidth: 0 }}>
          {list.data && list.data.tasks.length === 0 ? <Empty description={t('rt.wb.empty')} /> : (
            <Table size="small" rowKey="id" dataSource={list.data?.tasks ?? []} loading={list.isLoading} scroll={{ x: true }}
              pagination={{ current: page, total: list.data?.total ?? 0, pageSize: 20, onChange: setPage }}
              onRow={(r) => ({ onClick: () => navigate(`/workbench/rectifications/${r.id}`), style: { cursor: 'pointer' }, 'data-testid': 'rect-row' } as React.HTMLAttributes<HTMLElement>)}
              columns={[
                { title: t('rt.wb.receipt'), dataIndex: 'receiptNo', render: (v: string | null, r) => <Link to={`/workbench/rectifications/${r.id}`}>{ratedLabel(t, v, r.stage)}</Link> },
                { title: t('rt.wb.level'), dataIndex: 'level', render: (v: number) => t(levelKey(v)) },
                { title: t('rt.wb.status'), dataIndex: 'status', render: (v: string) => <Tag>{t(statusKey(v))}</Tag> },
                { title: t('rt.wb.due'), dataIndex: 'dueDate', render: (v: string, r) => <span>{v}{r.overdue ? <Tag color="red" style={{ marginLeft: 4 }}>{t('rt.wb.overdue')}</Tag> : null}{r.escalationLevel > 0 ? <Tag color="volcano" style={{ marginLeft: 4 }} data-testid="rect-escalated">{t('rect.escalated', { level: r.escalationLevel })}</Tag> : null}</span> },
              ]} />
          )}
        </div>
        {id ? <div style={{ flex: '1 1 420px', minWidth: 0 }}><TaskDetail id={id} /></div> : null}
      </div>
    </div>
  );
}
