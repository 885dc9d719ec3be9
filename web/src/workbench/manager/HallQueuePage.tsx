import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { App, Button, Card, Empty, Modal, Select, Space, Table, Tabs, Tag } from 'antd';
import { useT } from '../../i18n';
import { api, ApiError, type ResponseOf } from '../../api/client';
import { useGet, useInvalidate, type GetPath } from '../../api/query';
import { useTitle } from '../../components/useTitle';
import { QueryError } from '../../components/QueryError';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useCursorPages } from '../../components/useCursorPages';

type Item = ResponseOf<'/api/hall/queue'>['items'][number];
const PAGE = 20;
const VIEWS: readonly GetPath[] = ['/api/hall/queue', '/api/hall/centers/{centerId}/waiting'];

/**
 * The manager's queue (docs/hall.md "The manager's queue"): today's waiting tickets of the center,
 * zone by zone, a page at a time; a manager cancels a waiting ticket (after a confirmation) or
 * transfers it to another zone or a window serving it, whatever window serves its zone. The API's
 * refusals are shown as it words them. The zone chosen lives in the address.
 */
export default function HallQueuePage() {
  const { t, lang } = useT();
  useTitle(t('hallq.title'), true);
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const pick = (zh: string, en: string | null) => (lang === 'en' && en ? en : zh);
  const [params, setParams] = useSearchParams();
  const cfg = useGet('/api/admin/hall');
  const zones = cfg.data?.zones.filter((z) => z.active) ?? [];
  const zoneId = zones.find((z) => z.id === params.get('zone'))?.id ?? zones[0]?.id;
  const board = useGet('/api/hall/centers/{centerId}/waiting', { path: { centerId: cfg.data?.centerId ?? '' } }, { enabled: !!cfg.data });
  const pages = useCursorPages<string>();
  const { cursor } = pages;
  const list = useGet('/api/hall/queue', { query: { zoneId: zoneId ?? '', limit: PAGE, ...(cursor ? { cursor } : {}) } }, { enabled: !!zoneId });
  const [target, setTarget] = useState<{ kind: 'cancel' | 'transfer'; item: Item } | null>(null);
  const [toZone, setToZone] = useState<string>();
  const [toWindow, setToWindow] = useState<string>();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const chooseZone = (id: string) => { setParams({ zone: id }); pages.reset(); };
  const open = (kind: 'cancel' | 'transfer', item: Item) => { setTarget({ kind, item }); setToZone(undefined); setToWindow(undefined); setError(null); };
  const close = () => { setTarget(null); setError(null); };
  const act = async () => {
    if (!target) return;
    setBusy(true); setError(null);
    const body = target.kind === 'cancel' ? { action: 'cancel' as const }
      : { action: 'transfer' as const, ...(toZone ? { zoneId: toZone } : {}), ...(toWindow ? { windowId: toWindow } : {}) };
    try {
      await api.post('/api/hall/tickets/{id}/actions', { params: { path: { id: target.item.id } }, body });
      message.success(t(target.kind === 'cancel' ? 'hallq.cancelled' : 'hallq.transferred', { number: target.item.number }));
      setTarget(null);
    } catch (e) {
      setError(e instanceof ApiError ? e : null);
    } finally {
      setBusy(false);
      // Refused or not, the list shows the queue as it is now (another window may have called the ticket).
      await invalidate(VIEWS);
    }
  };

  if (cfg.error) return <QueryError of={cfg} />;
  const counts = new Map((board.data?.zones ?? []).map((z) => [z.id, z.waiting]));
  // Where a ticket may go: a zone of the center and, optionally, a window serving it (the API's rule: HALL_TRANSFER_TARGET).
  const windowsOf = zones.find((z) => z.id === (toZone ?? list.data?.zone.id));
  const windows = (cfg.data?.windows ?? []).filter((w) => windowsOf?.windowIds.includes(w.id));
  const time = (iso: string) => new Date(iso).toLocaleTimeString(lang === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit' });

  return (
    <div data-testid="hall-queue">
      <div className="ow-page-head"><h2>{t('hallq.title')}</h2></div>
      <p>{t('hallq.hint')}</p>
      {cfg.data && zones.length === 0 ? <Empty description={t('hallq.noZones')} /> : null}
      {zoneId ? (
        <Tabs activeKey={zoneId} onChange={chooseZone} data-testid="hall-queue-zones"
          items={zones.map((z) => ({
            key: z.id,
            label: <span data-testid={`hall-queue-zone-${z.prefix}`}>{`${z.prefix} · ${pick(z.name, z.nameEn)}`}{counts.has(z.id) ? ` (${counts.get(z.id)})` : ''}</span>,
          }))} />
      ) : null}
      {zoneId ? (
        <Card title={list.data ? t('hallq.waiting', { n: list.data.waiting }) : t('hallq.title')}>
          <QueryError of={list} />
          <Table<Item> size="small" rowKey="id" pagination={false} dataSource={list.data?.items ?? []} loading={list.isLoading} scroll={{ x: 'max-content' }}
            locale={{ emptyText: t('hallq.none') }} data-testid="hall-queue-list"
            onRow={(i) => ({ 'data-testid': 'hall-queue-ticket', 'data-number': i.number }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              { title: t('queue.number'), key: 'number', render: (_v, i) => <strong>{i.number}</strong> },
              {
                title: t('queue.priority'), key: 'priority',
                render: (_v, i) => (
                  <Space wrap size={4}>
                    {i.priorityReasons.map((r) => <Tag key={r} color="gold">{t(`queue.reason.${r}`)}</Tag>)}
                    {i.priorityFrom && new Date(i.priorityFrom) > new Date() ? <span>{t('hallq.priorityFrom', { time: time(i.priorityFrom) })}</span> : null}
                  </Space>
                ),
              },
              { title: t('queue.issuedAt'), key: 'issued', render: (_v, i) => time(i.issuedAt) },
              {
                title: t('hallq.notes'), key: 'notes',
                render: (_v, i) => (
                  <Space wrap size={4}>
                    {i.skipped ? <Tag>{t('hallq.skipped')}</Tag> : null}
                    {i.targetWindow ? <Tag color="blue">{t('hallq.forWindow', { window: pick(i.targetWindow.name, i.targetWindow.nameEn) })}</Tag> : null}
                  </Space>
                ),
              },
              {
                title: <span className="ow-sr-only">{t('hallq.actions')}</span>, key: 'act',
                render: (_v, i) => (
                  <Space wrap size={4}>
                    <Button size="small" onClick={() => open('transfer', i)} data-testid="hall-queue-transfer" aria-label={t('hallq.transferOf', { number: i.number })}>{t('hallq.transfer')}</Button>
                    <Button size="small" danger onClick={() => open('cancel', i)} data-testid="hall-queue-cancel" aria-label={t('hallq.cancelOf', { number: i.number })}>{t('hallq.cancel')}</Button>
                  </Space>
                ),
              },
            ]} />
          <Space style={{ marginTop: 8 }} wrap>
            <Button disabled={!pages.hasPrevious} onClick={pages.previous} data-testid="hall-queue-prev">{t('hallq.prev')}</Button>
            <Button disabled={!list.data?.nextCursor} onClick={() => pages.next(list.data!.nextCursor!)} data-testid="hall-queue-next">{t('hallq.next')}</Button>
          </Space>
        </Card>
      ) : null}

      <Modal open={target?.kind === 'cancel'} title={t('hallq.cancelOf', { number: target?.item.number ?? '' })} onCancel={close} onOk={() => void act()}
        okText={t('hallq.cancelConfirm')} cancelText={t('hallq.back')} okButtonProps={{ danger: true, loading: busy, 'data-testid': 'hall-queue-cancel-ok' } as React.ComponentProps<typeof Button>}>
        <ErrorAlert error={error} />
        <p>{t('hallq.cancelText')}</p>
      </Modal>
      <Modal open={target?.kind === 'transfer'} title={t('hallq.transferOf', { number: target?.item.number ?? '' })} onCancel={close} onOk={() => void act()}
        okText={t('hallq.transfer')} cancelText={t('hallq.back')}
        okButtonProps={{ loading: busy, disabled: !toZone && !toWindow, 'data-testid': 'hall-queue-transfer-ok' } as React.ComponentProps<typeof Button>}>
        <ErrorAlert error={error} />
        <Space direction="vertical" style={{ width: '100%' }}>
          <label htmlFor="hall-queue-to-zone">{t('queue.panel.toZone')}</label>
          <Select id="hall-queue-to-zone" style={{ width: '100%' }} allowClear value={toZone} onChange={(v) => { setToZone(v); setToWindow(undefined); }}
            data-testid="hall-queue-to-zone" options={zones.map((z) => ({ value: z.id, label: `${z.prefix} · ${pick(z.name, z.nameEn)}` }))} />
          <label htmlFor="hall-queue-to-window">{t('hallq.toWindow')}</label>
          <Select id="hall-queue-to-window" style={{ width: '100%' }} allowClear value={toWindow} onChange={setToWindow}
            data-testid="hall-queue-to-window" options={windows.map((w) => ({ value: w.id, label: pick(w.name, w.nameEn) }))} />
        </Space>
      </Modal>
    </div>
  );
}
