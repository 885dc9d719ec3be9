import { Tag } from 'antd';
import { useT } from '../../i18n';
import type { HallStatus, RequestStatus } from '../../api/models';
import { enumLabel } from '../../components/labels';

const HALL_COLORS: Record<string, string> = { draft: 'default', in_hall: 'green', removed: 'red' };
const REQUEST_COLORS: Record<string, string> = { pending: 'processing', approved: 'green', rejected: 'red' };

export function HallStatusTag({ status }: { status: HallStatus }) {
  const { t } = useT();
  return <Tag color={HALL_COLORS[status]} data-testid="hall-status" data-status={status}>{enumLabel(t, 'hall', status)}</Tag>;
}

export function RequestStatusTag({ status }: { status: RequestStatus }) {
  const { t } = useT();
  return <Tag color={REQUEST_COLORS[status]} data-testid="request-status" data-status={status}>{enumLabel(t, 'requestStatus', status)}</Tag>;
}
