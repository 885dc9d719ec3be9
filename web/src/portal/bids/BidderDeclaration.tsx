import { useState } from 'react';
import { Alert, App, Button, Card, Input } from 'antd';
import { api, toApiError, type ApiError } from '../../api/client';
import { useGet, useInvalidate } from '../../api/query';
import { ErrorAlert } from '../../components/ErrorAlert';
import { QueryError } from '../../components/QueryError';
import { useT } from '../../i18n';
import { chinaTime } from './ServerClock';

const upper = (s: string) => s.trim().toUpperCase();

/**
 * The bidder's declaration of related units (招标投标法实施条例 第三十四条; docs/trading.md "Related bidders"): its
 * principal's ID number and the units that control or manage it, once for all its bids. The evaluation relates bids
 * by these facts. The server answers the ID number masked, so the form asks for it again on every change. Each
 * declaration is checked against the enterprise registry: one that contradicts it is refused on the field at fault
 * (BIDDER_DECLARATION_MISMATCH), and the card says whether the saved one was verified, and when.
 */
export function BidderDeclaration() {
  const { t } = useT();
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const current = useGet('/api/me/bidder-declaration');
  const [idNumber, setIdNumber] = useState('');
  const [controller, setController] = useState<string | null>(null);
  const [manager, setManager] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const d = current.data;
  const controllerValue = controller ?? d?.controllerCode ?? '';
  const managerValue = manager ?? d?.managerCode ?? '';
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.put('/api/me/bidder-declaration', {
        body: { representativeIdNumber: upper(idNumber), controllerCode: upper(controllerValue) || null, managerCode: upper(managerValue) || null },
      });
      // The fields show what the server kept from now on (codes in capitals).
      setIdNumber('');
      setController(null);
      setManager(null);
      message.success(t('bids.decl.saved'));
      await invalidate(['/api/me/bidder-declaration']);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };
  const none = t('bids.decl.nothing');
  // The field the server's refusal names is marked, for the eye and for screen readers.
  const invalid = (field: string) => ({ status: error?.field === field ? 'error' as const : undefined, 'aria-invalid': error?.field === field });
  return (
    <Card title={<h2 style={{ margin: 0, fontSize: 18 }}>{t('bids.decl.title')}</h2>} style={{ marginBottom: 16 }} data-testid="bidder-declaration">
      <p>{t('bids.decl.hint')}</p>
      <QueryError of={current} />
      <p data-testid="bidder-declaration-current">
        {d?.declared
          ? t('bids.decl.current', { at: chinaTime(d.declaredAt!), id: d.representativeIdNumber ?? '', controller: d.controllerCode ?? none, manager: d.managerCode ?? none })
          : t('bids.decl.none')}
      </p>
      {d?.declared && d.registryCheck && (
        <Alert
          style={{ marginBottom: 12 }} showIcon data-testid="bidder-declaration-registry"
          type={d.verified ? 'success' : d.registryCheck === 'contradicted' ? 'error' : 'warning'}
          message={t(`bids.decl.registry.${d.registryCheck}`, {
            at: d.registryCheckedAt ? chinaTime(d.registryCheckedAt) : '', next: d.registryRecheckAt ? chinaTime(d.registryRecheckAt) : '',
            field: d.registryContradiction ? t(`bids.decl.field.${d.registryContradiction}`) : '',
          })}
        />
      )}
      <div style={{ display: 'grid', gap: 12, maxWidth: 480 }}>
        <label>
          {t('bids.decl.idNumber')}
          <Input value={idNumber} onChange={(e) => setIdNumber(e.target.value)} maxLength={18} autoComplete="off" data-testid="decl-id-number" {...invalid('representativeIdNumber')} />
        </label>
        <label>
          {t('bids.decl.controller')}
          <Input value={controllerValue} onChange={(e) => setController(e.target.value)} maxLength={18} data-testid="decl-controller" {...invalid('controllerCode')} />
        </label>
        <label>
          {t('bids.decl.manager')}
          <Input value={managerValue} onChange={(e) => setManager(e.target.value)} maxLength={18} data-testid="decl-manager" {...invalid('managerCode')} />
        </label>
        <ErrorAlert error={error} />
        <Button type="primary" onClick={save} loading={busy} disabled={upper(idNumber).length !== 18} data-testid="decl-save">{t('bids.decl.save')}</Button>
      </div>
    </Card>
  );
}
