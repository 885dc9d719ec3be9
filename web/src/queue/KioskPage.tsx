import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, Button, Checkbox, Input } from 'antd';
import { useT } from '../i18n';
import { api, ApiError } from '../api/client';
import { useGet } from '../api/query';
import { PresenceCode } from './PresenceCode';
import { SlipRatingCode } from './TicketSlip';
import { TokenRating } from '../components/ratings/TokenRating';
import { useTitle } from '../components/useTitle';
import { ErrorAlert } from '../components/ErrorAlert';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { ElderToggle } from '../components/a11y/ElderMode';
import { MAIN_ID } from '../components/a11y/SkipLink';
import type { ResponseOf } from '../api/client';

const TOKEN_KEY = 'ow.kiosk.token';
type Ticket = ResponseOf<'/api/hall/kiosk/tickets', 'post'>;

/** The kiosk's token: given once in the address (?token=…) when the touch screen is set up, then kept on the device. */
/** A setting the kiosk is started with (`?name=value` on its address), kept on the machine for the restarts after. */
function useKioskSetting(name: string, key: string): string {
  const [search] = useSearchParams();
  const given = search.get(name);
  const [value] = useState(() => {
    try {
      if (given) localStorage.setItem(key, given);
      return given ?? localStorage.getItem(key) ?? '';
    } catch {
      return given ?? '';
    }
  });
  return value;
}
const useKioskToken = () => useKioskSetting('token', TOKEN_KEY);
/**
 * `?print=1`: the kiosk has a slip printer. Chromium started with `--kiosk --kiosk-printing` prints to the
 * system's default printer (the receipt printer, through CUPS) without a dialog; the slip's own page size
 * and layout are in styles.css (`@page slip`). `?print=0` turns it off again.
 */
const useSlipPrinter = () => useKioskSetting('print', 'ow.kiosk.print') === '1';

/**
 * The touch-screen kiosk (取号机): large type, no sign-in. A ticket by zone, with the ID number
 * (typed or from the card reader, which types into the field) for priority, or an appointment's
 * check-in. The answer is the number and the place in the queue, with the slip's rating QR code and
 * code; it clears itself so the next person never sees it. The 评价 step (扫码评价) takes a slip's code
 * from the barcode scanner (which types the QR code's URL into the field) or typed by hand, then the
 * pad's rating form, a thank-you, and back to the start.
 */
export default function KioskPage() {
  const { t, lang } = useT();
  useTitle(t('queue.kiosk.title'));
  const token = useKioskToken();
  const printer = useSlipPrinter();
  const header = { 'x-kiosk-token': token };
  const home = useGet('/api/hall/kiosk', { header }, { enabled: !!token });
  const [idNumber, setIdNumber] = useState('');
  const [disabled, setDisabled] = useState(false);
  const [ticket, setTicket] = useState<Ticket | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  // The 评价 step: null (the start), 'scan' (waiting for the slip's code) or the code read.
  const [rating, setRating] = useState<null | 'scan' | string>(null);
  const [scanned, setScanned] = useState('');
  const pick = (zh: string, en: string | null) => (lang === 'en' && en ? en : zh);

  useEffect(() => {
    if (!ticket && !error && rating === null) return;
    // Rating takes longer than reading a number (an elderly visitor choosing and writing): two minutes there.
    const id = setTimeout(() => { setTicket(null); setError(null); setIdNumber(''); setDisabled(false); setRating(null); setScanned(''); }, rating === null ? 30_000 : 120_000);
    return () => clearTimeout(id);
  }, [ticket, error, rating]);
  const startOver = () => { setRating(null); setScanned(''); };
  // The slip is printed once per ticket, when it is whole: after its QR code is drawn, or at once without one.
  const printed = useRef<string | null>(null);
  const slipReady = () => {
    if (!printer || !ticket || printed.current === ticket.id) return;
    printed.current = ticket.id;
    window.print();
  };
  useEffect(() => { if (ticket && !ticket.rating) slipReady(); });
  // What the scanner typed (the QR code's URL) or the printed code: the server reads either.
  const readCode = () => {
    const raw = scanned.trim();
    const path = /\/rate\/([^/?#\s]+)/.exec(raw);
    if (raw) setRating(path ? path[1]! : raw);
  };

  const run = async (call: () => Promise<Ticket>) => {
    setBusy(true); setError(null);
    try {
      setTicket(await call());
      setIdNumber(''); setDisabled(false);
      void home.refetch();
    } catch (e) {
      setError(e instanceof ApiError ? e : null);
    } finally {
      setBusy(false);
    }
  };
  const take = (zoneId: string) => run(() => api.post('/api/hall/kiosk/tickets', {
    params: { header }, body: { zoneId, ...(idNumber.trim() ? { idNumber: idNumber.trim() } : {}), ...(disabled ? { disabled } : {}) },
  }));
  const checkIn = () => run(() => api.post('/api/hall/kiosk/check-in', { params: { header }, body: { idNumber: idNumber.trim() } }));

  const big = { fontSize: 28, height: 'auto', padding: '18px 24px', whiteSpace: 'normal' as const };
  return (
    <main className="ow-kiosk" data-testid="kiosk" id={MAIN_ID} style={{ minHeight: '100vh', background: '#0b3d91', color: '#fff', padding: 24, fontSize: 24 }}>
      {/* Wraps on a phone: the title's longest word and the two switches do not fit one line at 375 px. */}
      <header style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', flexWrap: 'wrap', gap: 12 }}>
        <h1 style={{ color: '#fff', fontSize: 40, margin: 0, minWidth: 0, overflowWrap: 'anywhere' }}>{home.data ? pick(home.data.center.name, home.data.center.nameEn) : t('queue.kiosk.title')}</h1>
        <span className="ow-kiosk-actions" style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 8 }}><ElderToggle dark /><LanguageSwitch dark /></span>
      </header>
      {!token ? <Alert type="error" showIcon message={t('queue.kiosk.noToken')} style={{ fontSize: 22, marginTop: 24 }} /> : null}
      <ErrorAlert error={home.error} onRetry={() => void home.refetch()} style={{ marginTop: 16 }} />
      {home.data && !home.data.open ? <Alert type="warning" showIcon message={t('queue.kiosk.closed')} style={{ fontSize: 22, marginTop: 16 }} /> : null}
      {rating !== null ? (
        <section data-testid="kiosk-rate" style={{ background: '#fff', color: '#111', borderRadius: 12, padding: 32, marginTop: 24 }}>
          {rating === 'scan' ? (
            <form onSubmit={(e) => { e.preventDefault(); readCode(); }}>
              <h2 style={{ fontSize: 30 }}>{t('rt.kiosk.scanTitle')}</h2>
              <label htmlFor="kiosk-rate-code" style={{ display: 'block', fontSize: 26, marginBottom: 8 }}>{t('rt.kiosk.scanLabel')}</label>
              {/* The scanner types into the focused field and presses Enter. */}
              <Input id="kiosk-rate-code" data-testid="kiosk-rate-code" autoFocus value={scanned} onChange={(e) => setScanned(e.target.value)} maxLength={200}
                autoComplete="off" style={{ fontSize: 32, padding: 12, maxWidth: 640, fontFamily: 'monospace' }} />
              <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap', marginTop: 16 }}>
                <Button type="primary" htmlType="submit" style={big} disabled={!scanned.trim()} data-testid="kiosk-rate-next">{t('rt.kiosk.next')}</Button>
                <Button style={big} onClick={startOver} data-testid="kiosk-rate-back">{t('rt.kiosk.back')}</Button>
              </div>
            </form>
          ) : (
            <>
              <TokenRating token={rating} channel="kiosk" large onDone={startOver} />
              <Button style={{ ...big, marginTop: 16 }} onClick={startOver} data-testid="kiosk-rate-back">{t('rt.kiosk.back')}</Button>
            </>
          )}
        </section>
      ) : ticket ? (
        <section data-testid="kiosk-ticket" className="ow-slip" aria-live="assertive" style={{ background: '#fff', color: '#111', borderRadius: 12, padding: 32, marginTop: 24, textAlign: 'center' }}>
          {home.data ? <p className="ow-slip-only" style={{ fontWeight: 700 }}>{pick(home.data.center.name, home.data.center.nameEn)}</p> : null}
          <h2 style={{ fontSize: 28 }}>{t('queue.kiosk.yourNumber')}</h2>
          <div data-testid="kiosk-number" style={{ fontSize: 96, fontWeight: 700, color: '#0b3d91' }}>{ticket.number}</div>
          <p style={{ fontSize: 28 }}>{pick(ticket.zone.name, ticket.zone.nameEn)}</p>
          <p style={{ fontSize: 28 }} data-testid="kiosk-ahead">{t('queue.ahead', { n: ticket.ahead })}</p>
          {ticket.estimate ? <p style={{ fontSize: 24 }}>{t('queue.estimate', { min: ticket.estimate.optimisticMinutes, max: ticket.estimate.pessimisticMinutes })}</p> : null}
          {ticket.rating ? <SlipRatingCode rating={ticket.rating} onReady={slipReady} /> : null}
          <p className="ow-slip-only" data-testid="slip-issued">{t('queue.slip.issued', { at: new Date(ticket.issuedAt).toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) })}</p>
          <div className="ow-no-print" style={{ display: 'flex', gap: 12, justifyContent: 'center', flexWrap: 'wrap', marginTop: 16 }}>
            {printer ? <Button style={big} onClick={() => window.print()} data-testid="kiosk-print">{t('queue.slip.printAgain')}</Button> : null}
            <Button type="primary" style={big} onClick={() => setTicket(null)} data-testid="kiosk-done">{t('queue.kiosk.done')}</Button>
          </div>
        </section>
      ) : (
        <>
          <section style={{ marginTop: 24 }} aria-labelledby="kiosk-id-label">
            <label id="kiosk-id-label" htmlFor="kiosk-id" style={{ display: 'block', fontSize: 26, marginBottom: 8 }}>{t('queue.kiosk.idLabel')}</label>
            <Input id="kiosk-id" data-testid="kiosk-id" value={idNumber} onChange={(e) => setIdNumber(e.target.value)} maxLength={18}
              autoComplete="off" inputMode="text" style={{ fontSize: 32, padding: 12, maxWidth: 640 }} />
            <div style={{ marginTop: 12 }}>
              <Checkbox checked={disabled} onChange={(e) => setDisabled(e.target.checked)} style={{ color: '#fff', fontSize: 24 }} data-testid="kiosk-disabled">
                {t('queue.kiosk.disabled')}
              </Checkbox>
            </div>
            <Button size="large" style={{ ...big, marginTop: 12 }} disabled={!idNumber.trim() || busy} onClick={() => void checkIn()} data-testid="kiosk-checkin">
              {t('queue.kiosk.checkIn')}
            </Button>
          </section>
          <ErrorAlert error={error} style={{ marginTop: 16, fontSize: 22 }} />
          <h2 style={{ color: '#fff', fontSize: 30, marginTop: 24 }}>{t('queue.kiosk.chooseZone')}</h2>
          <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(280px, 1fr))', gap: 16 }}>
            {home.data?.zones.map((z) => (
              <Button key={z.id} type="primary" style={{ ...big, background: '#fff', color: '#0b3d91', minHeight: 140, padding: '16px 12px', display: 'flex', flexDirection: 'column', alignItems: 'center', justifyContent: 'center', gap: 4 }} disabled={busy || !home.data?.open}
                onClick={() => void take(z.id)} data-testid={`kiosk-zone-${z.prefix}`}>
                {/* The name above its waiting count (an antd button lays its children out in a row); a long name wraps between words, inside one only when it must. */}
                <span style={{ display: 'block', fontSize: 34, fontWeight: 700, lineHeight: 1.25, overflowWrap: 'anywhere', wordBreak: 'normal' }}>{pick(z.name, z.nameEn)}</span>
                <span style={{ display: 'block', fontSize: 22 }}>{t('queue.kiosk.waiting', { n: z.waiting })}</span>
              </Button>
            ))}
          </div>
          {home.data?.open ? <PresenceCode token={token} centerId={home.data.center.id} /> : null}
          {token ? (
            <Button size="large" style={{ ...big, marginTop: 24, background: '#fff', color: '#0b3d91' }} onClick={() => setRating('scan')} data-testid="kiosk-rate">
              {t('rt.kiosk.rate')}
            </Button>
          ) : null}
        </>
      )}
    </main>
  );
}
