import { Link } from 'react-router-dom';
import { Breadcrumb } from 'antd';
import { useT } from '../i18n';
import { useTitle } from '../components/useTitle';

const SECTIONS = ['collect', 'use', 'share', 'keep', 'rights', 'contact'] as const;

/** The privacy statement (隐私声明) of the portal (issue 14): what is collected, why, who sees it, how long, the person's rights. */
export default function PrivacyPage() {
  const { t } = useT();
  useTitle(t('privacy.title'));
  return (
    <div className="ow-container" data-testid="privacy-page">
      <Breadcrumb items={[{ title: <Link to="/">{t('nav.home')}</Link> }, { title: t('privacy.title') }]} />
      <div className="ow-block">
        <h1 className="ow-block-title">{t('privacy.title')}</h1>
        <p>{t('privacy.intro')}</p>
        {SECTIONS.map((s) => (
          <section key={s}>
            <h2 style={{ fontSize: 16 }}>{t(`privacy.${s}.title`)}</h2>
            <p>{t(`privacy.${s}.body`)}</p>
          </section>
        ))}
      </div>
    </div>
  );
}
