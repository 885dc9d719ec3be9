import { Link, useNavigate } from 'react-router-dom';
import { Button, Grid, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useT } from '../../i18n';
import { useGet } from '../../api/query';
import type { AdminJointMatter } from '../../api/models';
import { useTitle } from '../../components/useTitle';
import { QueryError } from '../../components/QueryError';
import { EmptyBlock } from '../../components/ContentView';
import { enumLabel, formatDateTime } from '../../components/labels';
import { JOINT_STATUS_COLORS } from './JointMatterEditPage';

/** The center's joint matters (联办事项 · 一件事), every status. */
export default function JointMattersPage() {
  const { t, pick } = useT();
  useTitle(t('jm.title'), true);
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const list = useGet('/api/manage/joint/matters');
  const rows = (list.data?.matters ?? []) as AdminJointMatter[];
  const href = (m: AdminJointMatter) => `/admin/joint/${encodeURIComponent(m.id)}`;
  const status = (m: AdminJointMatter) => (
    <Tag color={JOINT_STATUS_COLORS[m.status]} data-testid="jm-row-status" data-status={m.status} style={{ marginInlineEnd: 0 }}>{enumLabel(t, 'jm.status', m.status)}</Tag>
  );
  const empty = list.isLoading ? ' ' : <EmptyBlock text={t('jm.empty')} testid="jm-empty" />;

  return (
    <div data-testid="jm-page">
      <div className="ow-page-head">
        <h2>{t('jm.title')}</h2>
        <Link to="/admin/joint/new"><Button type="primary" icon={<PlusOutlined />} data-testid="jm-new">{t('jm.new')}</Button></Link>
      </div>
      <p className="ow-muted" style={{ marginTop: 0 }}>{t('jm.intro')}</p>
      <QueryError of={list} />
      {screens.md === false ? (
        <div data-testid="jm-list">
          {!list.isLoading && rows.length === 0 ? empty : null}
          {rows.map((m) => (
            <div key={m.id} className="ow-result-card" data-testid="jm-row" data-matter-id={m.id} data-key={m.key} data-status={m.status}
              onClick={() => navigate(href(m))} style={{ cursor: 'pointer' }}>
              <h4><Link to={href(m)} data-testid="jm-link" onClick={(e) => e.stopPropagation()}>{pick(m.name, m.nameEn)}</Link></h4>
              <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6, alignItems: 'center' }}>
                {status(m)}
                <span className="ow-muted">{pick(m.leadDepartment.name, m.leadDepartment.nameEn)} · {t('jm.itemCount', { n: m.itemCount })}</span>
              </div>
            </div>
          ))}
        </div>
      ) : (
        <Table<AdminJointMatter>
          data-testid="jm-table"
          rowKey="id"
          loading={list.isLoading}
          dataSource={rows}
          pagination={false}
          locale={{ emptyText: empty }}
          scroll={{ x: 'max-content' }}
          onRow={(m) => ({ 'data-testid': 'jm-row', 'data-matter-id': m.id, 'data-key': m.key, 'data-status': m.status }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('jm.col.name'), key: 'name', render: (_v, m) => <Link to={href(m)} data-testid="jm-link">{pick(m.name, m.nameEn)}</Link> },
            { title: t('jm.col.key'), key: 'key', render: (_v, m) => <code>{m.key}</code> },
            { title: t('jm.col.lead'), key: 'lead', render: (_v, m) => pick(m.leadDepartment.name, m.leadDepartment.nameEn) },
            { title: t('jm.col.items'), key: 'items', dataIndex: 'itemCount' },
            { title: t('jm.col.status'), key: 'status', render: (_v, m) => <>{status(m)} <span className="ow-muted">{t('common.versionN', { n: m.version })}</span></> },
            { title: t('jm.col.updated'), key: 'updated', render: (_v, m) => formatDateTime(m.updatedAt) },
          ]}
        />
      )}
    </div>
  );
}
