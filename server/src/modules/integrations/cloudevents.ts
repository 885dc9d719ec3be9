import { createHmac, randomUUID } from 'node:crypto';

/**
 * CloudEvents 1.0 in structured mode (application/cloudevents+json), one per case event and
 * subscription (docs/open-api.md, "Case events"). `type` is `cn.onewindow.` + the domain event's
 * name, `subject` the case id, `data` what an outside system may know of the step: no applicant
 * name or identity number (the public progress page shows no more).
 */
export const CLOUDEVENTS_CONTENT_TYPE = 'application/cloudevents+json; charset=utf-8';
export const TYPE_PREFIX = 'cn.onewindow.';
/** The header carrying `sha256=<hex HMAC-SHA256 of the raw body with the subscription secret>`. */
export const SIGNATURE_HEADER = 'x-onewindow-signature';

export interface CaseEventData {
  caseId: string;
  receiptNo: string | null;
  submissionNo: string | null;
  itemId: string | null;
  centerId: string;
  regionCode: string;
  action: string;
  from: string | null;
  to: string;
  dueDate: string | null;
}

export interface CloudEvent {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  data: CaseEventData;
}

export function caseCloudEvent(source: string, eventName: string, at: Date, data: CaseEventData, id: string = randomUUID()): CloudEvent {
  return { specversion: '1.0', id, source, type: `${TYPE_PREFIX}${eventName}`, subject: data.caseId, time: at.toISOString(), datacontenttype: 'application/json', data };
}

export const sign = (secret: string, body: string) => `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
