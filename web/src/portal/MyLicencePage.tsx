import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { App, Breadcrumb, Button, Form, Input, List, Select, Skeleton, Space, Typography } from 'antd';
import { DownloadOutlined, ShareAltOutlined } from '@ant-design/icons';
import { useT, type MessageKey } from '../i18n';
import { api } from '../api/client';
import { useGet, useInvalidate } from '../api/query';
import { useTitle } from '../components/useTitle';
import { QueryError } from '../components/QueryError';
import { formatDate, formatDateTime } from '../components/labels';
import { LicenceFacts } from '../components/licences/LicenceBits';
import { LicenceApplications } from '../components/licences/LicenceApplications';
import { RequireSignIn } from './RequireSignIn';

/**
 * One of my licences: its facts and printed fields, the signed PDF, its versions, who used it and
 * which staff looked it up through a case, time-limited share links, and the holder's applications
 * for change, renewal and cancellation (the licence lifecycle's API).
 */
export default function MyLicencePage() {
  return <RequireSignIn><MyLicence /></RequireSignIn>;
}

const HOURS = [1, 24, 168, 720] as const;

function MyLicence() {
  const { id = '' } = useParams();
  const { t } = useT();
  const licence = useGet('/api/wallet/licences/{id}', { path: { id } });
  const uses = useGet('/api/wallet/licences/{id}/uses', { path: { id }, query: { page: 1, pageSize: 50 } });
  const reads = useGet('/api/wallet/licences/{id}/reads', { path: { id }, query: { page: 1, pageSize: 50 } });
  const l = licence.data;
  useTitle(l ? `${l.type.name} ${l.licenceNo}` : t('wallet.title'));
  const dept = (d: string | null) => (d ? `（${d}）` : '');
  return (
    <div className="ow-container" data-testid="my-licence-page" data-licence-id={id}>
      <Breadcrumb items={[{ title: <Link to="/">{t('nav.home')}</Link> }, { title: <Link to="/my/licences">{t('wallet.title')}</Link> }, { title: l?.licenceNo ?? '' }]} />
      <div className="ow-block">
        <QueryError of={licence} />
        {licence.isLoading ? <Skeleton active /> : null}
        {l ? (
          <>
            <h2 className="ow-block-title">{l.type.name}</h2>
            <LicenceFacts l={l} />
            <Space wrap style={{ marginTop: 12 }}>
              {l.hasFile ? (
                <a href={`/api/wallet/licences/${encodeURIComponent(id)}/file`} data-testid="licence-download">
                  <Button type="primary" icon={<DownloadOutlined />}>{t('wallet.download')}</Button>
                </a>
              ) : <span className="ow-muted" data-testid="licence-no-file">{t('wallet.noFile')}</span>}
            </Space>
          </>
        ) : null}
      </div>
      {l ? (
        <>
          <div className="ow-block">
            <h3 className="ow-block-title">{t('wallet.versions')}</h3>
            <List size="small" data-testid="licence-versions" dataSource={l.versions} renderItem={(v) => (
              <List.Item>{formatDateTime(v.at)} · {t(`wallet.event.${v.event}` as MessageKey)} · v{v.version}{v.reason ? ` · ${v.reason}` : ''}</List.Item>
            )} />
          </div>
          <div className="ow-block">
            <h3 className="ow-block-title">{t('wallet.uses')}</h3>
            <QueryError of={uses} />
            <List size="small" data-testid="licence-uses" locale={{ emptyText: t('wallet.usesNone') }} dataSource={uses.data?.uses ?? []} renderItem={(u) => (
              <List.Item data-testid="licence-use" data-case-id={u.caseId}>
                {t('wallet.use.line', { at: formatDateTime(u.usedAt), by: u.by, dept: dept(u.byDepartment), receipt: u.receiptNo ?? t('wallet.noReceipt'), purpose: u.purpose, consented: formatDateTime(u.consentedAt) })}
              </List.Item>
            )} />
          </div>
          <div className="ow-block">
            <h3 className="ow-block-title">{t('wallet.reads')}</h3>
            <QueryError of={reads} />
            <List size="small" data-testid="licence-reads" locale={{ emptyText: t('wallet.readsNone') }} dataSource={reads.data?.reads ?? []} renderItem={(r) => (
              <List.Item data-testid="licence-read">
                {t('wallet.read.line', { day: formatDate(r.day), by: r.by, dept: dept(r.byDepartment), receipt: r.receiptNo ?? t('wallet.noReceipt'), n: r.reads, last: formatDateTime(r.lastAt) })}
              </List.Item>
            )} />
          </div>
          <Shares id={id} />
          <LicenceApplications id={id} />
        </>
      ) : null}
    </div>
  );
}

function Shares({ id }: { id: string }) {
  const { t } = useT();
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const shares = useGet('/api/wallet/licences/{id}/shares', { path: { id }, query: { page: 1, pageSize: 50 } });
  const [hours, setHours] = useState<number>(24);
  const [created, setCreated] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const create = async () => {
    setBusy(true);
    try {
      const res = await api.post('/api/wallet/licences/{id}/shares', { params: { path: { id } }, body: { hours } });
      setCreated(`${window.location.origin}${res.path}`);
      invalidate(['/api/wallet/licences/{id}/shares']);
    } catch (e) {
      message.error((e as { messages?: { zh: string } }).messages?.zh ?? String(e));
    } finally {
      setBusy(false);
    }
  };
  const revoke = async (shareId: string) => {
    await api.post('/api/wallet/licences/{id}/shares/{shareId}/revoke', { params: { path: { id, shareId } } });
    invalidate(['/api/wallet/licences/{id}/shares']);
  };
  return (
    <div className="ow-block" data-testid="licence-shares">
      <h3 className="ow-block-title">{t('wallet.shareTitle')}</h3>
      <Form layout="inline" style={{ rowGap: 8 }}>
        <Form.Item label={t('wallet.shareHours')} htmlFor="share-hours">
          <Select id="share-hours" data-testid="share-hours" aria-label={t('wallet.shareHours')} value={hours} onChange={setHours} style={{ minWidth: 120 }}
            options={HOURS.map((h) => ({ value: h, label: t(`wallet.hours.${h}`) }))} />
        </Form.Item>
        <Button icon={<ShareAltOutlined />} onClick={() => void create()} loading={busy} data-testid="share-create">{t('wallet.shareCreate')}</Button>
      </Form>
      {created ? (
        <div style={{ marginTop: 12 }} data-testid="share-created">
          <div>{t('wallet.shareOnce')}</div>
          <Input readOnly value={created} data-testid="share-link" aria-label={t('wallet.shareOnce')} />
        </div>
      ) : null}
      <QueryError of={shares} />
      <List size="small" style={{ marginTop: 12 }} locale={{ emptyText: t('wallet.shareNone') }} dataSource={shares.data?.shares ?? []} renderItem={(s) => (
        <List.Item data-testid="share-row" data-state={s.state}
          actions={s.state === 'active' ? [<Button key="revoke" size="small" danger onClick={() => void revoke(s.id)} data-testid="share-revoke">{t('wallet.shareRevoke')}</Button>] : []}>
          <Typography.Text>{t('wallet.shareLine', { created: formatDateTime(s.createdAt), state: t(`wallet.shareState.${s.state}`, { at: formatDateTime(s.expiresAt) }), views: s.views })}</Typography.Text>
        </List.Item>
      )} />
    </div>
  );
}
