import type { ReactNode } from 'react';
import { List, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { useT } from '../i18n';
import type { ResponseOf } from '../api/client';
import { enumLabel, formatDateTime } from '../components/labels';

export type Dispute = ResponseOf<'/api/me/tender-disputes'>['rows'][number];

/** Questions, objections and complaints as a list of cards (readable at 390 px), each with its deadline and answer; `actions` adds a row's buttons or form. */
export function DisputeList({ rows, actions, testId, tenderLink }: { rows: Dispute[]; actions?: (d: Dispute) => ReactNode; testId: string; tenderLink?: (d: Dispute) => string }) {
  const { t } = useT();
  return (
    <List<Dispute> data-testid={testId} dataSource={rows} locale={{ emptyText: t('td.none') }} renderItem={(d) => (
      <List.Item key={d.id} data-testid={`dispute-${d.id}`} style={{ display: 'block' }}>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6, alignItems: 'center' }}>
          <Tag color={d.kind === 'complaint' ? 'purple' : 'blue'}>{enumLabel(t, 'td.kind', d.kind)}</Tag>
          <span>{enumLabel(t, 'td.subject', d.subject)}</span>
          <Tag data-testid="dispute-status">{enumLabel(t, 'td.status', d.status)}</Tag>
          {d.overdue ? <Tag color="red">{t('td.overdue')}</Tag> : null}
          {d.answeredLate ? <Tag color="orange">{t('td.late')}</Tag> : null}
        </div>
        {d.tenderTitle ? <div><strong>{t('td.col.tender')}</strong>: {tenderLink ? <Link to={tenderLink(d)} data-testid="dispute-tender">{d.tenderTitle}</Link> : d.tenderTitle}</div> : null}
        <p style={{ whiteSpace: 'pre-wrap', margin: '4px 0' }}>{d.body}</p>
        <div style={{ color: '#595959', fontSize: 13 }}>
          {t('td.col.submitted')}: {formatDateTime(d.submittedAt)} · {t('td.col.due')}: {formatDateTime(d.answerDue)}
        </div>
        {d.answer ? (
          <div style={{ marginTop: 4 }} data-testid="dispute-answer"><strong>{t('td.col.answer')}</strong>（{formatDateTime(d.answeredAt)}）: {d.answer}{d.suspendTender ? ` · ${t('td.field.suspend')}` : ''}</div>
        ) : null}
        {actions ? <div style={{ marginTop: 8 }}>{actions(d)}</div> : null}
      </List.Item>
    )} />
  );
}
