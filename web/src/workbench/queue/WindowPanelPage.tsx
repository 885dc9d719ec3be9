import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { App, Button, Card, Empty, Select, Space, Switch, Table, Tag } from 'antd';
import { useT } from '../../i18n';
import { api, ApiError } from '../../api/client';
import { useGet, useInvalidate } from '../../api/query';
import { useTitle } from '../../components/useTitle';
import { QueryError } from '../../components/QueryError';
import { ErrorAlert } from '../../components/ErrorAlert';
import { setCalledTicket } from './currentTicket';
import { DayAppointments } from './DayAppointments';
import { VisitPad } from './VisitPad';

type Action = 'recall' | 'skip' | 'no_show' | 'finish' | 'transfer';

/**
 * The window's calling panel (叫号): open or close the window, call the next ticket (the one at the
 * window is finished first), recall, skip, mark no-show, finish, transfer to another zone or window,
 * and register a case from the ticket at the counter. A finished ticket turns the panel into the
 * window's rating pad for that visitor until they rate, the clerk skips it or calls the next ticket.
 */
export default function WindowPanelPage() {
  const { t, lang } = useT();
  useTitle(t('queue.panel.title'), true);
  const { message } = App.useApp();
  const panel = useGet('/api/hall/window');
  const invalidate = useInvalidate();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [zoneTo, setZoneTo] = useState<string>();
  const [windowTo, setWindowTo] = useState<string>();
  const [justFinished, setJustFinished] = useState<{ id: string; number: string } | null>(null);
  const pick = (zh: string, en: string | null) => (lang === 'en' && en ? en : zh);
  const current = panel.data?.current ?? null;
  useEffect(() => { if (panel.data) setCalledTicket(current ? { id: current.id, number: current.number } : null); }, [panel.data, current]);

  const run = async (call: () => Promise<unknown>) => {
    setBusy(true); setError(null);
    try {
      await call();
      await invalidate(['/api/hall/window']);
    } catch (e) {
      setError(e instanceof ApiError ? e : null);
    } finally {
      setBusy(false);
    }
  };
  const callNext = () => run(async () => {
    setJustFinished(null);
    const r = await api.post('/api/hall/window/call-next');
    if (!r.ticket) message.info(t('queue.panel.empty'));
  });
  const act = (action: Action) => current && run(async () => {
    await api.post('/api/hall/tickets/{id}/actions', {
      params: { path: { id: current.id } },
      body: action === 'transfer' ? { action, ...(zoneTo ? { zoneId: zoneTo } : {}), ...(windowTo ? { windowId: windowTo } : {}) } : { action },
    });
    if (action === 'finish') setJustFinished({ id: current.id, number: current.number });
  });

  if (panel.error) return <QueryError of={panel} />;
  const d = panel.data;
  return (
    <div data-testid="queue-panel">
      <div className="ow-page-head"><h2>{t('queue.panel.title')}{d ? ` · ${pick(d.window.name, d.window.nameEn)}` : ''}</h2></div>
      {d ? (
        <Space direction="vertical" style={{ width: '100%' }} size="middle">
          <Space wrap>
            <span>{t('queue.panel.open')}</span>
            <Switch checked={d.window.open} onChange={(open) => void run(() => api.put('/api/hall/window/open', { body: { open } }))} data-testid="queue-open" aria-label={t('queue.panel.open')} />
            {d.zones.filter((z) => z.mine).map((z) => <Tag key={z.id} color="blue">{z.prefix} · {pick(z.name, z.nameEn)}</Tag>)}
          </Space>
          <ErrorAlert error={error} />
          {justFinished ? <VisitPad key={justFinished.id} ticket={justFinished} onClose={() => setJustFinished(null)} /> : null}
          <Card title={t('queue.panel.current')} extra={<Button type="primary" size="large" loading={busy} onClick={() => void callNext()} data-testid="queue-call-next">{t('queue.panel.callNext')}</Button>}>
            {current ? (
              <Space direction="vertical">
                <div style={{ fontSize: 40, fontWeight: 700 }} data-testid="queue-current">{current.number}</div>
                <Space wrap>
                  {current.priorityReasons.map((r) => <Tag key={r} color="gold">{t(`queue.reason.${r}`)}</Tag>)}
                  <span>{pick(current.zone.name, current.zone.nameEn)}</span>
                </Space>
                {current.cases?.length ? (
                  <Space wrap data-testid="queue-current-cases">
                    <span>{t('queue.panel.cases')}</span>
                    {current.cases.map((c) => <Link key={c.id} to={`/workbench/cases/${c.id}`}><Tag color="green">{c.receiptNo ?? c.id.slice(0, 8)}</Tag></Link>)}
                  </Space>
                ) : null}
                <Space wrap>
                  <Button onClick={() => void act('recall')} disabled={busy} data-testid="queue-recall">{t('queue.panel.recall')}</Button>
                  <Button onClick={() => void act('skip')} disabled={busy} data-testid="queue-skip">{t('queue.panel.skip')}</Button>
                  <Button danger onClick={() => void act('no_show')} disabled={busy} data-testid="queue-no-show">{t('queue.panel.noShow')}</Button>
                  <Button onClick={() => void act('finish')} disabled={busy} data-testid="queue-finish">{t('queue.panel.finish')}</Button>
                  <Link to="/workbench/counter" data-testid="queue-register"><Button type="primary" ghost>{t('queue.panel.register')}</Button></Link>
                </Space>
                <Space wrap>
                  <Select style={{ minWidth: 200 }} placeholder={t('queue.panel.toZone')} allowClear value={zoneTo} onChange={setZoneTo} aria-label={t('queue.panel.toZone')}
                    options={d.zones.map((z) => ({ value: z.id, label: `${z.prefix} · ${pick(z.name, z.nameEn)}` }))} />
                  <Select style={{ minWidth: 200 }} placeholder={t('queue.panel.toWindow')} allowClear value={windowTo} onChange={setWindowTo} aria-label={t('queue.panel.toWindow')}
                    options={d.windows.filter((w) => !zoneTo || d.zones.find((z) => z.id === zoneTo)?.windowIds.includes(w.id)).map((w) => ({ value: w.id, label: pick(w.name, w.nameEn) }))} />
                  <Button onClick={() => void act('transfer')} disabled={busy || (!zoneTo && !windowTo)} data-testid="queue-transfer">{t('queue.panel.transfer')}</Button>
                </Space>
              </Space>
            ) : <Empty description={t('queue.panel.none')} />}
          </Card>
          <Card title={t('queue.panel.queue', { n: d.queue.length })}>
            <Table size="small" rowKey="id" pagination={false} dataSource={d.queue} data-testid="queue-list"
              columns={[
                { title: t('queue.number'), dataIndex: 'number' },
                { title: t('queue.zone'), dataIndex: 'zoneId', render: (id: string) => { const z = d.zones.find((x) => x.id === id); return z ? pick(z.name, z.nameEn) : ''; } },
                { title: t('queue.priority'), dataIndex: 'priorityReasons', render: (rs: string[]) => rs.map((r) => <Tag key={r}>{t(`queue.reason.${r}` as 'queue.reason.elderly')}</Tag>) },
                { title: t('queue.issuedAt'), dataIndex: 'issuedAt', render: (v: string) => new Date(v).toLocaleTimeString(lang === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit' }) },
              ]} />
          </Card>
          <DayAppointments />
        </Space>
      ) : null}
    </div>
  );
}
