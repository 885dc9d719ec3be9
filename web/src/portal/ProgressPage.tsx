import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Breadcrumb, Button, Col, Form, Input, Row, Timeline } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { useT } from '../i18n';
import { api } from '../api/client';
import type { Progress } from '../api/models';
import { useTitle } from '../components/useTitle';
import { ErrorAlert } from '../components/ErrorAlert';
import { useFormErrors } from '../components/useFormErrors';
import { formatDate, formatDateTime } from '../components/labels';
import { CaseStatusTag, Facts, eventLabel } from '../components/cases/CaseBits';

interface Query { receiptNo: string; queryCode: string }

/** Public progress query by receipt number + query code; the answer masks the applicant. */
export default function ProgressPage() {
  const { t } = useT();
  useTitle(t('progress.title'));
  const [params, setParams] = useSearchParams();
  const [form] = Form.useForm<Query>();
  const { error, setError } = useFormErrors(form);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Progress | null>(null);
  const receiptNo = params.get('receiptNo') ?? '';
  const queryCode = params.get('queryCode') ?? '';

  const run = async (q: Query) => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await api.get('/api/progress', { params: { query: { receiptNo: q.receiptNo, queryCode: q.queryCode } } }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  // A link with both values (e.g. from a receipt's QR code) queries at once.
  useEffect(() => {
    if (receiptNo && queryCode) {
      form.setFieldsValue({ receiptNo, queryCode });
      void run({ receiptNo, queryCode });
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [receiptNo, queryCode]);

  const submit = (v: Query) => {
    const q = { receiptNo: v.receiptNo.trim(), queryCode: v.queryCode.trim() };
    if (q.receiptNo === receiptNo && q.queryCode === queryCode) void run(q);
    else setParams(q, { replace: true });
  };

  return (
    <div className="ow-container" data-testid="progress-page">
      <Breadcrumb items={[{ title: <Link to="/">{t('nav.home')}</Link> }, { title: t('progress.title') }]} />
      <div className="ow-block">
        <h1 className="ow-block-title">{t('progress.title')}</h1>
        <p className="ow-muted" style={{ marginTop: 0 }}>{t('progress.intro')}</p>
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} data-testid="progress-form" initialValues={{ receiptNo, queryCode }}>
          <Row gutter={12} align="bottom">
            <Col xs={24} md={10}>
              <Form.Item name="receiptNo" label={t('progress.receiptNo')} rules={[{ required: true, whitespace: true, message: t('progress.req.receiptNo') }]}>
                <Input size="large" autoComplete="off" data-testid="progress-receipt" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="queryCode" label={t('progress.queryCode')} rules={[{ required: true, whitespace: true, message: t('progress.req.queryCode') }, { pattern: /^\s*\d{6}\s*$/, message: t('progress.hint.queryCode') }]}>
                <Input size="large" autoComplete="off" data-testid="progress-code" />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item>
                <Button type="primary" size="large" htmlType="submit" block icon={<SearchOutlined />} loading={busy} data-testid="progress-submit">
                  {t('progress.submit')}
                </Button>
              </Form.Item>
            </Col>
          </Row>
        </Form>
        <ErrorAlert error={error} />
      </div>
      {result ? (
        <div className="ow-block" data-testid="progress-result" data-status={result.status}>
          <h2 className="ow-block-title">{t('progress.result')}</h2>
          <Facts
            rows={[
              { key: 'receipt', label: t('case.receiptNo'), value: result.receiptNo ?? t('case.noReceipt'), testid: 'progress-receipt-no' },
              ...(result.submissionNo ? [{ key: 'submission', label: t('progress.submissionNo'), value: <span className="ow-nowrap">{result.submissionNo}</span>, testid: 'progress-submission-no' }] : []),
              { key: 'item', label: t('case.item'), value: result.itemName, testid: 'progress-item-name' },
              { key: 'dept', label: t('case.department'), value: result.departmentName, testid: 'progress-department' },
              { key: 'applicant', label: t('case.applicant'), value: result.applicantName, testid: 'progress-applicant' },
              { key: 'status', label: t('case.status'), value: <CaseStatusTag status={result.status} testid="progress-status" /> },
              { key: 'accepted', label: t('case.acceptedDate'), value: formatDate(result.acceptedDate) || t('common.none'), testid: 'progress-accepted-date' },
              { key: 'due', label: t('case.dueDate'), value: formatDate(result.dueDate) || t('common.none'), testid: 'progress-due-date' },
            ]}
          />
          <h3 style={{ fontSize: 16, margin: '20px 0 12px' }}>{t('progress.steps')}</h3>
          <div data-testid="progress-steps">
            <Timeline
              items={result.steps.map((s, i) => ({
                key: `${s.at}-${i}`,
                color: i === result.steps.length - 1 ? 'blue' : 'gray',
                content: (
                  <div data-testid="progress-step" data-action={s.action}>
                    <strong>{eventLabel(t, s.action)}</strong> <span className="ow-muted">{formatDateTime(s.at)}</span>
                  </div>
                ),
              }))}
            />
          </div>
        </div>
      ) : null}
    </div>
  );
}
