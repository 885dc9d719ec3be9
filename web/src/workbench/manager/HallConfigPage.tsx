import { useEffect, useState } from 'react';
import { App, Button, Checkbox, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useT } from '../../i18n';
import { api, ApiError, type ResponseOf } from '../../api/client';
import { useGet, useInvalidate } from '../../api/query';
import { useTitle } from '../../components/useTitle';
import { QueryError } from '../../components/QueryError';
import { ErrorAlert } from '../../components/ErrorAlert';
import { DayAppointments } from '../queue/DayAppointments';

type Config = ResponseOf<'/api/admin/hall'>;
type Zone = Config['zones'][number];
type Settings = Config['settings'];
const BUSINESS = ['enterprise', 'construction', 'investment', 'social', 'livelihood', 'general'] as const;
const REASONS = ['appointment', 'elderly', 'disabled', 'green_channel'] as const;
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
const SETTINGS: Array<keyof Settings> = [
  'bookingMinDays', 'bookingMaxDays', 'noShowLimit', 'noShowWindowDays', 'noShowRestrictDays', 'elderlyAge', 'checkInEarlyMinutes',
  'lightGreenMinutes', 'lightAmberMinutes', 'reminderHoursAhead',
];
interface HoursRow { weekday: number; open: boolean; opens: string; closes: string; extendedUntil: string }
/** A time input cannot hold 24:00 (midnight at the day's end): a closing time of 00:00 stands for it, both ways. */
const closingOf = (typed: string) => (typed === '00:00' ? '24:00' : typed);
const shownClosing = (closing: string) => (closing === '24:00' ? '00:00' : closing);

/**
 * The manager's hall configuration (docs/hall.md "Configuration"): booking, no-show and display
 * rules, opening hours per weekday with extended hours and weekend service, service zones with their
 * capacities and windows, priority weights, and kiosks (a new kiosk's token is shown once).
 */
export default function HallConfigPage() {
  const { t, lang } = useT();
  useTitle(t('hallcfg.title'), true);
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const cfg = useGet('/api/admin/hall');
  const [error, setError] = useState<ApiError | null>(null);
  const [hours, setHours] = useState<HoursRow[]>([]);
  const [zone, setZone] = useState<Zone | 'new' | null>(null);
  const [kioskName, setKioskName] = useState('');
  const [token, setToken] = useState<string | null>(null);
  const [settingsForm] = Form.useForm<Settings>();
  const [priorityForm] = Form.useForm<Record<string, number>>();
  const pick = (zh: string, en: string | null) => (lang === 'en' && en ? en : zh);

  useEffect(() => {
    if (!cfg.data) return;
    setHours(WEEKDAYS.map((wd) => {
      const h = cfg.data.hours.find((x) => x.weekday === wd);
      return { weekday: wd, open: !!h, opens: h?.opens ?? '09:00', closes: h?.closes ?? '17:00', extendedUntil: h?.extendedUntil ?? '' };
    }));
    settingsForm.setFieldsValue(cfg.data.settings);
    priorityForm.setFieldsValue(Object.fromEntries(REASONS.map((r) => [r, cfg.data.priority.find((p) => p.reason === r)?.weight ?? 0])));
  }, [cfg.data, settingsForm, priorityForm]);

  const run = async (call: () => Promise<unknown>) => {
    setError(null);
    try {
      await call();
      message.success(t('hallcfg.saved'));
      await invalidate(['/api/admin/hall']);
      return true;
    } catch (e) {
      setError(e instanceof ApiError ? e : null);
      return false;
    }
  };
  const saveHours = () => run(() => api.put('/api/admin/hall/hours', {
    body: { hours: hours.filter((h) => h.open).map((h) => ({ weekday: h.weekday, opens: h.opens, closes: h.closes, extendedUntil: h.extendedUntil || null })) },
  }));
  const setHour = (wd: number, patch: Partial<HoursRow>) => setHours((hs) => hs.map((h) => (h.weekday === wd ? { ...h, ...patch } : h)));

  if (cfg.error) return <QueryError of={cfg} />;
  const d = cfg.data;
  return (
    <div data-testid="hall-config">
      <div className="ow-page-head"><h2>{t('hallcfg.title')}</h2></div>
      <ErrorAlert error={error} />

      <section className="ow-section" aria-labelledby="hallcfg-hours">
        <h3 className="ow-section-title" id="hallcfg-hours">{t('hallcfg.hours')}</h3>
        <div style={{ overflowX: 'auto' }}>
          <table data-testid="hallcfg-hours" style={{ borderCollapse: 'collapse', minWidth: 340 }}>
            <thead><tr>
              <th scope="col" style={{ textAlign: 'left' }}>{t('hallcfg.weekday')}</th><th scope="col">{t('hallcfg.openDay')}</th>
              <th scope="col">{t('hallcfg.opens')}</th><th scope="col">{t('hallcfg.closes')}</th><th scope="col">{t('hallcfg.extendedUntil')}</th>
            </tr></thead>
            <tbody>
              {hours.map((h) => {
                const day = t(`hallcfg.wd.${h.weekday}` as 'hallcfg.wd.1');
                return (
                  <tr key={h.weekday} data-testid={`hallcfg-day-${h.weekday}`}>
                    <th scope="row" style={{ textAlign: 'left', paddingRight: 8, fontWeight: 'normal' }}>{day}</th>
                    <td style={{ textAlign: 'center' }}><Checkbox checked={h.open} aria-label={`${day} ${t('hallcfg.openDay')}`} onChange={(e) => setHour(h.weekday, { open: e.target.checked })} /></td>
                    <td><Input type="time" disabled={!h.open} value={h.opens} aria-label={`${day} ${t('hallcfg.opens')}`} data-testid={`hallcfg-opens-${h.weekday}`} onChange={(e) => setHour(h.weekday, { opens: e.target.value })} /></td>
                    <td><Input type="time" disabled={!h.open} value={shownClosing(h.closes)} aria-label={`${day} ${t('hallcfg.closes')}`} data-testid={`hallcfg-closes-${h.weekday}`} onChange={(e) => setHour(h.weekday, { closes: closingOf(e.target.value) })} /></td>
                    <td><Input type="time" disabled={!h.open} value={shownClosing(h.extendedUntil)} aria-label={`${day} ${t('hallcfg.extendedUntil')}`} data-testid={`hallcfg-extended-${h.weekday}`} onChange={(e) => setHour(h.weekday, { extendedUntil: closingOf(e.target.value) })} /></td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <p className="ow-muted">{t('hallcfg.hoursHint')}</p>
        <Button type="primary" onClick={() => void saveHours()} data-testid="hallcfg-save-hours">{t('hallcfg.save')}</Button>
      </section>

      <section className="ow-section" aria-labelledby="hallcfg-zones">
        <div style={{ display: 'flex', justifyContent: 'space-between', flexWrap: 'wrap', gap: 8 }}>
          <h3 className="ow-section-title" id="hallcfg-zones">{t('hallcfg.zones')}</h3>
          <Button onClick={() => setZone('new')} data-testid="hallcfg-new-zone">{t('hallcfg.newZone')}</Button>
        </div>
        <Table<Zone>
          data-testid="hallcfg-zones" size="small" rowKey="id" pagination={false} scroll={{ x: 'max-content' }} dataSource={d?.zones ?? []} loading={cfg.isLoading}
          onRow={(z) => ({ 'data-testid': `hallcfg-zone-${z.prefix}` }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('hallcfg.prefix'), key: 'prefix', dataIndex: 'prefix' },
            { title: t('hallcfg.name'), key: 'name', render: (_v, z) => <>{pick(z.name, z.nameEn)} {z.active ? null : <Tag>{t('hallcfg.active')} ✗</Tag>}</> },
            { title: t('hallcfg.slotCapacity'), key: 'slot', render: (_v, z) => <span data-testid="hallcfg-zone-slot-capacity">{z.slotCapacity}</span> },
            { title: t('hallcfg.dayCapacity'), key: 'day', dataIndex: 'dayCapacity' },
            { title: t('hallcfg.windows'), key: 'w', render: (_v, z) => z.windowIds.length },
            { title: '', key: 'edit', render: (_v, z) => <Button size="small" onClick={() => setZone(z)} data-testid={`hallcfg-edit-${z.prefix}`}>{t('hallcfg.edit')}</Button> },
          ]}
        />
      </section>

      <section className="ow-section" aria-labelledby="hallcfg-settings">
        <h3 className="ow-section-title" id="hallcfg-settings">{t('hallcfg.settings')}</h3>
        <Form form={settingsForm} layout="vertical" onFinish={(v) => void run(() => api.put('/api/admin/hall/settings', { body: v }))}
          style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(200px, 1fr))', columnGap: 16 }}>
          {SETTINGS.map((k) => (
            <Form.Item key={k} name={k} label={t(`hallcfg.${k}` as 'hallcfg.elderlyAge')} rules={[{ required: true }]}>
              <InputNumber min={0} style={{ width: '100%' }} data-testid={`hallcfg-${k}`} />
            </Form.Item>
          ))}
          <Form.Item><Button type="primary" htmlType="submit" data-testid="hallcfg-save-settings">{t('hallcfg.save')}</Button></Form.Item>
        </Form>
      </section>

      <section className="ow-section" aria-labelledby="hallcfg-priority">
        <h3 className="ow-section-title" id="hallcfg-priority">{t('hallcfg.priority')}</h3>
        <Form form={priorityForm} layout="vertical"
          onFinish={(v) => void run(() => api.put('/api/admin/hall/priority', { body: { rules: REASONS.map((r) => ({ reason: r, weight: Number(v[r] ?? 0) })) } }))}
          style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(150px, 1fr))', columnGap: 16 }}>
          {REASONS.map((r) => (
            <Form.Item key={r} name={r} label={t(`queue.reason.${r}`)} rules={[{ required: true }]}>
              <InputNumber min={0} max={1000} style={{ width: '100%' }} />
            </Form.Item>
          ))}
          <Form.Item><Button type="primary" htmlType="submit">{t('hallcfg.save')}</Button></Form.Item>
        </Form>
      </section>

      <section className="ow-section" aria-labelledby="hallcfg-kiosks">
        <h3 className="ow-section-title" id="hallcfg-kiosks">{t('hallcfg.kiosks')}</h3>
        <ul>{d?.kiosks.map((k) => <li key={k.id}>{k.name} {k.active ? null : <Tag>✗</Tag>}</li>)}</ul>
        <Space.Compact style={{ maxWidth: 420, width: '100%' }}>
          <Input value={kioskName} onChange={(e) => setKioskName(e.target.value)} placeholder={t('hallcfg.kioskName')} aria-label={t('hallcfg.kioskName')} maxLength={60} />
          <Button disabled={!kioskName.trim()} onClick={() => void run(async () => {
            const k = await api.post('/api/admin/hall/kiosks', { body: { name: kioskName.trim() } });
            setToken(k.token); setKioskName('');
          })}>{t('hallcfg.addKiosk')}</Button>
        </Space.Compact>
      </section>

      <div style={{ marginTop: 12 }}><DayAppointments /></div>

      <Modal open={!!token} onCancel={() => setToken(null)} onOk={() => setToken(null)} title={t('hallcfg.kioskToken')} cancelButtonProps={{ style: { display: 'none' } }}>
        <Typography.Paragraph copyable code data-testid="hallcfg-kiosk-token">{token}</Typography.Paragraph>
      </Modal>
      {zone && d ? <ZoneModal zone={zone === 'new' ? null : zone} windows={d.windows} onClose={() => setZone(null)}
        onSave={async (body) => (await run(() => (zone === 'new' ? api.post('/api/admin/hall/zones', { body }) : api.put('/api/admin/hall/zones/{id}', { params: { path: { id: zone.id } }, body })))) && setZone(null)} /> : null}
    </div>
  );
}

type ZoneBody = Omit<Zone, 'id'>;

function ZoneModal({ zone, windows, onClose, onSave }: { zone: Zone | null; windows: Config['windows']; onClose: () => void; onSave: (b: ZoneBody) => Promise<unknown> }) {
  const { t, lang } = useT();
  const [form] = Form.useForm<ZoneBody>();
  // The form's values without the id: the zone body is strict.
  const { id: _id, ...current } = zone ?? { id: '' };
  const initial: ZoneBody = zone ? current as ZoneBody : { prefix: '', business: 'general', name: '', nameEn: '', active: true, slotMinutes: 30, slotCapacity: 4, dayCapacity: 60, serviceSeconds: 600, windowIds: [] };
  return (
    <Modal open title={zone ? t('hallcfg.editZone') : t('hallcfg.newZone')} onCancel={onClose} onOk={() => form.submit()} okText={t('hallcfg.save')} cancelText={t('hallcfg.cancel')}
      okButtonProps={{ 'data-testid': 'hallcfg-zone-save' } as React.ComponentProps<typeof Button>} width={560}>
      <Form form={form} layout="vertical" initialValues={initial} onFinish={(v) => void onSave({ ...initial, ...v })}>
        <Space wrap>
          <Form.Item name="prefix" label={t('hallcfg.prefix')} rules={[{ required: true, pattern: /^[A-Z]$/ }]}><Input maxLength={1} style={{ width: 80 }} /></Form.Item>
          <Form.Item name="business" label={t('hallcfg.business')}>
            <Select style={{ width: 180 }} options={BUSINESS.map((b) => ({ value: b, label: t(`hallcfg.biz.${b}`) }))} />
          </Form.Item>
          <Form.Item name="active" label={t('hallcfg.active')} valuePropName="checked"><Switch /></Form.Item>
        </Space>
        <Form.Item name="name" label={t('hallcfg.name')} rules={[{ required: true, max: 60 }]}><Input /></Form.Item>
        <Form.Item name="nameEn" label={t('hallcfg.nameEn')} rules={[{ required: true, max: 100 }]}><Input /></Form.Item>
        <Space wrap>
          <Form.Item name="slotMinutes" label={t('hallcfg.slotMinutes')}><InputNumber min={5} max={240} /></Form.Item>
          <Form.Item name="slotCapacity" label={t('hallcfg.slotCapacity')}><InputNumber min={0} max={10000} data-testid="hallcfg-zone-slotCapacity" /></Form.Item>
          <Form.Item name="dayCapacity" label={t('hallcfg.dayCapacity')}><InputNumber min={0} max={100000} /></Form.Item>
          <Form.Item name="serviceSeconds" label={t('hallcfg.serviceSeconds')}><InputNumber min={30} max={14400} /></Form.Item>
        </Space>
        <Form.Item name="windowIds" label={t('hallcfg.windows')}>
          <Select mode="multiple" options={windows.map((w) => ({ value: w.id, label: lang === 'en' && w.nameEn ? w.nameEn : w.name }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
