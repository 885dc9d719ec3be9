import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Badge, Button, Empty, List, Popover } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useT } from '../i18n';
import { api } from '../api/client';
import { useGet, useInvalidate } from '../api/query';
import { QueryError } from './QueryError';
import { formatDateTime } from './labels';

/** A notice about something other than a case (a returned score sheet …) may name the workbench page it concerns. */
const workbenchLink = (data: Record<string, unknown>) =>
  typeof data.link === 'string' && /^\/workbench\/[\w/-]+$/.test(data.link) ? data.link : null;

/**
 * The staff member's notifications (own and department's): unread count on a bell, the latest in a
 * popover, one click marks one read, a button marks all. Reloaded when opened (no polling).
 */
export function NotificationBell({ caseLink }: { caseLink: (caseId: string) => string }) {
  const { t, msg } = useT();
  const [open, setOpen] = useState(false);
  const list = useGet('/api/notifications', { query: { pageSize: 20 } });
  const invalidate = useInvalidate();
  const [busy, setBusy] = useState(false);
  const unread = list.data?.unread ?? 0;
  const mark = async (ids: number[] | 'all') => {
    setBusy(true);
    try {
      await api.post('/api/notifications/read', { body: { ids } });
    } finally {
      setBusy(false);
      void invalidate(['/api/notifications']);
    }
  };
  const content = (
    <div style={{ width: 'min(340px, calc(100vw - 32px))' }} data-testid="notif-panel">
      <QueryError of={list} />
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 8 }}>
        <strong>{t('notif.title')}</strong>
        <Button size="small" type="link" disabled={unread === 0} loading={busy} onClick={() => void mark('all')} data-testid="notif-read-all">{t('notif.readAll')}</Button>
      </div>
      {(list.data?.notifications.length ?? 0) === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notif.empty')} data-testid="notif-empty" /> : (
        <List
          size="small"
          style={{ maxHeight: 360, overflowY: 'auto' }}
          dataSource={list.data?.notifications ?? []}
          renderItem={(n) => (
            <List.Item
              data-testid="notif-row" data-id={n.id} data-kind={n.kind} data-read={n.readAt ? 'true' : 'false'}
              style={{ background: n.readAt ? undefined : '#f0f6ff', padding: '6px 8px', cursor: 'pointer' }}
              onClick={() => { if (!n.readAt) void mark([n.id]); }}
            >
              <div style={{ minWidth: 0 }}>
                <div style={{ fontWeight: n.readAt ? 400 : 600 }}>{msg(n.title)}</div>
                <div className="ow-muted" style={{ fontSize: 12 }}>
                  {formatDateTime(n.createdAt)}
                  {typeof n.data.receiptNo === 'string' ? ` · ${n.data.receiptNo}` : ''}
                  {n.caseId ? <> · <Link to={caseLink(n.caseId)} onClick={() => setOpen(false)} data-testid="notif-case-link">{t('notif.openCase')}</Link></> : null}
                  {!n.caseId && workbenchLink(n.data) ? <> · <Link to={workbenchLink(n.data)!} onClick={() => setOpen(false)} data-testid="notif-link">{t('notif.open')}</Link></> : null}
                </div>
              </div>
            </List.Item>
          )}
        />
      )}
    </div>
  );
  return (
    <Popover content={content} trigger="click" open={open} placement="bottomRight"
      onOpenChange={(o) => { setOpen(o); if (o) void list.refetch(); }}>
      <Button type="text" aria-label={t('notif.title')} data-testid="notif-bell" data-unread={unread}>
        <Badge count={unread} size="small" offset={[4, -2]} data-testid="notif-count">
          <BellOutlined style={{ color: '#fff', fontSize: 17 }} />
        </Badge>
      </Button>
    </Popover>
  );
}
