import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Form, Grid, Input, InputNumber, Radio, Space, Tag, Timeline } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { useT } from '../../i18n';
import { api, type ApiError, type BodyOf, type ResponseOf } from '../../api/client';
import { useGet, useInvalidate } from '../../api/query';
import { useTitle } from '../../components/useTitle';
import { ErrorAlert } from '../../components/ErrorAlert';
import { QueryError } from '../../components/QueryError';
import { enumLabel, formatDate, formatDateTime } from '../../components/labels';
import { DueDate } from './DueTag';

type Request = ResponseOf<'/api/disclosure/requests/{id}'>;
type ActionBody = BodyOf<'/api/disclosure/requests/{id}/actions', 'post'>;
type Verb = Request['actions'][number];
type ReplyType = Extract<ActionBody, { action: 'reply' }>['replyType'];
const REPLY_TYPES: ReplyType[] = ['open', 'partial', 'refused', 'not_exist', 'not_ours'];
/** The staff's verbs; the requester's (correct, withdraw) are the portal's. */
const STAFF_VERBS: Verb[] = ['reply', 'request_correction', 'request_extension', 'approve_extension', 'reject_extension', 'consult_third_party', 'record_opinion'];
type Opinion = Extract<ActionBody, { action: 'record_opinion' }>['opinion'];
const OPINIONS: Opinion[] = ['agree', 'object', 'no_reply'];
/** What each reply type must state (docs/disclosure.md, "Guards"); the server checks the same. */
const NEEDS_TEXT: ReplyType[] = ['open', 'partial'];
const NEEDS_REASON: ReplyType[] = ['partial', 'refused', 'not_exist', 'not_ours'];
const MAX_EXTENSION = 20;
/** 第三十条's reasonable period to correct in, working days (the server's CORRECTION_*_WORKDAYS). */
const CORRECTION_DAYS = { min: 5, initial: 15, max: 30 };

/**
 * One request for disclosure at the desk: what was asked, the due date on the legal clock, the reply and
 * its letter, the history, and the actions the API lists for the signed-in staff member — the office
 * replies, asks for a correction (补正) or asks to extend, consults a third party (第三十二条) and records its
 * answer; the head (manager) approves or refuses an extension. A supervisor reads only (no actions).
 */
export default function DisclosureRequestPage() {
  const { id = '' } = useParams();
  const { t } = useT();
  const request = useGet('/api/disclosure/requests/{id}', { path: { id } });
  const r = request.data;
  // On a phone the labels go above their values: two narrow columns side by side would break every label.
  const isPhone = Grid.useBreakpoint().md === false;
  useTitle(r ? t('dis.desk.detail', { no: r.requestNo }) : t('dis.desk.requests'));
  return (
    <div data-testid="disclosure-request" style={{ maxWidth: 960 }}>
      <p><Link to="/workbench/disclosure">‹ {t('dis.desk.back')}</Link></p>
      <QueryError of={request} />
      {r ? (
        <>
          <h2>{t('dis.desk.detail', { no: r.requestNo })} <Tag data-testid="dis-detail-status">{enumLabel(t, 'dis.status', r.status)}</Tag></h2>
          {r.status === 'extension_pending' && r.extensionDays !== null ? (
            <Alert type="warning" showIcon style={{ marginBottom: 12 }} data-testid="dis-extension-pending"
              message={t('dis.desk.extensionPending', { days: r.extensionDays, reason: r.extensionReason ?? '' })} />
          ) : null}
          {r.status === 'consulting' && r.thirdParty ? (
            <Alert type="info" showIcon style={{ marginBottom: 12 }} data-testid="dis-consulting"
              message={t('dis.desk.consulting', { name: r.thirdParty.name, date: formatDate(r.thirdParty.answerBy) })} />
          ) : null}
          <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} layout={isPhone ? 'vertical' : 'horizontal'}>
            <Descriptions.Item label={t('dis.desk.requester')}>{r.requesterName}</Descriptions.Item>
            <Descriptions.Item label={t('dis.desk.delivery')}>{enumLabel(t, 'dis.delivery', r.delivery)}</Descriptions.Item>
            <Descriptions.Item label={t('dis.desk.received')}>{formatDate(r.receivedDate)}</Descriptions.Item>
            <Descriptions.Item label={t('dis.req.due')}>
              <DueDate r={r} />{r.extended ? <Tag color="orange" style={{ marginLeft: 4 }}>{t('dis.desk.extensionDone', { days: r.extensionDays ?? 0 })}</Tag> : null}
            </Descriptions.Item>
            <Descriptions.Item label={t('dis.desk.description')} span={2}><span style={{ whiteSpace: 'pre-wrap' }} data-testid="dis-description">{r.description}</span></Descriptions.Item>
            {r.purpose ? <Descriptions.Item label={t('dis.desk.purpose')} span={2}>{r.purpose}</Descriptions.Item> : null}
            {r.correctionNote ? <Descriptions.Item label={t('dis.desk.correctionNote')} span={2}><span style={{ whiteSpace: 'pre-wrap' }}>{r.correctionNote}</span></Descriptions.Item> : null}
            {r.correctionDueDate && r.status === 'correction_requested' ? (
              <Descriptions.Item label={t('dis.desk.correctionDueDate')} span={2}>
                <span data-testid="dis-correction-due">{formatDate(r.correctionDueDate)}</span>
                {r.correctionExpired ? <Tag color="default" style={{ marginLeft: 4 }}>{t('dis.correctionExpired')}</Tag> : null}
              </Descriptions.Item>
            ) : null}
            {r.thirdParty ? (
              <Descriptions.Item label={t('dis.desk.thirdParty')} span={2}>
                <div data-testid="dis-third-party" style={{ whiteSpace: 'pre-wrap' }}>
                  {t('dis.desk.thirdPartyAsked', { name: r.thirdParty.name, date: formatDate(r.thirdParty.consultedDate), by: formatDate(r.thirdParty.answerBy) })}
                  {'\n'}{r.thirdParty.matter}
                  {r.thirdParty.opinion ? <>{'\n'}<span data-testid="dis-third-party-opinion">{t(`dis.opinion.${r.thirdParty.opinion}`)}{r.thirdParty.opinionDate ? ` · ${formatDate(r.thirdParty.opinionDate)}` : ''}{r.thirdParty.reason ? `：${r.thirdParty.reason}` : ''}</span></> : null}
                  {r.thirdParty.publicInterest ? <>{'\n'}{t('dis.desk.publicInterestShown', { reason: r.thirdParty.publicInterest })}</> : null}
                </div>
                <a href={`/api/disclosure/requests/${r.id}/third-party-letter.pdf`} target="_blank" rel="noreferrer" data-testid="dis-third-party-letter">{t('dis.desk.thirdPartyLetter')}</a>
              </Descriptions.Item>
            ) : null}
            {r.replyType ? <Descriptions.Item label={t('dis.desk.replyType')}><span data-testid="dis-reply-type">{enumLabel(t, 'dis.reply', r.replyType)}</span></Descriptions.Item> : null}
            {r.repliedDate ? <Descriptions.Item label={t('dis.desk.repliedDate')}>{formatDate(r.repliedDate)}</Descriptions.Item> : null}
            {r.replyText ? <Descriptions.Item label={t('dis.desk.replyText')} span={2}><span style={{ whiteSpace: 'pre-wrap' }}>{r.replyText}</span></Descriptions.Item> : null}
            {r.replyReason ? <Descriptions.Item label={t('dis.desk.replyReason')} span={2}><span style={{ whiteSpace: 'pre-wrap' }}>{r.replyReason}</span></Descriptions.Item> : null}
          </Descriptions>
          {r.replyDocumentUrl ? (
            <p style={{ marginTop: 12 }}><a href={r.replyDocumentUrl} target="_blank" rel="noreferrer" data-testid="dis-letter">{t('dis.desk.letter')}</a></p>
          ) : null}
          <Actions request={r} />
          <h3 style={{ marginTop: 16 }}>{t('dis.desk.history')}</h3>
          <Timeline items={r.events.map((e) => ({
            children: <span>{formatDateTime(e.at)} · {enumLabel(t, 'dis.act', e.action)}{e.to && e.to !== e.from ? ` → ${enumLabel(t, 'dis.status', e.to)}` : ''}</span>,
          }))} />
        </>
      ) : null}
    </div>
  );
}

type Values = { replyType?: ReplyType; text?: string; reason?: string; note?: string; days?: number; correctionDays?: number; publicInterest?: string; thirdParty?: string; matter?: string; opinion?: Opinion };

function Actions({ request }: { request: Request }) {
  const { t } = useT();
  const invalidate = useInvalidate();
  // The API lists the actions of the caller's side in this state; one extension only (第三十三条), so a
  // request extended once does not offer another (the server refuses it too: DISCLOSURE_ALREADY_EXTENDED).
  const verbs = request.actions.filter((a) => STAFF_VERBS.includes(a) && !(a === 'request_extension' && request.extended));
  const [verb, setVerb] = useState<Verb | null>(null);
  const [form] = Form.useForm<Values>();
  const replyType = Form.useWatch('replyType', form);
  const opinion = Form.useWatch('opinion', form);
  // 第三十二条: over the third party's objection a full disclosure states the public interest (the server's DISCLOSURE_THIRD_PARTY_OBJECTED).
  const needsPublicInterest = replyType === 'open' && request.thirdParty?.opinion === 'object';
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const bodyOf = (v: Values): ActionBody | null => {
    switch (verb) {
      case 'reply': return { action: 'reply', replyType: v.replyType!, text: v.text || undefined, reason: v.reason || undefined, publicInterest: v.publicInterest || undefined };
      case 'consult_third_party': return { action: 'consult_third_party', thirdParty: v.thirdParty ?? '', matter: v.matter ?? '' };
      case 'record_opinion': return { action: 'record_opinion', opinion: v.opinion!, reason: v.reason || undefined };
      case 'request_correction': return { action: 'request_correction', note: v.note ?? '', correctionDays: v.correctionDays ?? CORRECTION_DAYS.initial };
      case 'request_extension': return { action: 'request_extension', days: v.days ?? 0, reason: v.reason ?? '' };
      case 'approve_extension': return { action: 'approve_extension', note: v.note || undefined };
      case 'reject_extension': return { action: 'reject_extension', note: v.note || undefined };
      default: return null;
    }
  };
  const submit = async (v: Values) => {
    const body = bodyOf(v);
    if (!body || !verb) return;
    setBusy(true);
    setError(null);
    try {
      await api.post('/api/disclosure/requests/{id}/actions', { params: { path: { id: request.id } }, body });
      setDone(t('dis.desk.done', { action: enumLabel(t, 'dis.act', verb) }));
      setVerb(null);
      form.resetFields();
      await invalidate(['/api/disclosure/requests/{id}', '/api/disclosure/requests']);
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setBusy(false);
    }
  };
  const open = (v: Verb) => { setVerb(v); setError(null); setDone(null); form.resetFields(); };

  return (
    <section aria-labelledby="dis-actions-title" style={{ marginTop: 16 }}>
      <h3 id="dis-actions-title">{t('dis.desk.actions')}</h3>
      {done ? <Alert type="success" showIcon message={done} style={{ marginBottom: 12 }} data-testid="dis-done" /> : null}
      {verbs.length === 0 ? <p className="ow-muted" data-testid="dis-no-actions">{t('dis.desk.noActions')}</p> : (
        <Space wrap style={{ marginBottom: 12 }}>
          {verbs.map((a) => (
            <Button key={a} type={verb === a ? 'primary' : 'default'} aria-pressed={verb === a} onClick={() => open(a)} data-testid={`dis-act-${a}`}>
              {enumLabel(t, 'dis.act', a)}
            </Button>
          ))}
        </Space>
      )}
      {verb ? (
        <Card size="small" title={<h4 style={{ margin: 0, fontSize: 15 }}>{enumLabel(t, 'dis.act', verb)}</h4>}>
          <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} data-testid="dis-action-form">
            {verb === 'reply' ? (
              <>
                <Form.Item name="replyType" label={t('dis.desk.replyType')} rules={[{ required: true }]}>
                  <Radio.Group data-testid="dis-reply-types" options={REPLY_TYPES.map((x) => ({ value: x, label: enumLabel(t, 'dis.reply', x) }))} />
                </Form.Item>
                <Form.Item name="text" label={t('dis.desk.textField')} rules={[{ required: !!replyType && NEEDS_TEXT.includes(replyType), whitespace: true, max: 5000 }]}>
                  <Input.TextArea rows={4} data-testid="dis-field-text" />
                </Form.Item>
                <Form.Item name="reason" label={t('dis.desk.reasonField')} rules={[{ required: !!replyType && NEEDS_REASON.includes(replyType), whitespace: true, max: 2000 }]}>
                  <Input.TextArea rows={3} data-testid="dis-field-reason" />
                </Form.Item>
                {needsPublicInterest ? (
                  <Form.Item name="publicInterest" label={t('dis.desk.publicInterest')} extra={t('dis.desk.publicInterestHint')} rules={[{ required: true, whitespace: true, max: 2000 }]}>
                    <Input.TextArea rows={3} data-testid="dis-field-public-interest" />
                  </Form.Item>
                ) : null}
              </>
            ) : null}
            {verb === 'consult_third_party' ? (
              <>
                <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('dis.desk.consultHint')} />
                <Form.Item name="thirdParty" label={t('dis.desk.thirdPartyName')} rules={[{ required: true, whitespace: true, max: 200 }]}>
                  <Input data-testid="dis-field-third-party" />
                </Form.Item>
                <Form.Item name="matter" label={t('dis.desk.thirdPartyMatter')} rules={[{ required: true, whitespace: true, max: 2000 }]}>
                  <Input.TextArea rows={3} data-testid="dis-field-matter" />
                </Form.Item>
              </>
            ) : null}
            {verb === 'record_opinion' ? (
              <>
                <Form.Item name="opinion" label={t('dis.desk.opinion')} rules={[{ required: true }]}>
                  <Radio.Group data-testid="dis-opinions" options={OPINIONS.map((x) => ({ value: x, label: t(`dis.opinion.${x}`) }))} />
                </Form.Item>
                <Form.Item name="reason" label={t('dis.desk.opinionReason')} rules={[{ required: opinion === 'object', whitespace: true, max: 2000 }]}>
                  <Input.TextArea rows={3} data-testid="dis-field-reason" />
                </Form.Item>
              </>
            ) : null}
            {verb === 'request_correction' ? (
              <>
                <Form.Item name="note" label={t('dis.desk.correctionField')} rules={[{ required: true, whitespace: true, max: 2000 }]}>
                  <Input.TextArea rows={3} data-testid="dis-field-note" />
                </Form.Item>
                <Form.Item name="correctionDays" label={t('dis.desk.correctionDays')} extra={t('dis.desk.correctionDaysHint')} initialValue={CORRECTION_DAYS.initial}
                  rules={[{ required: true, type: 'integer', min: CORRECTION_DAYS.min, max: CORRECTION_DAYS.max }]}>
                  <InputNumber min={CORRECTION_DAYS.min} max={CORRECTION_DAYS.max} precision={0} data-testid="dis-field-correction-days" />
                </Form.Item>
              </>
            ) : null}
            {verb === 'request_extension' ? (
              <>
                <Form.Item name="days" label={t('dis.desk.days')} rules={[{ required: true, type: 'integer', min: 1, max: MAX_EXTENSION }]}>
                  <InputNumber min={1} max={MAX_EXTENSION} precision={0} data-testid="dis-field-days" />
                </Form.Item>
                <Form.Item name="reason" label={t('dis.desk.extensionReason')} rules={[{ required: true, whitespace: true, max: 500 }]}>
                  <Input.TextArea rows={2} data-testid="dis-field-reason" />
                </Form.Item>
              </>
            ) : null}
            {verb === 'approve_extension' || verb === 'reject_extension' ? (
              <Form.Item name="note" label={t('dis.desk.note')} rules={[{ max: 500 }]}>
                <Input.TextArea rows={2} data-testid="dis-field-note" />
              </Form.Item>
            ) : null}
            <Space wrap>
              <Button type="primary" htmlType="submit" loading={busy} data-testid="dis-act-submit">{enumLabel(t, 'dis.act', verb)}</Button>
              <Button onClick={() => { setVerb(null); setError(null); }}>{t('dis.desk.cancel')}</Button>
            </Space>
          </Form>
        </Card>
      ) : null}
      <ErrorAlert error={error} style={{ marginTop: 12 }} />
    </section>
  );
}
