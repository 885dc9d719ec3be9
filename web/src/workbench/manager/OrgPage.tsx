import { useMemo } from 'react';
import { Skeleton, Tag, Tree } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { ApartmentOutlined, BankOutlined, DesktopOutlined, EnvironmentOutlined } from '@ant-design/icons';
import { useT } from '../../i18n';
import { api } from '../../api/client';
import { useApi } from '../../api/useApi';
import type { Org } from '../../api/types';
import { useTitle } from '../../components/useTitle';
import { ErrorAlert } from '../../components/ErrorAlert';
import { EmptyBlock } from '../../components/ContentView';
import { enumLabel } from '../../components/labels';

/** region → center → department → window; regions without any center below them are left out. */
export default function OrgPage() {
  const { t, pick } = useT();
  useTitle(t('org.title'), true);
  const org = useApi(() => api.get<Org>('/api/admin/org'), []);

  const { tree, keys } = useMemo(() => {
    const o = org.data;
    if (!o) return { tree: [] as DataNode[], keys: [] as string[] };
    const keys: string[] = [];
    const title = (kind: string, text: string, extra?: string) => (
      <span data-testid={`org-node-${kind}`}>
        {text}
        {extra ? <Tag style={{ marginInlineStart: 8 }}>{extra}</Tag> : null}
      </span>
    );
    const windowNode = (w: Org['windows'][number]): DataNode => ({
      key: `w:${w.id}`, icon: <DesktopOutlined />, isLeaf: true, title: title('window', w.name, enumLabel(t, 'windowKind', w.kind)),
    });
    const centerNode = (c: Org['centers'][number]): DataNode => {
      keys.push(`c:${c.id}`);
      const depts = o.departments.filter((d) => d.centerId === c.id).map((d): DataNode => {
        keys.push(`d:${d.id}`);
        return {
          key: `d:${d.id}`, icon: <ApartmentOutlined />, title: title('department', pick(d.name, d.nameEn)),
          children: o.windows.filter((w) => w.departmentId === d.id).map(windowNode),
        };
      });
      const ownWindows = o.windows.filter((w) => w.centerId === c.id && !o.departments.some((d) => d.id === w.departmentId)).map(windowNode);
      return { key: `c:${c.id}`, icon: <BankOutlined />, title: title('center', pick(c.name, c.nameEn)), children: [...ownWindows, ...depts] };
    };
    const codes = new Set(o.regions.map((r) => r.code));
    const regionNode = (code: string): DataNode | null => {
      const r = o.regions.find((x) => x.code === code)!;
      const children = [
        ...o.centers.filter((c) => c.regionCode === code).map(centerNode),
        ...o.regions.filter((x) => x.parentCode === code).map((x) => regionNode(x.code)).filter((x): x is DataNode => x !== null),
      ];
      if (children.length === 0) return null;
      keys.push(`r:${code}`);
      return { key: `r:${code}`, icon: <EnvironmentOutlined />, title: title('region', `${r.name} (${r.code})`, enumLabel(t, 'regionLevel', r.level)), children };
    };
    const roots = o.regions.filter((r) => !r.parentCode || !codes.has(r.parentCode)).map((r) => regionNode(r.code)).filter((x): x is DataNode => x !== null);
    const orphans = o.centers.filter((c) => !codes.has(c.regionCode)).map(centerNode);
    return { tree: [...roots, ...orphans], keys };
  }, [org.data, t, pick]);

  return (
    <div data-testid="org-page">
      <div className="ow-page-head"><h2>{t('org.title')}</h2></div>
      <ErrorAlert error={org.error} onRetry={org.reload} />
      <div style={{ background: '#fff', padding: 16, borderRadius: 8, overflowX: 'auto' }}>
        {org.loading && !org.data ? <Skeleton active /> : tree.length === 0 ? <EmptyBlock text={t('org.empty')} /> : (
          <Tree showIcon showLine defaultExpandedKeys={keys} treeData={tree} data-testid="org-tree" selectable={false} key={keys.length} />
        )}
      </div>
    </div>
  );
}
