import { useState } from 'react';
import { Alert, Button, Input, Radio, Space, Tag } from 'antd';
import { api, type ApiError, type ResponseOf } from '../../api/client';
import { useInvalidate } from '../../api/query';
import { ErrorAlert } from '../../components/ErrorAlert';
import { enumLabel } from '../../components/labels';
import { useT } from '../../i18n';

type Bid = ResponseOf<'/api/tenders/{tenderId}/evaluation/sheet'>['bids'][number];
type Ground = NonNullable<Bid['myRejection']>['ground'];
/**
 * 招标投标法实施条例 第五十一条 (一)–(七), then 第三十四条 (the server's REJECTION_GROUNDS), offered in this order (a
 * record's keys keep it). A record over the API's union, so a ground the server adds fails the typecheck until it is here.
 */
const OFFERED: Record<Ground, true> = {
  unsigned: true, no_consortium_agreement: true, unqualified: true, multiple_offers: true, price_out_of_bounds: true, not_responsive: true,
  collusion_or_fraud: true, related_bidders: true,
};
const GROUNDS = Object.keys(OFFERED) as Ground[];

/**
 * The expert's vote to reject one bid (否决投标) on their sheet: a ground of the regulation and the facts; shown, and
 * withdrawn, while the sheet may change. The bid is rejected when more than half of the committee votes so (the
 * server counts). Bidders whose legal representatives share a name, and prices above the tender's budget, are pointed
 * out for the expert to weigh. Bids related by the bidders' own declarations (条例 第三十四条) are void: the card says so,
 * the form opens on that ground, and the server refuses the sheet until each is rejected.
 */
export function BidRejection({ tenderId, bid, editable, budgetFen }: { tenderId: string; bid: Bid; editable: boolean; budgetFen: number | null }) {
  const { t } = useT();
  const invalidate = useInvalidate();
  const [open, setOpen] = useState(false);
  const [ground, setGround] = useState<Ground | undefined>();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const path = { tenderId, bidId: bid.id };
  const send = async (call: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await call();
      setOpen(false);
      setGround(undefined);
      setNote('');
      await invalidate(['/api/tenders/{tenderId}/evaluation/sheet']);
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setBusy(false);
    }
  };
  const vote = () => send(() => api.put('/api/tenders/{tenderId}/evaluation/sheet/rejections/{bidId}', { params: { path }, body: { ground: ground!, note: note.trim() } }));
  const withdraw = () => send(() => api.del('/api/tenders/{tenderId}/evaluation/sheet/rejections/{bidId}', { params: { path } }));
  const ids = { note: `reject-note-${bid.id}` };
  return (
    <div data-testid="bid-rejection" style={{ marginTop: 8 }}>
      {bid.related.length ? (
        <Alert type="error" showIcon style={{ marginBottom: 8 }} data-testid="bid-related"
          message={t('ev.reject.related')}
          description={<ul style={{ margin: 0, paddingInlineStart: 18 }}>{bid.related.map((r) => <li key={r.name}>{t(`ev.relation.${r.relation}`, { name: r.name })}</li>)}</ul>} />
      ) : null}
      {bid.claimedRelated.length ? (
        <Alert type="warning" showIcon style={{ marginBottom: 8 }} data-testid="bid-claimed-related"
          message={t('ev.reject.claimed')}
          description={<ul style={{ margin: 0, paddingInlineStart: 18 }}>{bid.claimedRelated.map((r) => <li key={r.name}>{t(`ev.relation.${r.relation}`, { name: r.name })}</li>)}</ul>} />
      ) : null}
      {bid.registry === 'missing' ? (
        <Alert type="warning" showIcon style={{ marginBottom: 8 }} data-testid="bid-registry-missing" message={t('ev.reject.registryMissing')} />
      ) : null}
      {bid.sameRepresentativeAs.length ? (
        <Alert type="warning" showIcon style={{ marginBottom: 8 }} data-testid="bid-namesake"
          message={t('ev.reject.namesake', { names: bid.sameRepresentativeAs.join('、') })} />
      ) : null}
      {bid.aboveBudget && budgetFen !== null ? (
        <Alert type="warning" showIcon style={{ marginBottom: 8 }} data-testid="bid-above-budget"
          message={t('ev.reject.aboveBudget', { budget: (budgetFen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2 }) })} />
      ) : null}
      <ErrorAlert error={error} />
      {bid.myRejection ? (
        <Space wrap>
          <Tag color="red" style={{ whiteSpace: 'normal' }} data-testid="bid-my-rejection">{t('ev.reject.mine', { ground: enumLabel(t, 'ev.ground', bid.myRejection.ground) })}</Tag>
          <span>{bid.myRejection.note}</span>
          {editable ? <Button size="small" onClick={() => void withdraw()} loading={busy} data-testid="bid-reject-withdraw">{t('ev.reject.withdraw')}</Button> : null}
        </Space>
      ) : editable && !open ? (
        <Button size="small" danger onClick={() => { setOpen(true); if (bid.related.length) setGround((g) => g ?? 'related_bidders'); }} data-testid="bid-reject-open">{t('ev.reject.open')}</Button>
      ) : null}
      {editable && open && !bid.myRejection ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Radio.Group value={ground} onChange={(e) => setGround(e.target.value as Ground)} aria-label={t('ev.reject.ground')} data-testid="bid-reject-ground">
            <div style={{ marginBottom: 4 }}>{t('ev.reject.ground')}</div>
            <Space direction="vertical">
              {GROUNDS.map((g) => <Radio key={g} value={g} style={{ whiteSpace: 'normal' }}>{enumLabel(t, 'ev.ground', g)}</Radio>)}
            </Space>
          </Radio.Group>
          <label htmlFor={ids.note}>{t('ev.reject.note')}</label>
          <Input.TextArea id={ids.note} rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} data-testid="bid-reject-note" />
          <Space>
            <Button danger type="primary" disabled={!ground || !note.trim()} loading={busy} onClick={() => void vote()} data-testid="bid-reject-submit">{t('ev.reject.submit')}</Button>
            <Button onClick={() => setOpen(false)}>{t('ev.sheet.cancel')}</Button>
          </Space>
        </Space>
      ) : null}
    </div>
  );
}
