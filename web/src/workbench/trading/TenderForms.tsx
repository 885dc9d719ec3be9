import { useState } from 'react';
import { Button, DatePicker, Input, InputNumber, Popconfirm, Space, Table } from 'antd';
import type { Dayjs } from 'dayjs';
import { api, uploadWithProgress, type ApiError, type ResponseOf } from '../../api/client';
import { useSubmit } from '../../api/query';
import { chinaDateTime, chinaDay, fromChinaLocal, toChinaLocal } from '../../components/china-time';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useT } from '../../i18n';

/**
 * The forms of the tender console that need input (docs/trading.md, "Staff pages"): the tender documents
 * (a new version each time; bidders' downloads are registered), an amendment of the conditions, cancelling or
 * declaring the tender unsuccessful with a reason and a notice, and the contract. The console offers each one
 * only when the server allows it (`actions`, the amendable states); the server decides again.
 */
type Tender = ResponseOf<'/api/trading/tenders/{id}'>;
type Closing = 'cancel' | 'declare_unsuccessful';
/** The states in which the conditions may still be changed (server: AMENDABLE_STATES, 招标投标法 第二十三条). */
export const AMENDABLE = ['draft', 'published', 'clarification', 'bidding'];
/** The conditions may be changed now: an amendable state and, once published, before the bid deadline by the server's clock (server: TENDER_DEADLINE_PASSED). */
export const amendableNow = (d: { status: string; publishedAt: string | null; bidDeadline: string | null; serverTime: string }) =>
  AMENDABLE.includes(d.status) && !(d.publishedAt && d.bidDeadline && Date.parse(d.serverTime) >= Date.parse(d.bidDeadline));
const TENDER_KEYS = ['/api/trading/tenders/{id}', '/api/trading/tenders'] as const;

/** A file input that uploads the chosen file at once (the caller's private file) and hands back its id. */
function FileField({ label, testid, onFile }: { label: string; testid: string; onFile: (f: { id: string; name: string } | null, e?: ApiError) => void }) {
  return (
    <label>{label}{' '}
      <input type="file" accept="application/pdf,image/png,image/jpeg" data-testid={testid}
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (!file) { onFile(null); return; }
          uploadWithProgress('/api/files', file).then((f) => onFile({ id: f.id, name: file.name }), (err: ApiError) => onFile(null, err));
        }} />
    </label>
  );
}

/** The tender documents, newest version first, and (trading staff) a new version. */
export function TenderDocuments({ tender, canAdd }: { tender: Tender; canAdd: boolean }) {
  const { t } = useT();
  const { error, busy, run } = useSubmit(TENDER_KEYS);
  const [title, setTitle] = useState('');
  const [file, setFile] = useState<{ id: string; name: string } | null>(null);
  const [uploadError, setUploadError] = useState<ApiError | null>(null);
  const [key, setKey] = useState(0);
  const add = async () => {
    if (await run(() => api.post('/api/trading/tenders/{id}/documents', { params: { path: { id: tender.id } }, body: { title, fileId: file!.id } }))) {
      setTitle('');
      setFile(null);
      setKey(key + 1); // a fresh file input
    }
  };
  return (
    <section data-testid="tender-documents" style={{ marginBottom: 16 }}>
      <h2>{t('tr.staff.docs.title')}</h2>
      <p>{t('tr.staff.docs.note')}</p>
      <Table rowKey="id" size="small" pagination={false} dataSource={[...tender.documents].sort((a, b) => b.version - a.version)} scroll={{ x: 480 }}
        locale={{ emptyText: t('tr.staff.docs.none') }} data-testid="tender-documents-list"
        columns={[
          { title: t('tr.staff.docs.version'), dataIndex: 'version' },
          { title: t('tr.staff.docs.name'), dataIndex: 'title' },
          { title: `${t('tr.staff.docs.at')} ${t('tr.staff.chinaTime')}`, render: (_, d) => chinaDateTime(d.createdAt) },
          { title: 'SHA-256', render: (_, d) => <code style={{ wordBreak: 'break-all' }}>{d.sha256.slice(0, 16)}…</code> },
        ]} />
      {canAdd ? (
        <Space direction="vertical" style={{ width: '100%', maxWidth: 640, marginTop: 8 }}>
          <ErrorAlert error={error ?? uploadError} />
          <label>{t('tr.staff.docs.name')}<Input value={title} onChange={(e) => setTitle(e.target.value)} data-testid="doc-title" /></label>
          <FileField key={key} label={t('tr.staff.docs.file')} testid="doc-file" onFile={(f, e) => { setFile(f); setUploadError(e ?? null); }} />
          <Button type="primary" loading={busy} disabled={!file || !title.trim()} onClick={() => void add()} data-testid="doc-add">{t('tr.staff.docs.add')}</Button>
        </Space>
      ) : null}
    </section>
  );
}

/** An amendment of the conditions: a revision; after publication the deadline keeps 15 days and bidders re-confirm. */
export function AmendForm({ tender }: { tender: Tender }) {
  const { t } = useT();
  const { error, busy, run } = useSubmit(TENDER_KEYS);
  const [f, setF] = useState({ reason: '', title: tender.title, deadline: toChinaLocal(tender.bidDeadline), opening: toChinaLocal(tender.openingAt) });
  const amend = () => run(() => api.post('/api/trading/tenders/{id}/amend', {
    params: { path: { id: tender.id } },
    body: {
      reason: f.reason,
      ...(f.title.trim() && f.title !== tender.title ? { title: f.title } : {}),
      ...(f.deadline && f.deadline !== toChinaLocal(tender.bidDeadline) ? { bidDeadline: fromChinaLocal(f.deadline) } : {}),
      ...(f.opening && f.opening !== toChinaLocal(tender.openingAt) ? { openingAt: fromChinaLocal(f.opening) } : {}),
    },
  })).then((ok) => { if (ok) setF((x) => ({ ...x, reason: '' })); });
  return (
    <section data-testid="tender-amend" style={{ marginBottom: 16, maxWidth: 640 }}>
      <h2>{t('tr.staff.amend.title')}</h2>
      <p>{tender.publishedAt ? t('tr.staff.amend.notePublished') : t('tr.staff.amend.noteDraft')}</p>
      <ErrorAlert error={error} />
      <Space direction="vertical" style={{ width: '100%' }}>
        <label>{t('tr.staff.tenderTitle')}<Input value={f.title} onChange={(e) => setF({ ...f, title: e.target.value })} data-testid="amend-title" /></label>
        <label>{t('tr.col.deadline')} {t('tr.staff.chinaTime')}<Input type="datetime-local" value={f.deadline} onChange={(e) => setF({ ...f, deadline: e.target.value })} data-testid="amend-deadline" /></label>
        <label>{t('tr.staff.amend.opening')} {t('tr.staff.chinaTime')}<Input type="datetime-local" value={f.opening} onChange={(e) => setF({ ...f, opening: e.target.value })} data-testid="amend-opening" /></label>
        <label>{t('tr.staff.amend.reason')}<Input.TextArea rows={2} value={f.reason} onChange={(e) => setF({ ...f, reason: e.target.value })} data-testid="amend-reason" /></label>
        <Button type="primary" loading={busy} disabled={!f.reason.trim()} onClick={() => void amend()} data-testid="amend-submit">{t('tr.staff.amend.submit')}</Button>
      </Space>
    </section>
  );
}

/** Cancelling the tender or declaring it unsuccessful: a reason (required) and the notice (optional file). */
export function CloseForm({ tender, action }: { tender: Tender; action: Closing }) {
  const { t } = useT();
  const { error, busy, run } = useSubmit(TENDER_KEYS);
  const [reason, setReason] = useState('');
  const [doc, setDoc] = useState<{ id: string; name: string } | null>(null);
  const [uploadError, setUploadError] = useState<ApiError | null>(null);
  const label = t(`tr.staff.action.${action}`);
  const close = () => run(() => api.post('/api/trading/tenders/{id}/actions', {
    params: { path: { id: tender.id } }, body: { action, reason, ...(doc ? { documentId: doc.id } : {}) },
  }));
  return (
    <section data-testid={`tender-${action}`} style={{ marginBottom: 16, maxWidth: 640 }}>
      <h2>{label}</h2>
      <p>{t(`tr.staff.close.note.${action}`)}</p>
      <ErrorAlert error={error ?? uploadError} />
      <Space direction="vertical" style={{ width: '100%' }}>
        <label>{t('tr.staff.close.reason')}<Input.TextArea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} data-testid={`${action}-reason`} /></label>
        <FileField label={t('tr.staff.close.document')} testid={`${action}-document`} onFile={(f, e) => { setDoc(f); setUploadError(e ?? null); }} />
        <Popconfirm title={t('tr.staff.confirm', { action: label })} okText={label} cancelText={t('tr.staff.cancel')} onConfirm={() => close()}>
          <Button danger loading={busy} disabled={!reason.trim()} data-testid={`${action}-submit`}>{label}</Button>
        </Popconfirm>
      </Space>
    </section>
  );
}

/** The contract signed with the winner (title, price, date signed): the tender moves to the contract. */
export function ContractForm({ tender }: { tender: Tender }) {
  const { t } = useT();
  const { error, busy, run } = useSubmit(TENDER_KEYS);
  const [title, setTitle] = useState('');
  const [price, setPrice] = useState<number | null>(tender.award?.priceFen != null ? tender.award.priceFen / 100 : null);
  // The contract's price is the winning bid's (招标投标法 第四十六条; the server refuses another): shown, not edited.
  const awardedPrice = tender.award?.priceFen != null;
  const [signedOn, setSignedOn] = useState<Dayjs | null>(null);
  // 招标投标法 第四十六条: signed from the day the (last) award notice was sent, and not on a day still to come (the server refuses others).
  const awardedOn = tender.awardedAt ? chinaDay(0, Date.parse(tender.awardedAt)) : null;
  const today = chinaDay();
  const outOfRange = (d: Dayjs) => { const day = d.format('YYYY-MM-DD'); return (awardedOn !== null && day < awardedOn) || day > today; };
  // Signed after the 30 days from the award notice (the same article): the delay's reason is asked, and the server refuses without one.
  const [lateReason, setLateReason] = useState('');
  const late = !!signedOn && !!tender.contractDueBy && signedOn.format('YYYY-MM-DD') > tender.contractDueBy;
  const sign = () => run(() => api.post('/api/trading/tenders/{id}/actions', {
    params: { path: { id: tender.id } },
    body: {
      action: 'sign_contract', ...(late ? { reason: lateReason.trim() } : {}),
      contract: { title, priceFen: price === null ? null : Math.round(price * 100), signedOn: signedOn?.format('YYYY-MM-DD') ?? '' },
    },
  }));
  return (
    <section data-testid="tender-contract" style={{ marginBottom: 16, maxWidth: 640 }}>
      <h2>{t('tr.staff.action.sign_contract')}</h2>
      <ErrorAlert error={error} />
      <Space direction="vertical" style={{ width: '100%' }}>
        <label>{t('tr.staff.contract.title')}<Input value={title} onChange={(e) => setTitle(e.target.value)} data-testid="contract-title" /></label>
        <label>{t('tr.staff.contract.price')} <InputNumber min={0} precision={2} value={price} onChange={setPrice} disabled={awardedPrice} data-testid="contract-price" /></label>
        <label>{t('tr.staff.contract.signedOn')} <DatePicker value={signedOn} onChange={setSignedOn} disabledDate={outOfRange} data-testid="contract-signed-on" /></label>
        <span className="ow-muted" data-testid="contract-signed-range">{t('tr.staff.contract.signedRange', { from: awardedOn ?? today, to: today })}</span>
        {tender.contractDueBy ? <span className="ow-muted" data-testid="contract-due-by">{t('tr.staff.contract.dueBy', { day: tender.contractDueBy })}</span> : null}
        {late ? (
          <label>{t('tr.staff.contract.lateReason')}
            <Input.TextArea rows={2} value={lateReason} onChange={(e) => setLateReason(e.target.value)} aria-required data-testid="contract-late-reason" />
          </label>
        ) : null}
        <Popconfirm title={t('tr.staff.confirm', { action: t('tr.staff.action.sign_contract') })} okText={t('tr.staff.action.sign_contract')} cancelText={t('tr.staff.cancel')} onConfirm={() => sign()}>
          <Button type="primary" loading={busy} disabled={!title.trim() || !signedOn || (late && !lateReason.trim())} data-testid="contract-submit">{t('tr.staff.action.sign_contract')}</Button>
        </Popconfirm>
      </Space>
    </section>
  );
}
