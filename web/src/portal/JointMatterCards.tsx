import { Link } from 'react-router-dom';
import { Col, Row, Skeleton, Tag } from 'antd';
import { ApartmentOutlined, RightOutlined } from '@ant-design/icons';
import { useT } from '../i18n';
import { useGet } from '../api/query';
import { QueryError } from '../components/QueryError';
import { EmptyBlock } from '../components/EmptyBlock';
import { themeIcon } from '../components/themeIcons';
import type { JointMatterSummary } from '../api/models';
import { useOrgNames } from './orgNames';

export const lifeEventPath = (m: Pick<JointMatterSummary, 'centerId' | 'key'>) =>
  `/life-events/${encodeURIComponent(m.centerId)}/${encodeURIComponent(m.key)}`;

/** Published joint matters (GET /api/joint/matters), optionally of one center. */
export function useJointMatters(centerId: string) {
  return useGet('/api/joint/matters', { query: { centerId } });
}

/** The matters grouped by center, in the order the server lists them. */
function byCenter(matters: JointMatterSummary[]) {
  const groups = new Map<string, { centerId: string; centerName: string; matters: JointMatterSummary[] }>();
  for (const m of matters) {
    const g = groups.get(m.centerId) ?? { centerId: m.centerId, centerName: m.centerName, matters: [] };
    g.matters.push(m);
    groups.set(m.centerId, g);
  }
  return [...groups.values()];
}

/** Cards of joint matters per center, each a link to its life-event page. */
export function JointMatterCards({ centerId, limit }: { centerId: string; limit?: number }) {
  const { t, pick } = useT();
  const list = useJointMatters(centerId);
  const names = useOrgNames();
  const matters = list.data?.matters ?? [];
  if (list.isLoading && !list.data) return <Skeleton active paragraph={{ rows: 3 }} />;
  if (list.error) return <QueryError of={list} />;
  if (matters.length === 0) return <EmptyBlock text={t('joint.empty')} testid="joint-matters-empty" />;
  const groups = byCenter(limit ? matters.slice(0, limit) : matters);
  return (
    <div data-testid="joint-matters" data-count={matters.length}>
      {groups.map((g) => (
        <div key={g.centerId} data-testid="joint-center-group" data-center-id={g.centerId} style={{ marginBottom: 12 }}>
          {groups.length > 1 || !centerId ? <div style={{ fontWeight: 600, margin: '4px 0 8px', color: '#1f2a44' }}>{names.center(g.centerId, g.centerName)}</div> : null}
          <Row gutter={[12, 12]}>
            {g.matters.map((m) => (
              <Col key={m.id} xs={24} sm={12} lg={8}>
                <Link to={lifeEventPath(m)} className="ow-joint-card" data-testid="joint-matter-card" data-key={m.key} data-center-id={m.centerId}>
                  <span className="ow-tile-icon" aria-hidden>{themeIcon(m.lifeEvent ?? m.key)}</span>
                  <span style={{ minWidth: 0, flex: 1 }}>
                    <span className="ow-joint-card-name" data-testid="joint-matter-name">{pick(m.name, m.nameEn)}</span>
                    {m.description ? <span className="ow-joint-card-desc">{pick(m.description, m.descriptionEn)}</span> : null}
                    <span className="ow-joint-card-meta">
                      <Tag color="blue" style={{ marginInlineEnd: 0 }}>{t('joint.itemCount', { n: m.itemCount })}</Tag>
                      <span><ApartmentOutlined /> {t('joint.leadShort', { name: pick(m.leadDepartment.name, m.leadDepartment.nameEn) })}</span>
                    </span>
                  </span>
                  <RightOutlined className="ow-muted" />
                </Link>
              </Col>
            ))}
          </Row>
        </div>
      ))}
    </div>
  );
}
