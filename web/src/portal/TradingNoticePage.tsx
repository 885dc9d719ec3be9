import { useState } from 'react';
import { Alert, Button, Descriptions, Table, Tag } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { useT } from '../i18n';
import { api, type ApiError, type ResponseOf } from '../api/client';
import { useGet, useInvalidate } from '../api/query';
import { isApplicant, useAuth } from '../api/auth';
import { useTitle } from '../components/useTitle';
import { ErrorAlert } from '../components/ErrorAlert';
import { QueryError } from '../components/QueryError';
import { enumLabel, formatDateTime } from '../components/labels';
import { TenderDisputesPanel } from '../trading-disputes/TenderDisputesPanel';

type Tender = ResponseOf<'/api/trading/tenders/{id}'>;
type Revision = ResponseOf<'/api/trading/tenders/{id}/revisions'>['revisions'][number];
const yuan = (fen: number | null | undefined) => (fen === null || fen === undefined ? '—' : `¥${(fen / 100).toLocaleString('zh-CN')}`);

/** One tender as the public sees it: the notice and its periods (server time), candidates, award, documents, every change. */
export default function TradingNoticePage() {
  const { id = '' } = useParams();
  const { t } = useT();
  const { user } = useAuth();
  const tender = useGet('/api/trading/tenders/{id}', { path: { id } });
  const revisions = useGet('/api/trading/tenders/{id}/revisions', { path: { id } });
  const invalidate = useInvalidate();
  const [error, setError] = useState<ApiError | null>(null);
  const d: Tender | undefined = tender.data;
  useTitle(d?.title ?? t('tr.list.title'));
  const reconfirm = async () => {
    setError(null);
    try {
      await api.post('/api/trading/tenders/{id}/reconfirm', { params: { path: { id } } });
      await invalidate(['/api/trading/tenders/{id}']);
    } catch (e) {
      setError(e as ApiError);
    }
  };
  const bidder = !!user && isApplicant(user);
  /** The key ceremony's revision: k of n and the key's fingerprint (the custodians stay masked in `changes`). */
  const keyCeremony = (r: Revision) => {
    const k = r.changes.bidKey?.to as { fingerprint?: string; threshold?: number; shares?: number } | undefined;
    return t('tr.rev.bidKey', { k: k?.threshold ?? 0, n: k?.shares ?? 0, fingerprint: (k?.fingerprint ?? '').slice(0, 16) });
  };
  return (
    <div data-testid="trading-notice">
      <QueryError of={tender} />
      {d ? (
        <>
          <h1>{d.title} <Tag>{enumLabel(t, 'tr.status', d.status)}</Tag></h1>
          {d.suspension ? (
            <Alert type="error" showIcon style={{ marginBottom: 12 }} data-testid="trading-suspended" message={t('tr.detail.suspended')}
              description={<>
                <div>{t('tr.detail.suspendedSince')}: {formatDateTime(d.suspension.since)}</div>
                <div>{t('tr.detail.suspendedReason')}: {d.suspension.reason}</div>
              </>} />
          ) : null}
          {d.suspensions.filter((x) => x.resumedAt).map((x) => (
            <Alert key={x.complaintId} type="info" showIcon style={{ marginBottom: 12 }} data-testid="trading-resumed"
              message={t('tr.detail.resumedAt', { at: formatDateTime(x.resumedAt), reason: x.resumeReason ?? '' })} />
          ))}
          {d.mustReconfirm.length ? (
            <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t('tr.detail.reconfirm')}
              action={<Button size="small" onClick={() => void reconfirm()} data-testid="trading-reconfirm">{t('tr.detail.reconfirmButton')}</Button>} />
          ) : null}
          <ErrorAlert error={error} />
          <Descriptions bordered size="small" column={1}>
            <Descriptions.Item label={t('tr.detail.project')}>{d.project.code} · {enumLabel(t, 'tr.kind', d.project.kind)}</Descriptions.Item>
            <Descriptions.Item label={t('tr.detail.buyer')}>{d.project.buyerName}</Descriptions.Item>
            {d.project.agentName ? <Descriptions.Item label={t('tr.detail.agent')}>{d.project.agentName}</Descriptions.Item> : null}
            <Descriptions.Item label={t('tr.col.published')}>{formatDateTime(d.publishedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('tr.detail.clarification')}>{formatDateTime(d.clarificationUntil)}</Descriptions.Item>
            <Descriptions.Item label={t('tr.col.deadline')}><span data-testid="trading-deadline">{formatDateTime(d.bidDeadline)}</span></Descriptions.Item>
            <Descriptions.Item label={t('tr.detail.opening')}>{formatDateTime(d.openingAt)}</Descriptions.Item>
            <Descriptions.Item label={t('tr.detail.serverTime')}>{formatDateTime(d.serverTime)}</Descriptions.Item>
            {d.closedReason ? <Descriptions.Item label={t('tr.detail.closed')}>{d.closedReason}</Descriptions.Item> : null}
            {d.award ? (
              <Descriptions.Item label={t('tr.detail.award')}>
                <span data-testid="trading-award">{d.award.name} · {yuan(d.award.priceFen)}</span>
                {d.award.passedOver?.length ? (
                  <div data-testid="trading-award-passed-over">
                    {d.award.passedOver.map((p) => t('tr.passOver.shown', { rank: p.rank, name: p.name, ground: t(`tr.passOver.${p.reason}`) })).join('；')}
                  </div>
                ) : null}
              </Descriptions.Item>
            ) : null}
          </Descriptions>
          {d.description ? <p style={{ whiteSpace: 'pre-wrap', marginTop: 12 }}>{d.description}</p> : null}
          {bidder && d.publicKey && ['published', 'clarification', 'bidding'].includes(d.status) ? (
            <p style={{ marginTop: 12 }}><Link to={`/bids/${d.id}`} data-testid="trading-bid-link">{t('bids.title')}</Link></p>
          ) : null}
          {d.candidates ? (
            <>
              <h2>{t('tr.detail.candidates')}</h2>
              <p>{t('tr.detail.candidatesUntil')}: {formatDateTime(d.candidatesUntil)}</p>
              <Table size="small" rowKey="orgCode" pagination={false} dataSource={d.candidates} scroll={{ x: 320 }} data-testid="trading-candidates"
                columns={[
                  { title: t('tr.col.rank'), dataIndex: 'rank' },
                  { title: t('tr.col.name'), dataIndex: 'name' },
                  { title: t('tr.col.score'), dataIndex: 'score', render: (v: number) => v.toFixed(2) },
                ]} />
            </>
          ) : null}
          <DrawProof tenderId={d.id} />
          <h2>{t('tr.detail.documents')}</h2>
          {!bidder ? <p>{t('tr.detail.signInToDownload')}</p> : null}
          <ul>
            {d.documents.map((doc) => (
              <li key={doc.id}>
                v{doc.version} {doc.title}{' '}
                {bidder ? <a href={`/api/trading/tenders/${d.id}/documents/${doc.id}`} download>{t('tr.detail.download')}</a> : null}
              </li>
            ))}
          </ul>
          {bidder ? <TenderDisputesPanel tenderId={d.id} procurement={d.project.kind === 'procurement'} /> : <p>{t('td.signIn')}</p>}
          <h2>{t('tr.detail.revisions')}</h2>
          <QueryError of={revisions} />
          <Table<Revision> size="small" rowKey="version" pagination={false} dataSource={revisions.data?.revisions ?? []} scroll={{ x: 480 }}
            columns={[
              { title: t('tr.col.version'), dataIndex: 'version' },
              { title: t('tr.col.action'), dataIndex: 'to', render: (v: string, r) => (r.action === 'bid_key' ? keyCeremony(r) : enumLabel(t, 'tr.status', v)) },
              { title: t('tr.col.reason'), dataIndex: 'reason', render: (v: string | null) => v ?? '—' },
              { title: t('tr.col.at'), dataIndex: 'at', render: (v: string) => formatDateTime(v) },
            ]} />
        </>
      ) : null}
    </div>
  );
}

/**
 * The expert draw as anyone sees it (docs/experts.md, "Secrecy and the proof"): the commitment's hash as soon as it is
 * made; once the result is public the committee and the whole proof, to replay with scripts/replay-draw.mjs.
 */
function DrawProof({ tenderId }: { tenderId: string }) {
  const { t } = useT();
  const proof = useGet('/api/public/tenders/{tenderId}/expert-draw/proof', { path: { tenderId } });
  const p = proof.data;
  if (!p) return null;
  const url = `/api/public/tenders/${tenderId}/expert-draw/proof`;
  return (
    <section data-testid="trading-draw-proof">
      <h2>{t('tr.proof.title')}</h2>
      <Descriptions column={1} size="small" bordered style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('tr.proof.commitment')}><code data-testid="proof-commitment" style={{ wordBreak: 'break-all' }}>{p.commitment.hash}</code></Descriptions.Item>
        <Descriptions.Item label={t('tr.proof.algorithm')}>{p.algorithm}</Descriptions.Item>
        <Descriptions.Item label={t('tr.proof.seedSource')}>{p.seedSource}</Descriptions.Item>
        {p.keyString ? <Descriptions.Item label={t('tr.proof.keyString')}><code data-testid="proof-key-string">{p.keyString}</code></Descriptions.Item> : null}
        {p.committee ? (
          <Descriptions.Item label={t('tr.proof.committee')}>
            <span data-testid="proof-committee">{p.committee.map((m) => m.name).join('、')}</span>
          </Descriptions.Item>
        ) : null}
      </Descriptions>
      <p>
        {p.resultPublic ? t('tr.proof.replay') : t('tr.proof.before')}{' '}
        <a href={url} target="_blank" rel="noreferrer" data-testid="proof-link">{t('tr.proof.link')}</a>
      </p>
      {p.resultPublic ? <pre style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>node scripts/replay-draw.mjs {window.location.origin}{url}</pre> : null}
    </section>
  );
}
