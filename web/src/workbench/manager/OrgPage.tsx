import { useEffect, useMemo, useState } from 'react';
import { App, Button, Checkbox, Modal, Skeleton, Tag, Tree } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { ApartmentOutlined, BankOutlined, DesktopOutlined, EditOutlined, EnvironmentOutlined } from '@ant-design/icons';
import { useT } from '../../i18n';
import { api, toApiError } from '../../api/client';
import { useGet, useInvalidate } from '../../api/query';
import { useAuth } from '../../api/auth';
import type { Org, OrgWindow } from '../../api/models';
import { useTitle } from '../../components/useTitle';
import { ErrorAlert } from '../../components/ErrorAlert';
import { QueryError } from '../../components/QueryError';
import { EmptyBlock } from '../../components/ContentView';
import { enumLabel } from '../../components/labels';

/** region → center → department → window; regions without any center below them are left out. */
export default function OrgPage() {
  const { t, pick } = useT();
  useTitle(t('org.title'), true);
  const org = useGet('/api/admin/org');
  const invalidate = useInvalidate();
  const { user } = useAuth();
  const [proxy, setProxy] = useState<OrgWindow | null>(null);

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
      key: `w:${w.id}`, icon: <DesktopOutlined />, isLeaf: true,
      title: w.kind !== 'proxy' ? title('window', w.name, enumLabel(t, 'windowKind', w.kind)) : (
        <span data-testid="org-node-window" data-window-id={w.id} data-kind="proxy">
          {w.name}<Tag style={{ marginInlineStart: 8 }}>{enumLabel(t, 'windowKind', w.kind)}</Tag>
          <span className="ow-muted" data-testid="org-proxy-departments" data-ids={(w.departmentIds ?? []).join(',')}>
            {t('org.proxy.departments')}：{(w.departmentIds ?? []).map((id) => {
              const d = o.departments.find((x) => x.id === id);
              return d ? pick(d.name, d.nameEn) : id;
            }).join(t('common.listSep')) || t('org.proxy.none')}
          </span>
          {!user?.centerId || user.centerId === w.centerId ? (
            <Button size="small" type="link" icon={<EditOutlined />} data-testid="org-proxy-edit"
              onClick={(e) => { e.stopPropagation(); setProxy(w); }}>{t('org.proxy.edit')}</Button>
          ) : null}
        </span>
      ),
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
  }, [org.data, t, pick, user]);

  return (
    <div data-testid="org-page">
      <div className="ow-page-head"><h2>{t('org.title')}</h2></div>
      <QueryError of={org} />
      <div style={{ background: '#fff', padding: 16, borderRadius: 8, overflowX: 'auto' }}>
        {org.isLoading && !org.data ? <Skeleton active /> : tree.length === 0 ? <EmptyBlock text={t('org.empty')} /> : (
          <Tree showIcon showLine defaultExpandedKeys={keys} treeData={tree} data-testid="org-tree" selectable={false} key={keys.length} />
        )}
      </div>
      <ProxyDialog w={proxy} org={org.data} onClose={() => setProxy(null)} onSaved={() => { setProxy(null); void invalidate(['/api/admin/org']); }} />
    </div>
  );
}

/** The departments a proxy window (综合代办窗口) accepts for: PUT /api/org/windows/:id/departments. */
function ProxyDialog({ w, org, onClose, onSaved }: { w: OrgWindow | null; org?: Org; onClose: () => void; onSaved: () => void }) {
  const { t, pick } = useT();
  const { message } = App.useApp();
  const [ids, setIds] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    setIds(w?.departmentIds ?? []);
    setError(null);
  }, [w]);
  const departments = (org?.departments ?? []).filter((d) => d.centerId === w?.centerId);
  const save = async () => {
    if (!w || busy) return;
    setBusy(true);
    setError(null);
    try {
      await api.put('/api/org/windows/{id}/departments', { params: { path: { id: w.id } }, body: { departmentIds: ids } });
      message.success(t('org.proxy.saved'));
      onSaved();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={!!w} title={w ? t('org.proxy.title', { name: w.name }) : ''} onCancel={onClose}
      footer={[
        <Button key="c" onClick={onClose}>{t('common.cancel')}</Button>,
        <Button key="s" type="primary" loading={busy} disabled={busy} onClick={save} data-testid="org-proxy-save">{t('common.submit')}</Button>,
      ]}>
      <p className="ow-muted" style={{ marginTop: 0 }}>{t('org.proxy.hint')}</p>
      <ErrorAlert error={error ? toApiError(error) : null} />
      <Checkbox.Group value={ids} onChange={(v) => setIds(v as string[])} data-testid="org-proxy-form"
        style={{ display: 'flex', flexDirection: 'column', gap: 6 }}>
        {departments.map((d) => <Checkbox key={d.id} value={d.id} data-testid="org-proxy-department" data-id={d.id}>{pick(d.name, d.nameEn)}</Checkbox>)}
      </Checkbox.Group>
    </Modal>
  );
}
