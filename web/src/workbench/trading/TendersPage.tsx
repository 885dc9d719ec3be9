import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Alert, Button, Checkbox, Descriptions, Input, InputNumber, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { api, type ResponseOf } from '../../api/client';
import { useAuth } from '../../api/auth';
import { useGet, useSubmit } from '../../api/query';
import { chinaDateTime, fromChinaLocal } from '../../components/china-time';
import { ErrorAlert } from '../../components/ErrorAlert';
import { QueryError } from '../../components/QueryError';
import { enumLabel } from '../../components/labels';
import { useTitle } from '../../components/useTitle';
import { useT } from '../../i18n';
import { AmendForm, amendableNow, CloseForm, ContractForm, TenderDocuments } from './TenderForms';
import { AwardForm, AwardShown } from './AwardForm';
import { DrawDecline } from './DrawDecline';
import { TenderDownloads, TenderDownloadsSealed } from './TenderDownloads';
import { TenderSuspension } from './TenderSuspension';

/**
 * The trading center's tender pages (docs/trading.md, "Staff pages"), minimal: the list and a new project with its
 * tender; one tender with its lifecycle actions (those that need input in TenderForms.tsx), the tender documents, the tender key (custodians, k of n) and the links to the opening,
 * the expert draw and the evaluation; the draw operators' page of the verifiable expert draw (docs/experts.md).
 */
type TenderRow = ResponseOf<'/api/trading/tenders'>['rows'][number];
type Draw = ResponseOf<'/api/tenders/{tenderId}/expert-draw'>;
const KINDS = ['construction', 'procurement', 'land', 'state_property'] as const;
/** Actions taken here with one click; the others need their own input (candidates come from the evaluation; the award: AwardForm). */
const SIMPLE_ACTIONS = ['publish', 'start_clarification', 'start_bidding', 'open', 'start_evaluation', 'complete'] as const;

export default function TendersPage() {
  const { t } = useT();
  const { user } = useAuth();
  useTitle(t('tr.staff.title'), true);
  const trading = !!user?.roles.includes('trading');
  const list = useGet('/api/trading/tenders', { query: { staff: trading ? '1' : '0', page: 1, pageSize: 100 } });
  return (
    <div>
      <h1>{t('tr.staff.title')}</h1>
      <QueryError of={list} />
      <Table<TenderRow> rowKey="id" size="small" pagination={false} loading={list.isLoading} dataSource={list.data?.rows ?? []} scroll={{ x: 480 }}
        locale={{ emptyText: t('tr.list.empty') }} data-testid="staff-tenders"
        columns={[
          { title: t('tr.col.title'), render: (_, r) => <Link to={trading ? `/workbench/tenders/${r.id}` : `/workbench/tenders/${r.id}/draw`}>{r.title}</Link> },
          { title: t('tr.col.status'), render: (_, r) => enumLabel(t, 'tr.status', r.status) },
          { title: `${t('tr.col.deadline')} ${t('tr.staff.chinaTime')}`, render: (_, r) => chinaDateTime(r.bidDeadline) },
        ]} />
      {trading && user?.centerId ? <NewTender centerId={user.centerId} /> : null}
    </div>
  );
}

function NewTender({ centerId }: { centerId: string }) {
  const { t, lang } = useT();
  const navigate = useNavigate();
  const facets = useGet('/api/catalog/facets', { query: { centerId } });
  const [f, setF] = useState({ kind: 'construction' as (typeof KINDS)[number], stateFunded: true, code: '', name: '', buyerName: '', buyerOrgCode: '', departmentId: '', title: '', deadline: '' });
  const { error, busy, run } = useSubmit([]);
  const set = (k: Exclude<keyof typeof f, 'stateFunded'>) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const create = () => run(async () => {
    const project = await api.post('/api/trading/projects', {
      body: { kind: f.kind, stateFunded: f.stateFunded, code: f.code, name: f.name, buyerName: f.buyerName, buyerOrgCode: f.buyerOrgCode, departmentId: f.departmentId },
    });
    const tender = await api.post('/api/trading/projects/{id}/tenders', {
      params: { path: { id: project.id } }, body: { title: f.title, ...(f.deadline ? { bidDeadline: fromChinaLocal(f.deadline) } : {}) },
    });
    navigate(`/workbench/tenders/${tender.id}`);
  });
  const departments = (facets.data?.departments ?? []).filter((d) => d.centerId === centerId);
  return (
    <section style={{ marginTop: 24, maxWidth: 640 }} data-testid="new-tender">
      <h2>{t('tr.staff.new')}</h2>
      <ErrorAlert error={error} />
      <Space direction="vertical" style={{ width: '100%' }}>
        <label>{t('tr.col.kind')}
          <Select style={{ width: '100%' }} value={f.kind} onChange={(v) => setF({ ...f, kind: v })} data-testid="new-kind"
            options={KINDS.map((k) => ({ value: k, label: t(`tr.kind.${k}`) }))} />
        </label>
        <Checkbox checked={f.stateFunded} onChange={(e) => setF({ ...f, stateFunded: e.target.checked })} data-testid="new-state-funded">{t('tr.staff.stateFunded')}</Checkbox>
        <span style={{ color: '#595959' }}>{f.kind === 'procurement' ? t('tr.staff.stateFundedProcurement') : t('tr.staff.stateFundedNote')}</span>
        <label>{t('tr.staff.projectCode')}<Input value={f.code} onChange={set('code')} data-testid="new-code" /></label>
        <label>{t('tr.staff.projectName')}<Input value={f.name} onChange={set('name')} data-testid="new-name" /></label>
        <label>{t('tr.staff.buyerName')}<Input value={f.buyerName} onChange={set('buyerName')} data-testid="new-buyer" /></label>
        <label>{t('tr.staff.buyerOrgCode')}<Input value={f.buyerOrgCode} onChange={set('buyerOrgCode')} data-testid="new-buyer-code" /></label>
        <label>{t('tr.staff.department')}
          <Select style={{ width: '100%' }} value={f.departmentId || undefined} onChange={(v) => setF({ ...f, departmentId: v })} data-testid="new-department"
            showSearch optionFilterProp="label" options={departments.map((d) => ({ value: d.id, label: lang === 'en' && d.nameEn ? d.nameEn : d.name }))} />
        </label>
        <label>{t('tr.staff.tenderTitle')}<Input value={f.title} onChange={set('title')} data-testid="new-title" /></label>
        <label>{t('tr.col.deadline')} {t('tr.staff.chinaTime')}<Input type="datetime-local" value={f.deadline} onChange={set('deadline')} data-testid="new-deadline" /></label>
        <Button type="primary" loading={busy} onClick={() => void create()} data-testid="new-create">{t('tr.staff.create')}</Button>
      </Space>
    </section>
  );
}

/** One tender for its trading staff: periods, lifecycle actions, the tender key, links to the opening, the draw and the evaluation. */
export function TenderConsolePage() {
  const { id = '' } = useParams();
  const { t } = useT();
  // Only the trading staff make the key; the supervising department comes here for a suspension (TenderSuspension).
  const trading = !!useAuth().user?.roles.includes('trading');
  useTitle(t('tr.staff.tender'), true);
  const q = useGet('/api/trading/tenders/{id}', { path: { id } });
  const { error, run } = useSubmit(['/api/trading/tenders/{id}', '/api/trading/tenders']);
  const d = q.data;
  const act = (action: (typeof SIMPLE_ACTIONS)[number]) => run(() => api.post('/api/trading/tenders/{id}/actions', { params: { path: { id } }, body: { action } }));
  return (
    <div>
      <h1>{t('tr.staff.tender')}{d ? ` · ${d.title}` : ''}</h1>
      <QueryError of={q} />
      <ErrorAlert error={error} />
      {d ? (
        <>
          <TenderSuspension tender={d} />
          <Descriptions column={1} size="small" bordered style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('tr.col.status')}><Tag data-testid="tender-status">{enumLabel(t, 'tr.status', d.status)}</Tag></Descriptions.Item>
            <Descriptions.Item label={`${t('tr.staff.serverTime')} ${t('tr.staff.chinaTime')}`}><span data-testid="tender-server-time">{chinaDateTime(d.serverTime)}</span></Descriptions.Item>
            <Descriptions.Item label={`${t('tr.col.deadline')} ${t('tr.staff.chinaTime')}`}><span data-testid="tender-deadline">{chinaDateTime(d.bidDeadline)}</span></Descriptions.Item>
            {d.closedReason ? <Descriptions.Item label={t('tr.staff.close.reason')}><span data-testid="tender-closed-reason">{d.closedReason}</span></Descriptions.Item> : null}
            <Descriptions.Item label={t('tr.staff.key')}>
              <span data-testid="tender-key">{d.publicKey ? t('tr.staff.keyMade', { k: d.keyThreshold ?? 0, n: d.keyShares ?? 0 }) : t('tr.staff.noKey')}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('tr.staff.award.rule')}>
              <span data-testid="tender-award-rule">{d.awardInOrder ? t('tr.staff.award.ruleInOrder') : t('tr.staff.award.ruleAny')}</span>
            </Descriptions.Item>
            {d.award ? <Descriptions.Item label={t('tr.detail.award')}><AwardShown award={d.award} testid="tender-award" /></Descriptions.Item> : null}
            {d.contract ? (
              <Descriptions.Item label={t('tr.staff.contract.shown')}>
                <span data-testid="tender-contract-shown">
                  {[d.contract.title, d.contract.priceFen === null ? null : t('tr.staff.contract.yuan', { amount: (d.contract.priceFen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2 }) }), d.contract.signedOn].filter(Boolean).join(' · ')}
                </span>
                {d.contract.lateReason ? <div data-testid="tender-contract-late">{t('tr.staff.contract.lateShown', { day: d.contractDueBy ?? '', reason: d.contract.lateReason })}</div> : null}
              </Descriptions.Item>
            ) : null}
          </Descriptions>
          <Space wrap style={{ marginBottom: 16 }}>
            {d.actions.filter((a): a is (typeof SIMPLE_ACTIONS)[number] => (SIMPLE_ACTIONS as readonly string[]).includes(a)).map((a) => (
              <Popconfirm key={a} title={t('tr.staff.confirm', { action: t(`tr.staff.action.${a}`) })} okText={t(`tr.staff.action.${a}`)} cancelText={t('tr.staff.cancel')} onConfirm={() => act(a)}>
                <Button type="primary" data-testid={`tender-action-${a}`}>{t(`tr.staff.action.${a}`)}</Button>
              </Popconfirm>
            ))}
          </Space>
          {trading && !d.publicKey && ['draft', 'published', 'clarification', 'bidding'].includes(d.status) ? <TenderKeyForm id={id} /> : null}
          {d.actions.includes('award') ? <AwardForm key={d.version} tender={d} /> : null}
          {d.actions.includes('reaward') ? <AwardForm key={`re-${d.version}`} tender={d} mode="reaward" /> : null}
          {d.actions.includes('sign_contract') ? <ContractForm tender={d} /> : null}
          {trading && !d.suspended && amendableNow(d) ? <AmendForm key={d.version} tender={d} /> : null}
          <TenderDocuments tender={d} canAdd={trading && !d.suspended} />
          {d.canReadRegister ? (d.biddersSealed ? <TenderDownloadsSealed /> : <TenderDownloads id={id} />) : null}
          {d.actions.includes('declare_unsuccessful') ? <CloseForm tender={d} action="declare_unsuccessful" /> : null}
          {d.actions.includes('cancel') ? <CloseForm tender={d} action="cancel" /> : null}
          <p>
            <Space wrap>
              <Link to={`/trading/tenders/${id}`}>{t('tr.staff.publicPage')}</Link>
              <Link to={`/workbench/tenders/${id}/opening`} data-testid="tender-opening-link">{t('bids.opening.title')}</Link>
              <Link to={`/workbench/tenders/${id}/evaluation`} data-testid="tender-evaluation-link">{t('ev.sum.title')}</Link>
            </Space>
          </p>
        </>
      ) : null}
    </div>
  );
}

type CustodianChoice = ResponseOf<'/api/tenders/{id}/custodian-choices'>['items'][number];
const BODIES = ['trading_center', 'supervising_department'] as const;

/**
 * The key ceremony: custodians are officials of the two bodies only, offered in two groups (the trading center's
 * trading staff, the supervising department's approvers and chiefs); both must hold a share, each fewer than k
 * (BID_KEY_BODY_HOLDS_QUORUM, docs/trading.md).
 */
function TenderKeyForm({ id }: { id: string }) {
  const { t, lang } = useT();
  const choices = useGet('/api/tenders/{id}/custodian-choices', { path: { id } });
  const [chosen, setChosen] = useState<string[]>([]);
  const [k, setK] = useState<number | null>(3);
  const { error, run } = useSubmit(['/api/trading/tenders/{id}']);
  const make = () => run(() => api.post('/api/tenders/{id}/bid-key', { params: { path: { id } }, body: { custodians: chosen, threshold: k ?? 0 } }));
  const items = choices.data?.items ?? [];
  const dept = choices.data?.supervisingDepartment;
  const ofBody = (b: CustodianChoice['body']) => items.filter((c) => c.body === b);
  const bothBodies = BODIES.every((b) => ofBody(b).some((c) => chosen.includes(c.userId)));
  const held = (b: CustodianChoice['body']) => ofBody(b).filter((c) => chosen.includes(c.userId)).length;
  const quorumBody = k ? BODIES.find((b) => held(b) >= k) : undefined;
  const heading = (b: CustodianChoice['body']) => b === 'trading_center'
    ? t('tr.staff.keyBody.trading_center')
    : t('tr.staff.keyBody.supervising_department', { name: (lang === 'en' && dept?.nameEn) || dept?.name || '' });
  return (
    <section data-testid="tender-key-form" style={{ marginBottom: 16 }}>
      <h2>{t('tr.staff.keyTitle')}</h2>
      <p>{t('tr.staff.keyNote')}</p>
      <QueryError of={choices} />
      <ErrorAlert error={error} />
      <div data-testid="key-custodians">
        {BODIES.map((b) => {
          const group = ofBody(b);
          return (
            <fieldset key={b} data-testid={`key-custodians-${b}`} style={{ border: 0, padding: 0, margin: '0 0 8px' }}>
              <legend style={{ fontSize: 14, fontWeight: 600, marginBottom: 4 }}>{heading(b)}</legend>
              {group.length ? (
                <Checkbox.Group value={chosen.filter((c) => group.some((g) => g.userId === c))}
                  onChange={(v) => setChosen([...chosen.filter((c) => !group.some((g) => g.userId === c)), ...(v as string[])])}
                  options={group.map((c) => ({ value: c.userId, label: c.name }))} />
              ) : <p style={{ margin: 0 }}>{t('tr.staff.keyBodyEmpty')}</p>}
            </fieldset>
          );
        })}
      </div>
      {chosen.length && !bothBodies ? <p role="status" data-testid="key-both-bodies">{t('tr.staff.keyBothBodies')}</p> : null}
      {bothBodies && quorumBody ? (
        <p role="status" data-testid="key-body-quorum">{t('tr.staff.keyBodyQuorum', { body: t(`tr.staff.keyBodyShort.${quorumBody}`), n: held(quorumBody), k: k ?? 0 })}</p>
      ) : null}
      <Space style={{ marginTop: 8 }} wrap>
        <label>{t('tr.staff.threshold')} <InputNumber min={2} max={Math.max(2, chosen.length)} value={k} onChange={setK} data-testid="key-threshold" /></label>
        <Button type="primary" disabled={chosen.length < 2 || !bothBodies || !!quorumBody} onClick={() => void make()} data-testid="key-make">{t('tr.staff.keyMake', { k: k ?? 0, n: chosen.length })}</Button>
      </Space>
    </section>
  );
}

/** The draw operators' page: commit the draw (the commitment is public at once), enter the public seed once due, the drawn committee. */
export function ExpertDrawPage() {
  const { id = '' } = useParams();
  const { t } = useT();
  useTitle(t('tr.draw.title'), true);
  const tender = useGet('/api/trading/tenders/{id}', { path: { id } });
  const q = useGet('/api/tenders/{tenderId}/expert-draw', { path: { tenderId: id } });
  const d = q.data;
  return (
    <div>
      <h1>{t('tr.draw.title')}{tender.data ? ` · ${tender.data.title}` : ''}</h1>
      {q.isError && q.error.status !== 404 ? <QueryError of={q} /> : null}
      {q.isError && q.error.status === 404 ? <CommitForm id={id} /> : null}
      {d ? <DrawView draw={d} /> : null}
    </div>
  );
}

function CommitForm({ id }: { id: string }) {
  const { t } = useT();
  const [f, setF] = useState({ specialties: '', buyerReps: 0, reserves: 2, seedSource: '', seedSources: 2, seedDueAt: '' });
  const { error, run } = useSubmit(['/api/tenders/{tenderId}/expert-draw']);
  const commit = () => run(async () => {
    const specialties = f.specialties.split(/[\s,，]+/).filter(Boolean);
    await api.post('/api/tenders/{tenderId}/expert-draw', {
      params: { path: { tenderId: id } },
      body: { buyerReps: f.buyerReps, reserves: f.reserves, seedSource: f.seedSource, seedSources: f.seedSources, seedDueAt: f.seedDueAt ? fromChinaLocal(f.seedDueAt) : '', filters: specialties.length ? { specialties } : {} },
    });
  });
  return (
    <section style={{ maxWidth: 640 }} data-testid="draw-commit">
      <p>{t('tr.draw.commitNote')}</p>
      <ErrorAlert error={error} />
      <Space direction="vertical" style={{ width: '100%' }}>
        <label>{t('tr.draw.specialties')}<Input value={f.specialties} onChange={(e) => setF({ ...f, specialties: e.target.value })} data-testid="draw-specialties" /></label>
        <Space wrap>
          <label>{t('tr.draw.buyerReps')} <InputNumber min={0} value={f.buyerReps} onChange={(v) => setF({ ...f, buyerReps: v ?? 0 })} data-testid="draw-buyer-reps" /></label>
          <label>{t('tr.draw.reserves')} <InputNumber min={0} value={f.reserves} onChange={(v) => setF({ ...f, reserves: v ?? 0 })} data-testid="draw-reserves" /></label>
          <label>{t('tr.draw.seedSources')} <InputNumber min={1} max={16} value={f.seedSources} onChange={(v) => setF({ ...f, seedSources: v ?? 1 })} data-testid="draw-seed-sources" /></label>
        </Space>
        <label>{t('tr.draw.seedSource')}<Input value={f.seedSource} onChange={(e) => setF({ ...f, seedSource: e.target.value })} data-testid="draw-seed-source" /></label>
        <label>{t('tr.draw.seedDueAt')} {t('tr.staff.chinaTime')}<Input type="datetime-local" value={f.seedDueAt} onChange={(e) => setF({ ...f, seedDueAt: e.target.value })} data-testid="draw-seed-due" /></label>
        <Button type="primary" onClick={() => void commit()} data-testid="draw-commit-submit">{t('tr.draw.commit')}</Button>
      </Space>
    </section>
  );
}

function DrawView({ draw }: { draw: Draw }) {
  const { t } = useT();
  const [seed, setSeed] = useState<string[]>(() => Array.from({ length: draw.seedSources }, () => ''));
  const [declining, setDeclining] = useState<Draw['members'][number] | null>(null);
  const { error, run } = useSubmit(['/api/tenders/{tenderId}/expert-draw']);
  const enter = () => run(() => api.post('/api/expert-draws/{id}/seed', { params: { path: { id: draw.id } }, body: { seed: seed.map((s) => s.split(/[\s,，.]+/).filter(Boolean)) } }));
  return (
    <>
      <ErrorAlert error={error} />
      <Descriptions column={1} size="small" bordered style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('tr.col.status')}><Tag data-testid="draw-status">{t(`tr.draw.status.${draw.status}`)}</Tag></Descriptions.Item>
        <Descriptions.Item label={t('tr.draw.commitment')}><code data-testid="draw-commitment" style={{ wordBreak: 'break-all' }}>{draw.commitment.hash}</code></Descriptions.Item>
        <Descriptions.Item label={t('tr.draw.pool')}><span data-testid="draw-pool">{draw.poolSize ?? t('tr.draw.poolSealed')}</span></Descriptions.Item>
        <Descriptions.Item label={t('tr.draw.seedSource')}>{draw.seedSource}</Descriptions.Item>
        <Descriptions.Item label={`${t('tr.draw.seedDueAt')} ${t('tr.staff.chinaTime')}`}>{chinaDateTime(draw.seedDueAt)}</Descriptions.Item>
      </Descriptions>
      {draw.status === 'committed' ? (
        <section data-testid="draw-seed">
          <h2>{t('tr.draw.enterSeed')}</h2>
          <Space direction="vertical" style={{ width: '100%', maxWidth: 640 }}>
            {seed.map((v, i) => (
              <label key={i}>{t('tr.draw.source', { n: i + 1 })}
                <Input value={v} onChange={(e) => setSeed(seed.map((x, j) => (j === i ? e.target.value : x)))} data-testid={`draw-seed-${i + 1}`} />
              </label>
            ))}
            <Button type="primary" onClick={() => void enter()} data-testid="draw-seed-submit">{t('tr.draw.make')}</Button>
          </Space>
        </section>
      ) : null}
      {draw.status === 'drawn' ? (
        <>
          <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('tr.draw.secret')} />
          <Table rowKey="expertId" size="small" pagination={false} dataSource={draw.members} scroll={{ x: 480 }} data-testid="draw-members"
            columns={[
              { title: t('tr.draw.rank'), dataIndex: 'rank' },
              { title: t('tr.draw.name'), render: (_, m) => <span data-testid={`draw-member-${m.seat}`}>{m.name}</span> },
              { title: t('tr.draw.employer'), dataIndex: 'employerName' },
              { title: t('tr.draw.seat'), render: (_, m) => <span data-testid={`draw-seat-${m.rank}`}>{t(`tr.draw.seat.${m.seat}`)}</span> },
              {
                title: t('tr.draw.actions'),
                render: (_, m) => (m.seat === 'seated' ? (
                  <Button size="small" onClick={() => setDeclining(m)} aria-label={t('tr.draw.declineFor', { name: m.name })} data-testid={`draw-decline-${m.rank}`}>{t('tr.draw.decline')}</Button>
                ) : null),
              },
            ]} />
          {declining ? <DrawDecline key={declining.expertId} drawId={draw.id} expert={declining} onDone={() => setDeclining(null)} /> : null}
        </>
      ) : null}
    </>
  );
}
