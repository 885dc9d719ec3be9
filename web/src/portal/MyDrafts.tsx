import { Link, useSearchParams } from 'react-router-dom';
import { App, Button, Pagination, Popconfirm } from 'antd';
import { DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { useT } from '../i18n';
import { api } from '../api/client';
import { useGet, useInvalidate } from '../api/query';
import type { ResponseOf } from '../api/client';
import { QueryError } from '../components/QueryError';
import { EmptyBlock } from '../components/ContentView';
import { formatDateTime } from '../components/labels';

type Draft = ResponseOf<'/api/my/drafts'>['drafts'][number];

/** Where a draft is resumed: the item's application form, or the life event at the step it was saved on (its answers come from the draft). */
export const resumeLink = (d: Draft) => (d.kind === 'item'
  ? `/apply/${encodeURIComponent(d.targetId)}`
  : `/life-events/${encodeURIComponent(d.centerId)}/${encodeURIComponent(d.matterKey ?? '')}`);

/** The drafts tab of My cases (暂存): newest first, resumed or discarded. */
export function MyDrafts() {
  const { t, pick } = useT();
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const list = useGet('/api/my/drafts', { query: { page, pageSize: 20 } });
  const rows = list.data?.drafts ?? [];
  const discard = async (d: Draft) => {
    try {
      await api.del('/api/my/drafts/{kind}/{targetId}', { params: { path: { kind: d.kind, targetId: d.targetId } } });
      message.success(t('draft.discarded'));
    } finally {
      invalidate(['/api/my/drafts']);
    }
  };
  return (
    <div data-testid="my-drafts">
      <QueryError of={list} />
      {!list.isLoading && rows.length === 0 ? <EmptyBlock text={t('draft.none')} testid="my-drafts-empty" /> : null}
      {rows.map((d) => (
        <div key={d.id} className="ow-result-card" data-testid="my-draft-row" data-target-id={d.targetId} data-kind={d.kind}>
          <h3 style={{ margin: '0 0 6px', fontSize: 16 }}>{pick(d.name, d.nameEn)}</h3>
          <div className="ow-result-meta" style={{ marginBottom: 8 }}>
            <span>{d.kind === 'matter' ? t('draft.kind.matter') : t('draft.kind.item')}</span>
            <span>{t('draft.savedAt', { time: formatDateTime(d.updatedAt) })}</span>
          </div>
          <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
            <Link to={resumeLink(d)} data-testid="my-draft-resume"><Button type="primary" icon={<EditOutlined />}>{t('draft.resume')}</Button></Link>
            <Popconfirm title={t('draft.discardConfirm')} onConfirm={() => discard(d)} okText={t('draft.discard')} cancelText={t('common.cancel')}>
              <Button icon={<DeleteOutlined />} data-testid="my-draft-discard">{t('draft.discard')}</Button>
            </Popconfirm>
          </div>
        </div>
      ))}
      {(list.data?.total ?? 0) > 20 ? (
        <Pagination simple current={page} pageSize={20} total={list.data?.total ?? 0} style={{ textAlign: 'center' }}
          onChange={(p) => setParams({ tab: 'drafts', page: String(p) })} />
      ) : null}
    </div>
  );
}
