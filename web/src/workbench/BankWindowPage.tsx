import { useState } from 'react';
import { Alert, Button, Descriptions, Form, Input, Table, Tag } from 'antd';
import { BankOutlined, SearchOutlined } from '@ant-design/icons';
import { useT } from '../i18n';
import { api, type ApiError } from '../api/client';
import { useGet } from '../api/query';
import { useTitle } from '../components/useTitle';
import { ErrorAlert } from '../components/ErrorAlert';
import { QueryError } from '../components/QueryError';
import { enumLabel } from '../components/labels';
import { BankRefunds } from './BankRefunds';

const yuan = (fen: number) => `¥${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
const newSlip = () => crypto.randomUUID();

/**
 * The bank's window in the hall (docs/fees.md, "The bank window in the hall"): the bank clerk types or
 * scans a notice's payment code, sees the amount, the fee items and the payer (masked), takes the money
 * and records it. One slip key per notice shown, so a double click records one payment.
 */
export default function BankWindowPage() {
  const { t } = useT();
  useTitle(t('bank.title'));
  const [code, setCode] = useState<string | null>(null);
  const [slip, setSlip] = useState(newSlip);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const notice = useGet('/api/bank-window/notices/{noticeNo}', { path: { noticeNo: code ?? '' } }, { enabled: !!code });
  const n = notice.data;

  const lookup = ({ noticeNo }: { noticeNo: string }) => {
    setCode(noticeNo.trim());
    setSlip(newSlip());
    setDone(null);
    setError(null);
  };
  const collect = async () => {
    if (!n) return;
    setBusy(true);
    setError(null);
    try {
      const paid = await api.post('/api/bank-window/notices/{noticeNo}/payments', { params: { path: { noticeNo: n.noticeNo } }, body: { amountFen: n.totalFen, idempotencyKey: slip } });
      setDone(paid.channelTxnId);
      await notice.refetch();
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="bank-window-page">
      <h2><BankOutlined /> {t('bank.title')}</h2>
      <Form layout="inline" onFinish={lookup} style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item name="noticeNo" label={t('bank.code')} rules={[{ required: true, pattern: /^\s*[\w-]{4,40}\s*$/ }]}>
          <Input autoFocus inputMode="numeric" style={{ width: 260 }} data-testid="bank-code" />
        </Form.Item>
        <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="bank-lookup">{t('bank.lookup')}</Button>
      </Form>
      <QueryError of={notice} />
      {n ? (
        <>
          <Descriptions bordered size="small" column={1} style={{ maxWidth: 640 }}>
            <Descriptions.Item label={t('bank.code')}>{n.noticeNo}</Descriptions.Item>
            <Descriptions.Item label={t('bank.total')}><strong data-testid="bank-total">{yuan(n.totalFen)}</strong></Descriptions.Item>
            <Descriptions.Item label={t('bank.payer')}>{n.payer.name} · {n.payer.code}</Descriptions.Item>
            <Descriptions.Item label={t('bank.payee')}>{n.payee.name} · {n.payee.bank}</Descriptions.Item>
            <Descriptions.Item label={t('bank.status')}><Tag data-testid="bank-status" data-status={n.status}>{enumLabel(t, 'fees.status', n.status)}</Tag> {n.dueDate}</Descriptions.Item>
          </Descriptions>
          <h3 style={{ marginTop: 16 }}>{t('bank.lines')}</h3>
          <Table
            size="small" rowKey="lineNo" pagination={false} style={{ maxWidth: 640 }} dataSource={n.lines}
            columns={[
              { title: '#', dataIndex: 'lineNo', width: 48 },
              { title: t('bank.lines'), dataIndex: 'name' },
              { title: t('bank.total'), dataIndex: 'amountFen', render: (v: number) => yuan(v), align: 'right' },
            ]}
          />
          {done ? <Alert type="success" showIcon style={{ marginTop: 16 }} data-testid="bank-done" message={t('bank.collected', { txn: done })} /> : null}
          <ErrorAlert error={error} />
          {n.payable ? (
            <Button type="primary" size="large" style={{ marginTop: 16 }} loading={busy} onClick={() => void collect()} data-testid="bank-collect">
              {t('bank.collect')} {yuan(n.totalFen)}
            </Button>
          ) : done ? null : <Alert type="warning" showIcon style={{ marginTop: 16 }} message={`${t('bank.notPayable')}${n.refusal ? ` (${n.refusal})` : ''}`} />}
        </>
      ) : null}
      <BankRefunds />
    </div>
  );
}
