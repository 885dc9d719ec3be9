import { useEffect, useState } from 'react';
import QRCode from 'qrcode';
import { useT } from '../i18n';

/**
 * The rating part of a ticket's slip (扫码评价): the QR code of /rate/<token> on this site and the same
 * token printed as the rating code, for a phone or a kiosk's 评价 step. The token is answered once, to
 * whoever issued the ticket; nothing here keeps it.
 */
/** `onReady`: called once the QR code is drawn, so the slip is printed whole. */
export function SlipRatingCode({ rating, onReady }: { rating: { token: string; code: string }; onReady?: () => void }) {
  const { t } = useT();
  const [qr, setQr] = useState<string | null>(null);
  const url = `${window.location.origin}/rate/${rating.token}`;
  useEffect(() => {
    let live = true;
    void QRCode.toDataURL(url, { margin: 1, width: 180, errorCorrectionLevel: 'M' }).then((d) => { if (live) setQr(d); });
    return () => { live = false; };
  }, [url]);
  return (
    <div data-testid="slip-rating" data-url={url} style={{ display: 'flex', gap: 16, alignItems: 'center', justifyContent: 'center', flexWrap: 'wrap', borderTop: '1px dashed #999', marginTop: 16, paddingTop: 16 }}>
      {qr ? <img src={qr} alt={t('rt.slip.qr')} width={180} height={180} data-testid="slip-qr" onLoad={onReady} /> : <div style={{ width: 180, height: 180 }} />}
      <div style={{ textAlign: 'left', maxWidth: 360 }}>
        <div style={{ fontSize: 22, fontWeight: 700 }}>{t('rt.slip.qr')}</div>
        <div style={{ fontSize: 18, marginTop: 8 }}>{t('rt.slip.code')}</div>
        <div data-testid="slip-code" style={{ fontFamily: 'monospace', fontSize: 26, fontWeight: 700, letterSpacing: 1 }}>{rating.code}</div>
        <div style={{ fontSize: 16, marginTop: 8 }}>{t('rt.slip.codeHint')}</div>
      </div>
    </div>
  );
}
