import { useEffect } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { Badge } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useT } from '../i18n';
import { useGet } from '../api/query';

/**
 * The applicant's bell in the portal header: the unread count of their messages, a link to the
 * message centre. Asked again on every page change (no polling), so a step taken meanwhile shows on
 * the next page the person opens.
 */
export function MessageBell() {
  const { t } = useT();
  const location = useLocation();
  const unread = useGet('/api/my/messages/unread-count');
  const { refetch } = unread;
  useEffect(() => { void refetch(); }, [location.pathname, refetch]);
  const n = unread.data?.unread ?? 0;
  return (
    <Link to="/my/messages" data-testid="message-bell" data-unread={n} aria-label={n > 0 ? t('msg.bellUnread', { n }) : t('msg.bell')}
      style={{ color: '#fff', display: 'inline-flex', alignItems: 'center', padding: '4px 8px', minHeight: 32 }}>
      <Badge count={n} size="small" overflowCount={99} data-testid="message-bell-count">
        <BellOutlined style={{ color: '#fff', fontSize: 18 }} aria-hidden />
      </Badge>
    </Link>
  );
}
