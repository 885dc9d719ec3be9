import { Link } from 'react-router-dom';
import { App, Button } from 'antd';
import { StarFilled, StarOutlined } from '@ant-design/icons';
import { useT } from '../i18n';
import { api } from '../api/client';
import { useAuth } from '../api/auth';
import { useGet, useInvalidate } from '../api/query';

/**
 * The bookmark star (收藏) of an item, on its guide (issue 14): an applicant stars or unstars it
 * (PUT/DELETE /api/my/bookmarks/:itemId); the home page lists the starred ones. Staff and visitors
 * who are not signed in see no star.
 */
export function BookmarkStar({ itemId, withText, testid = 'bookmark-star' }: { itemId: string; withText?: boolean; testid?: string }) {
  const { t } = useT();
  const { user } = useAuth();
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const applicant = !!user && user.kind !== 'staff';
  const list = useGet('/api/my/bookmarks', null, { enabled: applicant });
  if (!applicant) return null;
  const on = !!list.data?.bookmarks.some((b) => b.itemId === itemId);
  const toggle = async () => {
    try {
      if (on) await api.del('/api/my/bookmarks/{itemId}', { params: { path: { itemId } } });
      else await api.put('/api/my/bookmarks/{itemId}', { params: { path: { itemId } } });
      message.success(on ? t('bookmark.removed') : t('bookmark.added'));
    } catch {
      message.error(t('bookmark.failed'));
    } finally {
      invalidate(['/api/my/bookmarks']);
    }
  };
  const label = on ? t('bookmark.remove') : t('bookmark.add');
  return (
    <Button icon={on ? <StarFilled style={{ color: '#d48806' }} /> : <StarOutlined />} onClick={toggle} disabled={list.isLoading}
      aria-pressed={on} aria-label={withText ? undefined : label} title={label} data-testid={testid} data-on={on} size={withText ? 'middle' : 'large'}>
      {withText ? label : null}
    </Button>
  );
}

/** A list of services on the home page (popular, frequent, bookmarked): name, department and a count. */
export function ServiceList({ items, testid, count }: {
  items: Array<{ itemId: string; name: string; nameEn: string | null; departmentName: string; departmentNameEn: string | null; cases?: number }>;
  testid: string;
  count?: (n: number) => string;
}) {
  const { pick } = useT();
  return (
    <div className="ow-services" data-testid={testid}>
      {items.map((s) => (
        <Link key={s.itemId} to={`/items/${encodeURIComponent(s.itemId)}`} className="ow-service" data-testid={`${testid}-item`} data-item-id={s.itemId} data-cases={s.cases ?? ''}>
          <span style={{ minWidth: 0 }}>
            <span className="ow-service-name">{pick(s.name, s.nameEn)}</span>
            <br />
            <span className="ow-service-meta">{pick(s.departmentName, s.departmentNameEn)}</span>
          </span>
          {s.cases !== undefined && count ? <span className="ow-service-meta">{count(s.cases)}</span> : null}
        </Link>
      ))}
    </div>
  );
}
