import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { App, Button, Descriptions, Input, Popconfirm, Tag, Typography } from 'antd';
import { api, toApiError, uploadBytes, type ApiError, type ResponseOf } from '../../api/client';
import { useAuth } from '../../api/auth';
import { useGet, useInvalidate } from '../../api/query';
import { ErrorAlert } from '../../components/ErrorAlert';
import { QueryError } from '../../components/QueryError';
import { useTitle } from '../../components/useTitle';
import { useT } from '../../i18n';
import { sealBid } from '../../../../server/src/modules/bids/bid-envelope.ts';
import { BidderDeclaration } from './BidderDeclaration';
import { chinaTime, ServerClock } from './ServerClock';

type Bid = ResponseOf<'/api/me/bids'>['items'][number];
const PRICE = /^\d{1,15}(\.\d{1,2})?$/;

/**
 * The bidder's page (投标): the file is sealed in this browser (SM4, the key to the tender's SM2
 * public key, bid-envelope.ts — the same code the server's tests seal with) and only the envelope
 * is uploaded; the answer is the receipt signed with the e-seal over its hash and the server time.
 */
export default function BidPage() {
  const { tenderId = '' } = useParams();
  const { t } = useT();
  useTitle(t('bids.title'));
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const key = useGet('/api/tenders/{id}/bid-key', { path: { id: tenderId } });
  const { user } = useAuth();
  const mine = useGet('/api/me/bids', { query: { tenderId, page: 1, pageSize: 20 } });
  const [file, setFile] = useState<File | null>(null);
  const [price, setPrice] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [receipt, setReceipt] = useState<Bid | null>(null);

  const submit = async () => {
    if (!file || !key.data?.publicKey || !user) return;
    setBusy(true);
    setError(null);
    try {
      const envelope = sealBid({
        tenderId, bidderId: user.id, tenderPublicKey: key.data.publicKey, file: new Uint8Array(await file.arrayBuffer()),
        fileName: file.name, mediaType: file.type || 'application/octet-stream', price,
      });
      const bid = (await uploadBytes(`/api/tenders/${encodeURIComponent(tenderId)}/bids`, envelope, 'envelope')) as Bid;
      setReceipt(bid);
      message.success(t('bids.receipt'));
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
      invalidate(['/api/me/bids']);
    }
  };
  const withdraw = async (b: Bid) => {
    try {
      await api.post('/api/bids/{id}/withdraw', { params: { path: { id: b.id } } });
      message.success(t('bids.withdrawn'));
    } catch (e) {
      setError(toApiError(e));
    } finally {
      invalidate(['/api/me/bids']);
    }
  };
  const priceOk = PRICE.test(price);
  const k = key.data;
  return (
    <div style={{ maxWidth: 880, margin: '0 auto', padding: 16 }}>
      <h1>{t('bids.title')}</h1>
      <ServerClock />
      <QueryError of={key} />
      {k ? (
        <Descriptions column={1} size="small" bordered style={{ marginBottom: 16 }}>
          <Descriptions.Item label={t('bids.deadline')}><span data-testid="bid-deadline">{chinaTime(k.bidDeadline)}</span></Descriptions.Item>
          <Descriptions.Item label={t('bids.key')}>
            {k.publicKey ? <Typography.Text code style={{ wordBreak: 'break-all' }}>{k.publicKey.slice(0, 24)}…</Typography.Text> : t('bids.key.missing')}
            {k.threshold ? <div>{t('bids.key.threshold', { k: k.threshold, n: k.shares ?? 0 })}</div> : null}
          </Descriptions.Item>
        </Descriptions>
      ) : null}
      {user?.kind === 'enterprise' ? <BidderDeclaration /> : null}
      <p>{t('bids.sealed.note')}</p>
      <div style={{ display: 'grid', gap: 12, maxWidth: 480 }}>
        <label>
          {t('bids.file')}
          <input type="file" data-testid="bid-file" style={{ display: 'block', marginTop: 4 }} onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </label>
        <label>
          {t('bids.price')}
          <Input data-testid="bid-price" inputMode="decimal" value={price} onChange={(e) => setPrice(e.target.value.trim())}
            status={price && !priceOk ? 'error' : undefined} aria-invalid={!!price && !priceOk} />
          {price && !priceOk ? <span role="alert" style={{ color: '#a8071a' }}>{t('bids.price.invalid')}</span> : null}
        </label>
        <Button type="primary" data-testid="bid-seal" loading={busy} disabled={!file || !priceOk || !k?.publicKey} onClick={submit}>
          {busy ? t('bids.sealing') : t('bids.seal')}
        </Button>
      </div>
      <ErrorAlert error={error} style={{ marginTop: 16 }} />
      {receipt?.receipt ? (
        <section data-testid="bid-receipt" style={{ marginTop: 16 }}>
          <h2>{t('bids.receipt')}</h2>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('bids.receipt.time')}><span data-testid="receipt-time">{chinaTime(receipt.submittedAt)}</span></Descriptions.Item>
            <Descriptions.Item label={t('bids.receipt.hash')}><Typography.Text code style={{ wordBreak: 'break-all' }} data-testid="receipt-hash">{receipt.sm3}</Typography.Text></Descriptions.Item>
            <Descriptions.Item label={t('bids.receipt.size')}>{receipt.size}</Descriptions.Item>
            <Descriptions.Item label={t('bids.receipt.verification')}><span data-testid="receipt-verification">{receipt.receipt.verificationId}</span></Descriptions.Item>
            <Descriptions.Item label={t('bids.receipt.signature')}><Typography.Text code style={{ wordBreak: 'break-all' }}>{receipt.receipt.signature.slice(0, 48)}…</Typography.Text></Descriptions.Item>
          </Descriptions>
        </section>
      ) : null}
      <h2 style={{ marginTop: 24 }}>{t('bids.mine')}</h2>
      <QueryError of={mine} />
      {(mine.data?.items ?? []).length === 0 ? <p>{t('bids.none')}</p> : null}
      {(mine.data?.items ?? []).map((b) => (
        <div key={b.id} className="ow-result-card" data-testid="my-bid" data-status={b.status}>
          <Tag>{t(`bids.status.${b.status}`)}</Tag> {chinaTime(b.submittedAt)} · SM3 {b.sm3.slice(0, 16)}…
          {b.status === 'submitted' ? (
            <Popconfirm title={t('bids.withdraw')} onConfirm={() => withdraw(b)} okText={t('bids.withdraw')} cancelText={t('common.cancel')}>
              <Button size="small" style={{ marginLeft: 8 }} data-testid="bid-withdraw">{t('bids.withdraw')}</Button>
            </Popconfirm>
          ) : null}
        </div>
      ))}
    </div>
  );
}
