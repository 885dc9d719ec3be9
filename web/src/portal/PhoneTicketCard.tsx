import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Button, Card, Input, Select, Space } from 'antd';
import { useT } from '../i18n';
import { useGet } from '../api/query';

/**
 * Taking a ticket on the phone in the hall (docs/hall.md "A ticket from the phone"): the kiosk's QR
 * code opens this page with the center and the hall code filled in; otherwise the person picks the
 * center and types the six digits the kiosk shows. The server checks the code, the hours and the
 * one-ticket rule.
 */
export function PhoneTicketCard({ run }: { run: (body: { zoneId: string; presenceCode: string }) => Promise<void> }) {
  const { t, lang } = useT();
  const [params] = useSearchParams();
  const [centerId, setCenterId] = useState<string | undefined>(params.get('center') ?? undefined);
  const [zoneId, setZoneId] = useState<string>();
  const [code, setCode] = useState(params.get('code') ?? '');
  const centers = useGet('/api/hall/centers');
  const zones = useGet('/api/hall/centers/{centerId}/zones', { path: { centerId: centerId ?? '' } }, { enabled: !!centerId });
  const pick = (zh: string, en: string | null) => (lang === 'en' && en ? en : zh);
  return (
    <Card title={<h2 style={{ margin: 0, fontSize: 18 }}>{t('queue.phone.title')}</h2>} style={{ marginBottom: 16 }} data-testid="phone-ticket">
      <p>{t('queue.phone.hint')}</p>
      <Space wrap>
        <Select style={{ minWidth: 240, maxWidth: '100%' }} placeholder={t('queue.my.center')} aria-label={t('queue.my.center')} value={centerId} data-testid="phone-center"
          onChange={(v) => { setCenterId(v); setZoneId(undefined); }} options={centers.data?.centers.map((c) => ({ value: c.id, label: pick(c.name, c.nameEn) }))} />
        <Select style={{ minWidth: 200, maxWidth: '100%' }} placeholder={t('queue.zone')} aria-label={t('queue.zone')} value={zoneId} onChange={setZoneId} disabled={!zones.data} data-testid="phone-zone"
          options={zones.data?.zones.map((z) => ({ value: z.id, label: pick(z.name, z.nameEn) }))} />
        <Input style={{ width: 140 }} value={code} onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))} maxLength={6} inputMode="numeric"
          placeholder={t('queue.phone.code')} aria-label={t('queue.phone.code')} data-testid="phone-code" />
        <Button type="primary" disabled={!zoneId || code.length !== 6} data-testid="phone-take"
          onClick={() => void run({ zoneId: zoneId!, presenceCode: code })}>{t('queue.phone.take')}</Button>
      </Space>
    </Card>
  );
}
