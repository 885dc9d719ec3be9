import { useMemo, useState } from 'react';
import { Alert, Button, Card, Descriptions, Form, Input, InputNumber, Select, Space } from 'antd';
import { useT } from '../../i18n';
import { api } from '../../api/client';
import { useGet } from '../../api/query';
import { Chart, type ChartOption } from '../../supervision/Chart';
import type { TabProps } from './StaffingPage';
import { chinaDay } from '../../components/china-time';

type Grade = 'excellent' | 'competent' | 'basically_competent' | 'incompetent';

/** The annual assessment of one person: the year's figures in a chart, the suggested grade, and the center's written result. */
export function AssessmentTab({ d, busy, run }: TabProps) {
  const { t, lang } = useT();
  const [userId, setUserId] = useState<string>();
  const [year, setYear] = useState(() => Number(chinaDay().slice(0, 4)));
  const [reason, setReason] = useState('');
  const view = useGet('/api/staffing/staff/{userId}/assessments/{year}', userId ? { path: { userId, year } } : null, { enabled: !!userId });
  const [form] = Form.useForm<{ result: Grade; comment: string }>();
  const f = view.data?.figures;
  const option = useMemo<ChartOption | null>(() => f ? {
    grid: { left: 40, right: 10, top: 20, bottom: 60 },
    tooltip: {},
    xAxis: { type: 'category', axisLabel: { interval: 0, rotate: 30 }, data: [
      t('staffing.fig.attended'), t('staffing.fig.late'), t('staffing.fig.early'), t('staffing.fig.absent'), t('staffing.fig.leave'),
      t('staffing.fig.completed'), t('staffing.fig.overdue'), t('staffing.fig.complaints'),
    ] },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', data: [f.attendance.attended, f.attendance.late, f.attendance.early, f.attendance.absent, f.attendance.leave, f.cases.completed, f.cases.overdue, f.complaints] }],
  } : null, [f, t]);
  if (!d) return null;
  const written = view.data?.written;
  const paths = ['/api/staffing/staff/{userId}/assessments/{year}'] as const;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Select style={{ minWidth: 160 }} placeholder={t('staffing.assess.person')} aria-label={t('staffing.assess.person')} value={userId} onChange={setUserId} data-testid="assess-person"
          options={d.staff.map((s) => ({ value: s.id, label: s.name }))} />
        <InputNumber aria-label={t('staffing.assess.year')} min={2000} max={2100} value={year} onChange={(v) => v && setYear(v)} />
      </Space>
      {f ? (
        <Card size="small" title={t('staffing.assess.figures')}>
          <Alert type="info" showIcon data-testid="assess-suggested"
            message={t('staffing.assess.score', { score: f.score, grade: t(`staffing.grade.${f.suggested}`) })} />
          {option ? <Chart option={option} height={240} testid="assess-chart" /> : null}
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t('staffing.fig.complaints')}>{f.complaints}</Descriptions.Item>
            <Descriptions.Item label={t('staffing.tab.training')}>{t('staffing.fig.training', { n: f.training.courses, h: f.training.hours })}</Descriptions.Item>
            <Descriptions.Item label={t('staffing.fig.ratingsLabel')}>
              {f.ratings ? t('staffing.fig.ratings', { n: f.ratings.count, avg: f.ratings.average?.toFixed(1) ?? '—' }) : t('staffing.fig.noRatings')}
            </Descriptions.Item>
          </Descriptions>
        </Card>
      ) : null}
      {written ? (
        <Alert type={written.status === 'final' ? 'success' : 'warning'} showIcon data-testid="assess-written"
          message={written.status === 'final'
            ? t('staffing.assess.written', { grade: t(`staffing.grade.${written.result}`), at: new Date(written.writtenAt).toLocaleDateString(lang === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: 'Asia/Shanghai' }) })
            : t('staffing.assess.reopened')}
          description={written.comment} />
      ) : null}
      {f && d.canManage && (!written || written.status === 'reopened') ? (
        <Form form={form} layout="vertical" style={{ maxWidth: 520 }}
          onFinish={(v) => void run(() => api.put('/api/staffing/staff/{userId}/assessments/{year}', { params: { path: { userId: userId!, year } }, body: v }), [...paths])}>
          <Form.Item name="result" label={t('staffing.assess.result')} rules={[{ required: true }]}>
            <Select aria-label={t('staffing.assess.result')} data-testid="assess-result"
              options={(['excellent', 'competent', 'basically_competent', 'incompetent'] as const).map((g) => ({ value: g, label: t(`staffing.grade.${g}`) }))} />
          </Form.Item>
          <Form.Item name="comment" label={t('staffing.assess.comment')} rules={[{ required: true }]}><Input.TextArea rows={3} data-testid="assess-comment" /></Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="assess-write">{t('staffing.assess.write')}</Button>
        </Form>
      ) : null}
      {written?.status === 'final' && d.canManage ? (
        <Space wrap>
          <Input style={{ minWidth: 220 }} placeholder={t('staffing.assess.reopenReason')} aria-label={t('staffing.assess.reopenReason')} value={reason} onChange={(e) => setReason(e.target.value)} />
          <Button disabled={!reason.trim()} loading={busy}
            onClick={() => void run(() => api.post('/api/staffing/staff/{userId}/assessments/{year}/reopen', { params: { path: { userId: userId!, year } }, body: { reason } }), [...paths])}>
            {t('staffing.assess.reopen')}
          </Button>
        </Space>
      ) : null}
    </Space>
  );
}
