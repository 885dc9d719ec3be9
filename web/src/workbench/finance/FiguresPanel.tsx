import { useMemo, useState } from 'react';
import { Col, Input, Row, Space, Table } from 'antd';
import { useT } from '../../i18n';
import { useGet } from '../../api/query';
import { QueryError } from '../../components/QueryError';
import { enumLabel } from '../../components/labels';
import { Chart, type ChartOption } from '../../supervision/Chart';
import { yuan } from './money';
import { chinaDay } from '../../components/china-time';


/**
 * Figures of the center: collected per day and per fiscal account, and the open anomalies by kind;
 * each chart has its data as a table beside it (screen readers and people who prefer numbers).
 */
export function FiguresPanel() {
  const { t } = useT();
  const [from, setFrom] = useState(chinaDay(-29));
  const [to, setTo] = useState(chinaDay());
  const figures = useGet('/api/finance/reconciliation/figures', { query: { from, to } }, { enabled: from <= to });
  const f = figures.data;
  const perDayOption = useMemo<ChartOption>(() => ({
    tooltip: { trigger: 'axis' },
    legend: { data: [t('recon.col.paid'), t('recon.col.matched')] },
    grid: { left: 60, right: 16, top: 32, bottom: 28 },
    xAxis: { type: 'category', data: (f?.perDay ?? []).map((d) => d.day.slice(5)) },
    yAxis: { type: 'value', name: t('recon.yuan') },
    series: [
      { name: t('recon.col.paid'), type: 'bar', data: (f?.perDay ?? []).map((d) => d.paidFen / 100) },
      { name: t('recon.col.matched'), type: 'line', data: (f?.perDay ?? []).map((d) => d.matchedFen / 100) },
    ],
  }), [f, t]);
  const perAccountOption = useMemo<ChartOption>(() => ({
    tooltip: { trigger: 'item' },
    series: [{ type: 'pie', radius: ['35%', '65%'], data: (f?.perAccount ?? []).map((a) => ({ name: `${a.code} ${a.name}`, value: a.paidFen / 100 })) }],
  }), [f]);
  const totalPaid = (f?.perDay ?? []).reduce((s, d) => s + d.paidFen, 0);
  const openTotal = (f?.openAnomalies ?? []).reduce((s, o) => s + o.count, 0);
  return (
    <div data-testid="recon-figures">
      <Space wrap style={{ marginBottom: 12 }}>
        <label>{t('recon.figures.from')} <Input type="date" aria-label={t('recon.figures.from')} value={from} onChange={(e) => setFrom(e.target.value)} style={{ width: 160 }} /></label>
        <label>{t('recon.figures.to')} <Input type="date" aria-label={t('recon.figures.to')} value={to} onChange={(e) => setTo(e.target.value)} style={{ width: 160 }} /></label>
      </Space>
      <QueryError of={figures} />
      <p data-testid="recon-figures-summary">{t('recon.figures.summary', { from, to, amount: yuan(totalPaid), open: openTotal })}</p>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <h3 style={{ fontSize: 15 }}>{t('recon.figures.perDay')}</h3>
          <Chart option={perDayOption} height={260} testid="recon-chart-days" />
          <Table data-testid="recon-figures-days" size="small" rowKey="day" dataSource={f?.perDay ?? []} pagination={false} scroll={{ x: 'max-content', y: 240 }}
            columns={[
              { title: t('recon.col.day'), dataIndex: 'day', key: 'day' },
              { title: t('recon.col.paid'), key: 'paid', render: (_v, d) => `${yuan(d.paidFen)} · ${d.paidCount}` },
              { title: t('recon.col.matched'), key: 'matched', render: (_v, d) => yuan(d.matchedFen) },
              { title: t('recon.col.open'), dataIndex: 'openAnomalies', key: 'open' },
            ]} />
        </Col>
        <Col xs={24} lg={10}>
          <h3 style={{ fontSize: 15 }}>{t('recon.figures.perAccount')}</h3>
          <Chart option={perAccountOption} height={220} testid="recon-chart-accounts" />
          <Table data-testid="recon-figures-accounts" size="small" rowKey="fiscalAccountId" dataSource={f?.perAccount ?? []} pagination={false}
            columns={[
              { title: t('recon.col.account'), key: 'account', render: (_v, a) => `${a.code} ${a.name}` },
              { title: t('recon.col.paid'), key: 'paid', render: (_v, a) => yuan(a.paidFen) },
            ]} />
          <h3 style={{ fontSize: 15, marginTop: 16 }}>{t('recon.figures.open')}</h3>
          <Table data-testid="recon-figures-open" size="small" rowKey="kind" dataSource={f?.openAnomalies ?? []} pagination={false}
            locale={{ emptyText: t('recon.anomalies.empty') }}
            columns={[
              { title: t('recon.col.kind'), key: 'kind', render: (_v, o) => enumLabel(t, 'recon.kind', o.kind) },
              { title: t('recon.figures.count'), dataIndex: 'count', key: 'count' },
            ]} />
        </Col>
      </Row>
    </div>
  );
}
