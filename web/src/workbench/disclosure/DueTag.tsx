import { Space, Tag } from 'antd';
import { useT } from '../../i18n';
import { dueState } from './clock';

/** A request's due date with its standing in words and colour (overdue, due soon), never colour alone. */
export function DueDate({ r }: { r: { dueDate: string | null; overdue: boolean; dueProvisional: boolean } }) {
  const { t } = useT();
  const state = dueState(r);
  if (state === 'none') return <span>—</span>;
  return (
    <Space size={4} wrap data-testid="dis-due" data-due={state}>
      <span>{r.dueDate}{r.dueProvisional ? ` (${t('dis.desk.provisional')})` : ''}</span>
      {state === 'overdue' ? <Tag color="red">{t('dis.overdue')}</Tag> : null}
      {state === 'soon' ? <Tag color="orange">{t('dis.desk.dueSoon')}</Tag> : null}
    </Space>
  );
}
