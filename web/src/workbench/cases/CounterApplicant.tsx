import { Col, DatePicker, Form, Input, Row, Segmented } from 'antd';
import type { FormRule as Rule } from 'antd';
import { useT } from '../../i18n';
import { creditCodeChecksumOk, creditCodeFormatOk, idNumberChecksumOk, idNumberFormatOk, phoneOk } from '../../components/idValidation';
import { CaseBlock } from '../../components/cases/CaseSections';
import type { ApplicationValues } from '../../components/cases/ApplicationFields';

export type Kind = 'person' | 'enterprise';
export interface CounterValues extends ApplicationValues {
  applicant?: { name?: string; idNumber?: string; creditCode?: string; legalRepresentative?: string; phone?: string };
}

/** The body's `applicant` from the identity block's values. */
export function applicantPayload(kind: Kind, a: CounterValues['applicant'] = {}) {
  return kind === 'person'
    ? { kind, name: (a.name ?? '').trim(), idNumber: (a.idNumber ?? '').trim().toUpperCase(), phone: (a.phone ?? '').trim() }
    : {
        kind, name: (a.name ?? '').trim(), creditCode: (a.creditCode ?? '').trim().toUpperCase(),
        legalRepresentative: (a.legalRepresentative ?? '').trim(), phone: (a.phone ?? '').trim(),
      };
}

/**
 * The walk-in applicant's identity (person or enterprise) and when the paper came in; fields named ['applicant', …] and `receivedAt`.
 * `kinds`: the kinds the item serves (服务对象); the others cannot be chosen.
 */
export function ApplicantBlock({ kind, setKind, kinds }: { kind: Kind; setKind: (k: Kind) => void; kinds?: readonly Kind[] }) {
  const { t } = useT();
  const hint = (check: (v: string) => string | null): Rule => ({
    warningOnly: true,
    validator: (_r, value: string | undefined) => {
      const m = value ? check(value.trim()) : null;
      return m ? Promise.reject(new Error(m)) : Promise.resolve();
    },
  });
  const req = (message: string): Rule => ({ required: true, whitespace: true, message });
  return (
      <CaseBlock title={t('counter.sec.applicant')} testid="counter-applicant">
        <Segmented
          value={kind}
          onChange={(v) => setKind(v as Kind)}
          data-testid="counter-applicant-kind"
          style={{ marginBottom: 16 }}
          options={[
            { value: 'person', disabled: kinds ? !kinds.includes('person') : false, label: <span data-testid="counter-kind-person">{t('counter.kind.person')}</span> },
            { value: 'enterprise', disabled: kinds ? !kinds.includes('enterprise') : false, label: <span data-testid="counter-kind-enterprise">{t('counter.kind.enterprise')}</span> },
          ]}
        />
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item name={['applicant', 'name']} label={kind === 'person' ? t('auth.name') : t('auth.entName')}
              rules={[req(kind === 'person' ? t('auth.req.name') : t('auth.req.entName'))]}>
              <Input data-testid="counter-name" maxLength={100} />
            </Form.Item>
          </Col>
          {kind === 'person' ? (
            <Col xs={24} md={12}>
              <Form.Item name={['applicant', 'idNumber']} label={t('auth.idNumber')} rules={[req(t('auth.req.idNumber')), hint((v) =>
                !idNumberFormatOk(v) ? t('auth.hint.idNumber') : !idNumberChecksumOk(v) ? t('auth.hint.idChecksum') : null)]}>
                <Input data-testid="counter-id-number" maxLength={18} autoComplete="off" />
              </Form.Item>
            </Col>
          ) : (
            <>
              <Col xs={24} md={12}>
                <Form.Item name={['applicant', 'creditCode']} label={t('auth.creditCode')} rules={[req(t('auth.req.creditCode')), hint((v) =>
                  !creditCodeFormatOk(v.toUpperCase()) ? t('auth.hint.creditCode') : !creditCodeChecksumOk(v.toUpperCase()) ? t('auth.hint.creditChecksum') : null)]}>
                  <Input data-testid="counter-credit-code" maxLength={18} autoComplete="off" />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name={['applicant', 'legalRepresentative']} label={t('auth.legalRep')} rules={[req(t('auth.req.legalRep'))]}>
                  <Input data-testid="counter-legal-rep" maxLength={50} />
                </Form.Item>
              </Col>
            </>
          )}
          <Col xs={24} md={12}>
            <Form.Item name={['applicant', 'phone']} label={t('auth.phone')} rules={[req(t('auth.req.phone')), hint((v) => (phoneOk(v) ? null : t('auth.hint.phone')))]}>
              <Input data-testid="counter-phone" maxLength={20} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="receivedAt" label={t('counter.receivedAt')} extra={t('counter.receivedAtHint')}>
              <DatePicker showTime style={{ width: '100%' }} data-testid="counter-received-at" />
            </Form.Item>
          </Col>
        </Row>
      </CaseBlock>
  );
}
