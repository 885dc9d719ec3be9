import { useParams } from 'react-router-dom';
import { useT } from '../i18n';
import { useTitle } from '../components/useTitle';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { ElderToggle } from '../components/a11y/ElderMode';
import { MAIN_ID } from '../components/a11y/SkipLink';
import { TokenRating } from '../components/ratings/TokenRating';

/**
 * /rate/<token>: what the QR code on a ticket's slip opens on the visitor's phone (扫码评价). No
 * sign-in; large type and touch targets for a phone held by an elderly visitor. docs/ratings.md.
 */
export default function RateSlipPage() {
  const { t } = useT();
  const { token = '' } = useParams();
  useTitle(t('rt.slip.title'));
  return (
    <main id={MAIN_ID} data-testid="rate-slip" style={{ maxWidth: 560, margin: '0 auto', padding: 16, fontSize: 18, minHeight: '100vh', background: '#fff' }}>
      <header style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', flexWrap: 'wrap', gap: 8, marginBottom: 16 }}>
        <h1 style={{ fontSize: 28, margin: 0 }}>{t('rt.slip.title')}</h1>
        <span style={{ display: 'inline-flex', gap: 8, flexWrap: 'wrap' }}><ElderToggle /><LanguageSwitch /></span>
      </header>
      <TokenRating token={token} channel="slip" />
    </main>
  );
}
