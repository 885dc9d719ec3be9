import { useState } from 'react';
import { App, Button, Descriptions, Form, Tag, Timeline } from 'antd';
import { useT } from '../../i18n';
import { api, type ApiError, type ResponseOf } from '../../api/client';
import { useGet, useInvalidate } from '../../api/query';
import { CaseBlock } from '../cases/CaseSections';
import { ErrorAlert } from '../ErrorAlert';
import { QueryError } from '../QueryError';
import { enumLabel, formatDate, formatDateTime } from '../labels';
import { DeliveryChoiceFields, toDeliveryChoice, type DeliveryValues } from './DeliveryChoiceFields';

export type CaseDelivery = ResponseOf<'/api/cases/{id}/delivery'>;
type DeliveryRow = CaseDelivery['history'][number];

/** The result out now: the parcel and its tracking, or the cabinet locker (and, for the applicant, the pickup code). */
export function CurrentDelivery({ d }: { d: DeliveryRow }) {
  const { t } = useT();
  if (d.method === 'post') {
    return (
      <div data-testid="delivery-current" data-method="post">
        <p>{t('dl.current.post', { carrier: enumLabel(t, 'dl.carrier', d.carrier), trackingNo: d.trackingNo ?? '' })}</p>
        <Timeline items={d.carrierEvents.map((e) => ({ children: `${formatDateTime(e.at)} ${enumLabel(t, 'dl.carrierStatus', e.status)}${e.note ? ` · ${e.note}` : ''}` }))} />
      </div>
    );
  }
  return (
    <div data-testid="delivery-current" data-method="cabinet">
      <p>{t('dl.current.cabinet', { cabinet: d.cabinetId ?? '', locker: d.lockerNo ?? '', until: formatDate(d.holdUntilDate) })}</p>
      {d.pickupCode ? <p>{t('dl.current.code')}: <strong data-testid="delivery-pickup-code" style={{ fontSize: 24, letterSpacing: 4 }}>{d.pickupCode}</strong></p> : null}
      {d.locked ? <p role="alert" data-testid="delivery-locked">{t('dl.current.locked')}</p> : null}
    </div>
  );
}

function History({ rows }: { rows: DeliveryRow[] }) {
  const { t } = useT();
  if (!rows.length) return null;
  return (
    <div data-testid="delivery-history">
      <h3 style={{ fontSize: 15 }}>{t('dl.history')}</h3>
      <ul style={{ paddingInlineStart: 18 }}>
        {rows.map((r) => (
          <li key={r.id} data-status={r.status}>
            {formatDateTime(r.createdAt)} {enumLabel(t, 'delivery', r.method)} <Tag>{enumLabel(t, 'dl.status', r.status)}</Tag>
            {r.collector ? enumLabel(t, 'dl.collector', r.collector) : null}
            {r.proxyName ? ` ${r.proxyName} ${r.proxyIdNumber ?? ''}` : null}
            {r.signedDate ? ` · ${t('dl.signedDate', { date: r.signedDate })}` : null}
            {r.returnedReason ? ` · ${t('dl.returnedReason', { reason: r.returnedReason })}` : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The applicant's delivery on their case page: the choice (changeable while allowed), the result out, the record. */
export function DeliveryBlock({ caseId }: { caseId: string }) {
  const { t } = useT();
  const { message } = App.useApp();
  const query = useGet('/api/cases/{id}/delivery', { path: { id: caseId } });
  const invalidate = useInvalidate();
  const [form] = Form.useForm<{ delivery: DeliveryValues }>();
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const d = query.data;
  const save = async (v: { delivery: DeliveryValues }) => {
    setBusy(true);
    setError(null);
    try {
      await api.put('/api/cases/{id}/delivery/choice', { params: { path: { id: caseId } }, body: toDeliveryChoice(v.delivery) });
      message.success(t('dl.choice.saved'));
      setEditing(false);
      await invalidate(['/api/cases/{id}/delivery', '/api/cases/{id}']);
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setBusy(false);
    }
  };
  const c = d?.choice;
  return (
    <CaseBlock title={t('dl.choice.title')} testid="case-delivery" extra={d?.canChange && !editing
      ? <Button onClick={() => { form.setFieldsValue({ delivery: { method: c?.method, recipientName: c?.recipientName ?? undefined, recipientPhone: c?.recipientPhone ?? undefined, regionCode: c?.regionCode ?? undefined, address: c?.address ?? undefined } }); setEditing(true); }} data-testid="delivery-change">{t('dl.choice.change')}</Button>
      : null}>
      <QueryError of={query} />
      {c ? (
        <Descriptions size="small" column={1} items={[
          { key: 'm', label: t('dl.choice.method'), children: <span data-testid="delivery-method" data-method={c.method}>{enumLabel(t, 'delivery', c.method)}</span> },
          ...(c.method === 'post' ? [{ key: 'a', label: t('dl.choice.address'), children: <span data-testid="delivery-address">{t('dl.choice.postTo', { name: c.recipientName ?? '', phone: c.recipientPhone ?? '', region: c.regionCode ?? '', address: c.address ?? '' })}</span> }] : []),
        ]} />
      ) : null}
      {editing ? (
        <Form form={form} layout="vertical" onFinish={save} data-testid="delivery-form">
          <DeliveryChoiceFields prefix="case" />
          <ErrorAlert error={error} />
          <Button type="primary" htmlType="submit" loading={busy} data-testid="delivery-save">{t('dl.choice.save')}</Button>
          <Button style={{ marginInlineStart: 8 }} onClick={() => setEditing(false)}>{t('common.cancel')}</Button>
        </Form>
      ) : null}
      {d?.current ? <CurrentDelivery d={d.current} /> : null}
      {d ? <History rows={d.history.filter((h) => h.status !== 'out')} /> : null}
    </CaseBlock>
  );
}
