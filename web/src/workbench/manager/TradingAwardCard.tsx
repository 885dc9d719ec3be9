import { useState } from 'react';
import { App, Button, Card, Select, Space, Tag } from 'antd';
import { SaveOutlined } from '@ant-design/icons';
import { useT } from '../../i18n';
import { api, ApiError } from '../../api/client';
import { useGet, useInvalidate } from '../../api/query';
import { ErrorAlert } from '../../components/ErrorAlert';

const OFF = '';

/**
 * Issue 16 (docs/trading.md): whether the item's cases need a project awarded in this center, and the text field
 * of the application form that names it. An item-level setting: it takes effect at once, not with a version.
 */
export function TradingAwardCard({ itemId, canEdit }: { itemId: string; canEdit: boolean }) {
  const { t, pick } = useT();
  const { message } = App.useApp();
  const params = { path: { id: itemId } };
  const req = useGet('/api/admin/items/{id}/trading-award-requirement', params);
  const invalidate = useInvalidate();
  const [choice, setChoice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const r = req.data;
  if (!r) return req.error ? <ErrorAlert error={req.error} /> : null;

  const current = r.projectCodeField ?? OFF;
  const value = choice ?? current;
  const labelOf = (key: string) => {
    const c = r.choices.find((x) => x.key === key);
    return c ? pick(c.label, c.labelEn) : key;
  };
  const onSave = async () => {
    setBusy(true);
    setError(null);
    try {
      if (value === OFF) {
        await api.del('/api/admin/items/{id}/trading-award-requirement', { params });
        message.success(t('tr.award.cleared'));
      } else {
        await api.put('/api/admin/items/{id}/trading-award-requirement', { params, body: { projectCodeField: value } });
        message.success(t('tr.award.saved'));
      }
      setChoice(null);
      // The setting shows here and in the item's history.
      void invalidate(['/api/admin/items/{id}/trading-award-requirement', '/api/admin/items/{id}']);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const options = [
    { value: OFF, label: t('tr.award.off') },
    ...r.choices.map((c) => ({ value: c.key, label: `${pick(c.label, c.labelEn)} (${c.key})` })),
    // A field set before the form changed stays visible, so the manager sees what is in force.
    ...(r.projectCodeField && !r.choices.some((c) => c.key === r.projectCodeField) ? [{ value: r.projectCodeField, label: r.projectCodeField }] : []),
  ];

  return (
    <Card size="small" title={t('tr.award.title')} style={{ marginBottom: 12 }} data-testid="trading-award-card" data-field={r.projectCodeField ?? ''}>
      <p className="ow-muted" style={{ marginTop: 0 }}>{t('tr.award.hint')}</p>
      <p data-testid="trading-award-state">
        {r.projectCodeField ? <Tag color="orange">{t('tr.award.on', { label: labelOf(r.projectCodeField) })}</Tag> : <Tag>{t('tr.award.isOff')}</Tag>}
      </p>
      {r.choices.length === 0 ? <p className="ow-muted" data-testid="trading-award-no-choices">{t('tr.award.noChoices')}</p> : null}
      {canEdit ? (
        <Space wrap>
          <label htmlFor="trading-award-field">{t('tr.award.field')}</label>
          <Select id="trading-award-field" style={{ minWidth: 280 }} value={value} onChange={setChoice} options={options} data-testid="trading-award-field" />
          <Button icon={<SaveOutlined />} onClick={onSave} loading={busy} disabled={value === current} data-testid="trading-award-save">{t('tr.award.save')}</Button>
        </Space>
      ) : null}
      <ErrorAlert error={error} />
    </Card>
  );
}
