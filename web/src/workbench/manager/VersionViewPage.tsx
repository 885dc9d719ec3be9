import { Link, useParams } from 'react-router-dom';
import { Alert, Breadcrumb, Descriptions, Skeleton, Tag } from 'antd';
import { useT } from '../../i18n';
import { useGet } from '../../api/query';
import { useTitle } from '../../components/useTitle';
import { QueryError } from '../../components/QueryError';
import { ContentView } from '../../components/ContentView';
import { enumLabel, formatDate, formatDateTime } from '../../components/labels';

/** One published version, read-only: published versions are never changed. */
export default function VersionViewPage() {
  const { id = '', version = '' } = useParams();
  const { t } = useT();
  const v = useGet('/api/admin/items/{id}/versions/{version}', { path: { id, version: Number(version) } });
  const d = v.data;
  useTitle(d ? `${d.content.name} · ${t('common.versionN', { n: d.version })}` : t('common.versionN', { n: version }), true);
  const c = d?.content;
  const none = t('common.none');

  return (
    <div data-testid="version-view-page" data-version={version}>
      <Breadcrumb
        items={[
          { title: <Link to="/admin/items">{t('admin.itemsTitle')}</Link> },
          { title: <Link to={`/admin/items/${id}`} data-testid="version-back">{c?.name ?? '…'}</Link> },
          { title: t('common.versionN', { n: version }) },
        ]}
      />
      <QueryError of={v} style={{ marginTop: 12 }} />
      {!d || !c ? (v.isLoading ? <Skeleton active paragraph={{ rows: 10 }} /> : null) : (
        <>
          <div className="ow-page-head" style={{ marginTop: 12 }}>
            <h2>{c.name} · {t('common.versionN', { n: d.version })}</h2>
            <Tag color={d.status === 'published' ? 'green' : 'gold'} data-testid="version-status">{enumLabel(t, 'versionStatus', d.status)}</Tag>
          </div>
          {d.status === 'published' ? (
            <div data-testid="version-readonly"><Alert type="info" showIcon title={t('item.readOnly')} style={{ marginBottom: 12 }} /></div>
          ) : null}
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2, md: 3 }}
            style={{ background: '#fff', padding: 12, borderRadius: 8 }}
            items={[
              { key: 'vf', label: t('guide.validFrom'), children: <span data-testid="version-valid-from">{formatDate(d.validFrom) || none}</span> },
              { key: 'pa', label: t('guide.publishedAt'), children: formatDateTime(d.publishedAt) || none },
              { key: 'en', label: t('editor.nameEn'), children: c.nameEn || none },
              { key: 'aud', label: t('guide.audiences'), children: c.audiences.map((a) => enumLabel(t, 'audience', a)).join(t('common.listSep')) },
              { key: 'visits', label: t('guide.visits'), children: c.visits },
              { key: 'online', label: t('guide.online'), children: c.online ? t('common.yes') : t('common.no') },
              { key: 'inhall', label: t('editor.inHall'), children: c.inHall ? t('common.yes') : `${t('common.no')} (${c.notInHallApproval ?? ''})` },
              { key: 'themes', label: t('editor.themes'), children: c.themes.join(t('common.listSep')) || none },
              { key: 'events', label: t('editor.lifeEvents'), children: c.lifeEvents.join(t('common.listSep')) || none },
              { key: 'loc', label: t('guide.location'), children: c.acceptanceLocation || none },
              { key: 'cp', label: t('guide.consultPhone'), children: c.consultPhone || none },
              { key: 'xp', label: t('guide.complaintPhone'), children: c.complaintPhone || none },
              { key: 'res', label: t('guide.result'), children: c.result || none },
            ]}
          />
          <ContentView content={c} />
        </>
      )}
    </div>
  );
}
