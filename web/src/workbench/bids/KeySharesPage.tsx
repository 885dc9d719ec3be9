import { useState } from 'react';
import { Link } from 'react-router-dom';
import { App, Button, Input, Table, Tag, Typography } from 'antd';
import { api, toApiError, type ApiError, type ResponseOf } from '../../api/client';
import { useGet, useInvalidate } from '../../api/query';
import { ErrorAlert } from '../../components/ErrorAlert';
import { QueryError } from '../../components/QueryError';
import { useTitle } from '../../components/useTitle';
import { useT } from '../../i18n';
import { bytesToHex, generateOfficialKeyPair, hexToBytes, privateKeyMatches, sm2Decrypt } from '../../../../server/src/modules/bids/bid-envelope.ts';
import { chinaTime, ServerClock } from '../../portal/bids/ServerClock';

type Share = ResponseOf<'/api/me/key-shares'>['items'][number];

/**
 * An official's key shares (开标密钥分片). The key pair is made in this browser; only the public key
 * is sent. At the opening the official pastes the private key, the share is decrypted here and
 * only the share is handed in: the private key never leaves the device.
 */
export default function KeySharesPage() {
  const { t } = useT();
  useTitle(t('bids.officials.title'), true);
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const myKey = useGet('/api/me/bid-key');
  const shares = useGet('/api/me/key-shares', { query: { page: 1, pageSize: 50 } });
  const [made, setMade] = useState<string | null>(null);
  const [privateKey, setPrivateKey] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [bad, setBad] = useState(false);

  const generate = async () => {
    const pair = generateOfficialKeyPair();
    try {
      await api.put('/api/me/bid-key', { body: { publicKey: pair.publicKey } });
      setMade(pair.privateKey);
      setPrivateKey(pair.privateKey);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      invalidate(['/api/me/bid-key']);
    }
  };
  const handIn = async (s: Share) => {
    setError(null);
    setBad(false);
    const key = privateKey.trim().toLowerCase();
    const share = privateKeyMatches(key, s.publicKey) ? sm2Decrypt(key, hexToBytes(s.encryptedShare)) : null;
    if (!share) {
      setBad(true);
      return;
    }
    try {
      await api.post('/api/tenders/{id}/opening/shares', { params: { path: { id: s.tenderId } }, body: { share: bytesToHex(share) } });
      message.success(t('bids.officials.handedIn'));
    } catch (e) {
      setError(toApiError(e));
    } finally {
      invalidate(['/api/me/key-shares', '/api/tenders/{id}/opening']);
    }
  };
  return (
    <div>
      <h1>{t('bids.officials.title')}</h1>
      <ServerClock />
      <QueryError of={myKey} />
      <h2>{t('bids.officials.key')}</h2>
      {myKey.data?.publicKey
        ? <Typography.Text code data-testid="official-public-key" style={{ wordBreak: 'break-all' }}>{myKey.data.publicKey.slice(0, 32)}…</Typography.Text>
        : <p>{t('bids.officials.key.none')}</p>}
      <div style={{ margin: '8px 0 16px' }}>
        <Button onClick={generate} data-testid="official-generate">{t('bids.officials.generate')}</Button>
      </div>
      {made ? (
        <p>{t('bids.officials.private')}：<Typography.Text code copyable data-testid="official-private-key" style={{ wordBreak: 'break-all' }}>{made}</Typography.Text></p>
      ) : null}
      <label style={{ display: 'block', maxWidth: 640 }}>
        {t('bids.officials.privateInput')}
        <Input.Password data-testid="official-private-input" value={privateKey} onChange={(e) => setPrivateKey(e.target.value)} autoComplete="off" />
      </label>
      {bad ? <p role="alert" style={{ color: '#a8071a' }} data-testid="official-bad-key">{t('bids.officials.badKey')}</p> : null}
      <ErrorAlert error={error} style={{ marginTop: 12 }} />
      <h2 style={{ marginTop: 16 }}>{t('bids.officials.shares')}</h2>
      <QueryError of={shares} />
      <Table<Share> rowKey="tenderId" size="small" pagination={false} scroll={{ x: 640 }} dataSource={shares.data?.items ?? []}
        locale={{ emptyText: t('bids.officials.noShares') }}
        columns={[
          { title: t('bids.col.tender'), dataIndex: 'title' },
          { title: t('bids.deadline'), render: (_, s) => chinaTime(s.bidDeadline) },
          { title: t('bids.col.share'), dataIndex: 'shareNo' },
          {
            title: t('bids.col.status'), render: (_, s) => (s.handedInAt ? <Tag color="green">{t('bids.officials.handedIn')}</Tag> : (
              <Button size="small" type="primary" data-testid="official-hand-in" disabled={!privateKey} onClick={() => handIn(s)}>{t('bids.officials.handIn')}</Button>
            )),
          },
          { title: '', render: (_, s) => <Link to={`/workbench/tenders/${s.tenderId}/opening`} data-testid="official-opening-link">{t('bids.officials.opening')}</Link> },
        ]} />
    </div>
  );
}
