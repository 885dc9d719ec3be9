import { useState } from 'react';
import { App, Button, Form, Input, Modal, Radio, Select, Skeleton, Tabs } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useT } from '../../i18n';
import { api, uploadWithProgress, type ApiError, type BodyOf } from '../../api/client';
import { useGet, useInvalidate } from '../../api/query';
import type { CaseDetail } from '../../api/models';
import { ErrorAlert } from '../ErrorAlert';
import { QueryError } from '../QueryError';
import { enumLabel } from '../labels';
import { CurrentDelivery } from './DeliveryBlock';

type PickupBody = BodyOf<'/api/cases/{id}/delivery/pickup', 'post'>;
type Carrier = BodyOf<'/api/cases/{id}/delivery/post', 'post'>['carrier'];
const CARRIERS: readonly Carrier[] = ['ems', 'sf', 'jd'];
interface PickupValues { kind: 'query_code' | 'identity'; receiptNo?: string; queryCode?: string; number?: string; collector: 'holder' | 'proxy'; proxyName?: string; proxyIdNumber?: string }

/**
 * The delivery window's dialog: hand the result over at the window after checking who collects
 * (receipt number and query code, or the holder's identity; a proxy with the scanned authorisation),
 * post it to the applicant's chosen address, or put it in the self-pickup cabinet.
 */
export function DeliverDialog({ c, open, onClose, onDone }: { c: CaseDetail; open: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useT();
  const { message } = App.useApp();
  const query = useGet('/api/cases/{id}/delivery', { path: { id: c.id } }, { enabled: open });
  const invalidate = useInvalidate();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [scan, setScan] = useState<{ id: string; name: string } | null>(null);
  const [pickupForm] = Form.useForm<PickupValues>();
  const [postForm] = Form.useForm<{ carrier: Carrier; trackingNo: string }>();
  const [backForm] = Form.useForm<{ reason: string }>();
  const kind = Form.useWatch('kind', pickupForm);
  const collector = Form.useWatch('collector', pickupForm);
  const d = query.data;
  const choice = d?.choice.method;

  const run = async (call: () => Promise<unknown>, done: string, close = true) => {
    setBusy(true);
    setError(null);
    try {
      await call();
      message.success(done);
      await invalidate(['/api/cases/{id}/delivery', '/api/workbench/deliveries']);
      if (close) onDone();
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setBusy(false);
    }
  };
  const path = { params: { path: { id: c.id } } };
  const pickup = (v: PickupValues) => {
    const verification: PickupBody['verification'] = v.kind === 'identity'
      ? { kind: 'identity', number: v.number ?? '' } : { kind: 'query_code', receiptNo: v.receiptNo ?? '', queryCode: v.queryCode ?? '' };
    const who: PickupBody['collector'] = v.collector === 'proxy'
      ? { kind: 'proxy', name: v.proxyName?.trim() || undefined, idNumber: v.proxyIdNumber?.trim() || undefined, authorisationFileId: scan?.id }
      : { kind: 'holder' };
    return run(() => api.post('/api/cases/{id}/delivery/pickup', { ...path, body: { verification, collector: who } }), t('dl.pickup.done'));
  };
  const upload = async (file: File) => {
    setError(null);
    try {
      const f = await uploadWithProgress('/api/files', file);
      setScan({ id: f.id, name: f.name });
    } catch (e) {
      setError(e as ApiError);
    }
    return false;
  };

  const out = d?.current ?? null;
  const pickupTab = (
    <Form form={pickupForm} layout="vertical" onFinish={pickup} initialValues={{ kind: 'query_code', collector: 'holder', receiptNo: c.receiptNo ?? '' }} data-testid="deliver-pickup-form">
      <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
        <legend style={{ fontSize: 15, fontWeight: 600 }}>{t('dl.verify.title')}</legend>
        <Form.Item name="kind" label={t('dl.verify.kind')}>
          <Radio.Group data-testid="deliver-verify-kind">
            <Radio value="query_code" data-testid="deliver-verify-query_code">{t('dl.verify.query_code')}</Radio>
            <Radio value="identity" data-testid="deliver-verify-identity">{t('dl.verify.identity')}</Radio>
          </Radio.Group>
        </Form.Item>
        {kind === 'identity' ? (
          <Form.Item name="number" label={t('dl.verify.number')} rules={[{ required: true, whitespace: true }]}>
            <Input autoComplete="off" data-testid="deliver-identity-number" />
          </Form.Item>
        ) : (
          <>
            <Form.Item name="receiptNo" label={t('dl.verify.receiptNo')} rules={[{ required: true, whitespace: true }]}><Input data-testid="deliver-receipt-no" /></Form.Item>
            <Form.Item name="queryCode" label={t('dl.verify.queryCode')} rules={[{ required: true, whitespace: true }]}><Input inputMode="numeric" maxLength={6} autoComplete="off" data-testid="deliver-query-code" /></Form.Item>
          </>
        )}
      </fieldset>
      <Form.Item name="collector" label={t('dl.collector.holder') + ' / ' + t('dl.collector.proxy')}>
        <Radio.Group data-testid="deliver-collector">
          <Radio value="holder" data-testid="deliver-collector-holder">{t('dl.collector.holder')}</Radio>
          <Radio value="proxy" data-testid="deliver-collector-proxy">{t('dl.collector.proxy')}</Radio>
        </Radio.Group>
      </Form.Item>
      {collector === 'proxy' ? (
        <>
          <Form.Item name="proxyName" label={t('dl.proxy.name')}><Input data-testid="deliver-proxy-name" /></Form.Item>
          <Form.Item name="proxyIdNumber" label={t('dl.proxy.idNumber')}><Input maxLength={18} data-testid="deliver-proxy-id" /></Form.Item>
          <Form.Item label={t('dl.proxy.authorisation')}>
            <label className="ant-btn" style={{ display: 'inline-flex', alignItems: 'center', gap: 6, padding: '4px 15px' }}>
              <UploadOutlined /> {t('dl.proxy.upload')}
              <input type="file" accept="application/pdf,image/png,image/jpeg" style={{ position: 'absolute', width: 1, height: 1, opacity: 0 }} data-testid="deliver-proxy-file"
                onChange={(e) => { const f = e.target.files?.[0]; if (f) void upload(f); }} />
            </label>
            {scan ? <div className="ow-muted" data-testid="deliver-proxy-uploaded">{t('dl.proxy.uploaded', { name: scan.name })}</div> : null}
          </Form.Item>
        </>
      ) : null}
      <Button type="primary" htmlType="submit" loading={busy} disabled={!!out} data-testid="deliver-pickup-submit">{t('dl.pickup.submit')}</Button>
    </Form>
  );
  const postTab = choice !== 'post' ? <p data-testid="deliver-post-not-chosen">{t('dl.post.notChosen')}</p> : (
    <Form form={postForm} layout="vertical" initialValues={{ carrier: 'ems' }} data-testid="deliver-post-form"
      onFinish={(v) => run(() => api.post('/api/cases/{id}/delivery/post', { ...path, body: { carrier: v.carrier, trackingNo: v.trackingNo.trim() } }), t('dl.post.done'))}>
      <p><strong>{t('dl.post.address')}</strong>: <span data-testid="deliver-post-address">{t('dl.choice.postTo', { name: d?.choice.recipientName ?? '', phone: d?.choice.recipientPhone ?? '', region: d?.choice.regionCode ?? '', address: d?.choice.address ?? '' })}</span></p>
      <Form.Item name="carrier" label={t('dl.post.carrier')}>
        <Select options={CARRIERS.map((x) => ({ value: x, label: enumLabel(t, 'dl.carrier', x) }))} data-testid="deliver-post-carrier" />
      </Form.Item>
      <Form.Item name="trackingNo" label={t('dl.post.trackingNo')} rules={[{ required: true, whitespace: true }]}><Input data-testid="deliver-post-tracking" /></Form.Item>
      <Button type="primary" htmlType="submit" loading={busy} disabled={!!out} data-testid="deliver-post-submit">{t('dl.post.submit')}</Button>
    </Form>
  );
  const cabinetTab = choice !== 'cabinet' ? <p data-testid="deliver-cabinet-not-chosen">{t('dl.cabinet.notChosen')}</p> : (
    <Button type="primary" loading={busy} disabled={!!out} data-testid="deliver-cabinet-submit"
      onClick={() => run(() => api.post('/api/cases/{id}/delivery/cabinet', path), t('dl.cabinet.submit'))}>{t('dl.cabinet.submit')}</Button>
  );
  return (
    <Modal open={open} title={t('dl.dialog.title')} onCancel={onClose} footer={null} destroyOnHidden width={640} data-testid="deliver-dialog">
      <div data-testid="deliver-dialog-body">
        <QueryError of={query} />
        {d ? <p data-testid="deliver-choice" data-method={choice}>{t('dl.choice.current', { method: enumLabel(t, 'delivery', choice) })}</p> : null}
        {out ? (
          <section data-testid="deliver-out">
            <h3 style={{ fontSize: 15 }}>{t('dl.out.title')}</h3>
            <CurrentDelivery d={out} />
            {out.method === 'cabinet' ? (
              <Form form={backForm} layout="vertical" onFinish={(v) => run(() => api.post('/api/cases/{id}/delivery/return', { ...path, body: { reason: v.reason } }), t('dl.takeBack.done'), false)}>
                <Form.Item name="reason" label={t('dl.takeBack.reason')} rules={[{ required: true, min: 2 }]}><Input data-testid="deliver-takeback-reason" /></Form.Item>
                <Button htmlType="submit" loading={busy} data-testid="deliver-takeback">{t('dl.takeBack.submit')}</Button>
              </Form>
            ) : null}
          </section>
        ) : null}
        <ErrorAlert error={error} style={{ marginBottom: 12 }} />
        {/* The tabs wait for the applicant's choice: they open on it, and a form is never shown before it is known. */}
        {d ? <Tabs defaultActiveKey={choice === 'post' ? 'post' : choice === 'cabinet' ? 'cabinet' : 'pickup'} items={[
          { key: 'pickup', label: <span data-testid="deliver-tab-pickup">{t('dl.tab.pickup')}</span>, children: pickupTab },
          { key: 'post', label: <span data-testid="deliver-tab-post">{t('dl.tab.post')}</span>, children: postTab },
          { key: 'cabinet', label: <span data-testid="deliver-tab-cabinet">{t('dl.tab.cabinet')}</span>, children: cabinetTab },
        ]} /> : (query.isLoading ? <Skeleton active paragraph={{ rows: 4 }} data-testid="deliver-loading" /> : null)}
      </div>
    </Modal>
  );
}
