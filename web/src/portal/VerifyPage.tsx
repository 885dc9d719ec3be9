import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Alert, Breadcrumb, Button, Col, Form, Input, Row, Tag, Upload } from 'antd';
import { SafetyCertificateOutlined, SearchOutlined, UploadOutlined } from '@ant-design/icons';
import { useT } from '../i18n';
import { uploadWithProgress, type ApiError, type ResponseOf } from '../api/client';
import { useGet } from '../api/query';
import { useTitle } from '../components/useTitle';
import { ErrorAlert } from '../components/ErrorAlert';
import { QueryError } from '../components/QueryError';
import { formatDate, formatDateTime } from '../components/labels';
import { Facts } from '../components/cases/CaseBits';

type Verification = ResponseOf<'/api/public/verifications/{verificationId}', 'get'>;

/**
 * Public verification of a signed document (no sign-in): opened from the QR code on a document
 * (/verify/<code>), by typing the code, or by uploading the PDF, which also checks its bytes.
 */
export default function VerifyPage() {
  const { t, lang } = useT();
  useTitle(t('verify.title'));
  const navigate = useNavigate();
  const { verificationId } = useParams();
  const byId = useGet('/api/public/verifications/{verificationId}', verificationId ? { path: { verificationId } } : null, { enabled: !!verificationId });
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [uploadError, setUploadError] = useState<ApiError | null>(null);
  const [uploaded, setUploaded] = useState<Verification | null>(null);

  const verifyFile = async () => {
    if (!file) return;
    setBusy(true);
    setUploadError(null);
    setUploaded(null);
    try {
      setUploaded(await uploadWithProgress('/api/public/verifications', file));
    } catch (e) {
      setUploadError(e as ApiError);
    } finally {
      setBusy(false);
    }
  };

  const result = uploaded ?? (verificationId ? byId.data : undefined);
  const text = (b: { zh: string; en: string }) => (lang === 'en' ? b.en : b.zh);

  return (
    <div className="ow-container" data-testid="verify-page">
      <Breadcrumb items={[{ title: <Link to="/">{t('nav.home')}</Link> }, { title: t('verify.title') }]} />
      <div className="ow-block">
        <h1 className="ow-block-title">{t('verify.title')}</h1>
        <p className="ow-muted" style={{ marginTop: 0 }}>{t('verify.intro')}</p>
        <Row gutter={[24, 12]}>
          <Col xs={24} md={12}>
            <Form layout="vertical" requiredMark={false} onFinish={() => void verifyFile()}>
              <Form.Item label={t('verify.upload')} extra={t('verify.uploadHint')}>
                <Upload
                  accept="application/pdf,.pdf"
                  maxCount={1}
                  beforeUpload={(f) => { setFile(f); return false; }}
                  onRemove={() => setFile(null)}
                  fileList={file ? [{ uid: '1', name: file.name, status: 'done' }] : []}
                >
                  <Button icon={<UploadOutlined />} data-testid="verify-choose">{t('verify.upload')}</Button>
                </Upload>
              </Form.Item>
              <Button type="primary" htmlType="submit" icon={<SafetyCertificateOutlined />} disabled={!file} loading={busy} data-testid="verify-submit">
                {t('verify.submit')}
              </Button>
            </Form>
          </Col>
          <Col xs={24} md={12}>
            <Form layout="vertical" requiredMark={false} initialValues={{ code: verificationId ?? '' }}
              onFinish={(v: { code: string }) => { setUploaded(null); navigate(`/verify/${v.code.trim().toUpperCase()}`); }}>
              <Form.Item name="code" label={t('verify.byId')} rules={[{ required: true, pattern: /^\s*[0-9A-Za-z]{16}\s*$/, message: t('verify.req.id') }]}>
                <Input autoComplete="off" placeholder={t('verify.byIdPlaceholder')} data-testid="verify-code" />
              </Form.Item>
              <Button htmlType="submit" icon={<SearchOutlined />} data-testid="verify-lookup">{t('verify.lookup')}</Button>
            </Form>
          </Col>
        </Row>
        <div style={{ marginTop: 16 }}>
          <ErrorAlert error={uploadError} />
          {verificationId && !uploaded ? <QueryError of={byId} /> : null}
        </div>
      </div>
      {result ? <VerificationView result={result} text={text} /> : null}
    </div>
  );
}

function VerificationView({ result, text }: { result: Verification; text: (b: { zh: string; en: string }) => string }) {
  const { t } = useT();
  const ok = result.signatureValid && result.documentIntact !== false;
  const verdict = !result.signatureValid ? t('verify.badSignature')
    : result.documentIntact === false ? t('verify.changed')
      : result.documentIntact === true ? t('verify.ok') : t('verify.okNoFile');
  const statusColor = result.status.code === 'valid' || result.status.code === 'issued' ? 'green' : result.status.code === 'unknown' ? 'default' : 'red';
  return (
    <div className="ow-block" data-testid="verify-result" data-intact={String(result.documentIntact)} data-signature={String(result.signatureValid)}>
      <h2 className="ow-block-title">{t('verify.result')}</h2>
      <Alert type={ok ? 'success' : 'error'} showIcon title={verdict} data-testid="verify-verdict" style={{ marginBottom: 16 }} />
      <Facts
        rows={[
          { key: 'doc', label: t('verify.document'), value: text(result.title), testid: 'verify-document' },
          { key: 'number', label: t('verify.number'), value: result.number ?? '', hidden: !result.number },
          { key: 'issuer', label: t('verify.issuer'), value: result.issuer.name, testid: 'verify-issuer' },
          { key: 'holder', label: t('verify.holder'), value: result.holder ? `${result.holder.name}${result.holder.code ? `（${result.holder.code}）` : ''}` : '—', testid: 'verify-holder' },
          {
            key: 'status', label: t('verify.status'), testid: 'verify-status',
            value: <><Tag color={statusColor} data-status={result.status.code}>{text(result.status.text)}</Tag>{result.status.since ? `${t('verify.since')} ${formatDate(result.status.since)}` : ''}{result.status.reason ? ` · ${t('verify.reason')}：${result.status.reason}` : ''}</>,
          },
          { key: 'sig', label: t('verify.signature'), value: <Tag color={result.signatureValid ? 'green' : 'red'}>{result.signatureValid ? t('verify.valid') : t('verify.invalid')}</Tag>, testid: 'verify-signature' },
          {
            key: 'intact', label: t('verify.integrity'), testid: 'verify-integrity',
            value: result.documentIntact === null ? t('verify.notChecked') : <Tag color={result.documentIntact ? 'green' : 'red'}>{result.documentIntact ? t('verify.intact') : t('verify.notIntact')}</Tag>,
          },
          { key: 'seal', label: t('verify.seal'), value: `${result.seal.name}（${result.seal.code}，${t('verify.keyVersion')} ${result.seal.keyVersion}）` },
          { key: 'at', label: t('verify.signedAt'), value: formatDateTime(result.signedAt) },
          { key: 'id', label: t('verify.id'), value: result.verificationId, testid: 'verify-id' },
          { key: 'digest', label: t('verify.digest'), value: <code style={{ wordBreak: 'break-all' }}>{result.digest}</code> },
        ]}
      />
    </div>
  );
}
