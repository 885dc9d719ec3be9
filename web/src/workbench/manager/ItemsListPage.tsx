import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { Button, Input, Select, Space, Table, Tag } from 'antd';
import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { useT } from '../../i18n';
import { useGet } from '../../api/query';
import { HALL_STATUSES, type AdminItemRow, type HallStatus } from '../../api/models';
import { useTitle } from '../../components/useTitle';
import { QueryError } from '../../components/QueryError';
import { EmptyBlock } from '../../components/ContentView';
import { enumLabel, formatDateTime } from '../../components/labels';
import { HallStatusTag } from './common';

export default function ItemsListPage() {
  const { t, pick } = useT();
  useTitle(t('admin.itemsTitle'), true);
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const hallStatus = params.get('hallStatus') ?? '';
  const page = Number(params.get('page') ?? '1') || 1;
  const pageSize = Number(params.get('pageSize') ?? '20') || 20;
  const [text, setText] = useState(q);
  const list = useGet('/api/admin/items', { query: { q, hallStatus: (hallStatus || undefined) as HallStatus | undefined, page, pageSize } });

  const update = (changes: Record<string, string | number>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === '' || v === undefined) next.delete(k);
      else next.set(k, String(v));
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next);
  };

  return (
    <div data-testid="admin-items-page">
      <div className="ow-page-head">
        <h2>{t('admin.itemsTitle')}</h2>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/admin/items/new')} data-testid="admin-new-item">
          {t('admin.newItem')}
        </Button>
      </div>
      <Space wrap style={{ marginBottom: 12 }}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            update({ q: text.trim() });
          }}
          style={{ display: 'flex', gap: 8 }}
        >
          <Input
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={t('admin.searchPlaceholder')}
            allowClear
            style={{ width: 240, maxWidth: '60vw' }}
            data-testid="admin-items-search"
          />
          <Button htmlType="submit" icon={<SearchOutlined />} data-testid="admin-items-search-button">{t('common.search')}</Button>
        </form>
        <Select
          style={{ width: 160 }}
          value={hallStatus}
          onChange={(v) => update({ hallStatus: v })}
          data-testid="admin-items-status"
          aria-label={t('admin.statusFilter')}
          options={[
            { value: '', label: t('admin.allStatuses') },
            ...HALL_STATUSES.map((s) => ({ value: s, label: enumLabel(t, 'hall', s) })),
          ]}
        />
      </Space>
      <QueryError of={list} />
      <Table<AdminItemRow>
        rowKey="id"
        size="middle"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: list.isLoading ? ' ' : <EmptyBlock text={t('admin.empty')} testid="admin-items-empty" /> }}
        scroll={{ x: 'max-content' }}
        onRow={(r) => ({ 'data-testid': 'admin-item-row', 'data-item-id': r.id }) as React.HTMLAttributes<HTMLElement>}
        pagination={{
          current: list.data?.page ?? page,
          pageSize: list.data?.pageSize ?? pageSize,
          total: list.data?.total ?? 0,
          showTotal: (n) => t('common.total', { n }),
          onChange: (p, ps) => update(ps !== pageSize ? { page: 1, pageSize: ps } : { page: p }),
        }}
        columns={[
          {
            title: t('admin.col.name'),
            key: 'name',
            render: (_v, r) => <Link to={`/admin/items/${r.id}`} data-testid="admin-item-link">{r.name}</Link>,
          },
          { title: t('admin.col.basicCode'), dataIndex: 'basicCode', key: 'basicCode' },
          { title: t('admin.col.type'), key: 'type', render: (_v, r) => enumLabel(t, 'itemType', r.type) },
          { title: t('admin.col.department'), key: 'dept', render: (_v, r) => pick(r.department.name, r.department.nameEn) },
          { title: t('admin.col.hallStatus'), key: 'hall', render: (_v, r) => <HallStatusTag status={r.hallStatus} /> },
          {
            title: t('admin.col.version'),
            key: 'version',
            render: (_v, r) => (
              <Space size={4} wrap>
                {r.latestVersion ? <span>{t('common.versionN', { n: r.latestVersion })}</span> : <span className="ow-muted">{t('admin.noVersion')}</span>}
                {r.hasDraft ? <Tag color="gold">{t('admin.hasDraft')}</Tag> : null}
              </Space>
            ),
          },
          {
            title: t('admin.col.pending'),
            key: 'pending',
            render: (_v, r) => r.pendingRequest ? <Tag color="processing">{enumLabel(t, 'requestKind', r.pendingRequest.kind)}</Tag> : null,
          },
          { title: t('admin.col.updatedAt'), key: 'updatedAt', render: (_v, r) => formatDateTime(r.updatedAt) },
        ]}
      />
    </div>
  );
}
