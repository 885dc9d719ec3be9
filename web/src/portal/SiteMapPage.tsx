import { Link } from 'react-router-dom';
import { Breadcrumb } from 'antd';
import { useT } from '../i18n';
import { useGet } from '../api/query';
import { useTitle } from '../components/useTitle';

/** The site map (网站地图) and contact (联系我们) of the portal (issue 14). */
export default function SiteMapPage() {
  const { t, pick } = useT();
  useTitle(t('sitemap.title'));
  const site = useGet('/api/site').data;
  const groups: Array<{ title: string; links: Array<[string, string]> }> = [
    { title: t('sitemap.services'), links: [['/', t('nav.home')], ['/items', t('nav.catalog')], ['/items?audience=person', t('nav.person')], ['/items?audience=enterprise', t('nav.enterprise')], ['/life-events', t('nav.lifeEvents')]] },
    { title: t('sitemap.query'), links: [['/progress', t('nav.progress')], ['/verify', t('nav.verify')]] },
    { title: t('sitemap.mine'), links: [['/my/cases', t('nav.myCases')], ['/my/cases?tab=drafts', t('my.tab.drafts')], ['/my/licences', t('nav.myLicences')], ['/login', t('nav.login')], ['/register', t('nav.register')]] },
    { title: t('sitemap.about'), links: [['/exposure', t('wo.exposure.title')], ['/privacy', t('footer.privacy')]] },
  ];
  return (
    <div className="ow-container" data-testid="sitemap-page">
      <Breadcrumb items={[{ title: <Link to="/">{t('nav.home')}</Link> }, { title: t('sitemap.title') }]} />
      <div className="ow-block">
        <h1 className="ow-block-title">{t('sitemap.title')}</h1>
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(200px, 1fr))', gap: 16 }}>
          {groups.map((g) => (
            <section key={g.title}>
              <h2 style={{ fontSize: 16 }}>{g.title}</h2>
              <ul style={{ paddingInlineStart: 18, margin: 0, lineHeight: 2 }}>
                {g.links.map(([to, label]) => <li key={to}><Link to={to}>{label}</Link></li>)}
              </ul>
            </section>
          ))}
        </div>
      </div>
      <div className="ow-block" id="contact" data-testid="sitemap-contact">
        <h2 className="ow-block-title">{t('footer.contact')}</h2>
        {site ? <p style={{ margin: '0 0 4px' }}>{pick(site.name.zh, site.name.en)}</p> : null}
        {site?.contactPhone ? <p style={{ margin: '0 0 4px' }}>{t('footer.phone', { phone: site.contactPhone })}</p> : null}
        {site?.contactEmail ? <p style={{ margin: '0 0 4px' }}>{t('footer.email', { email: site.contactEmail })}</p> : null}
        {site?.contactAddress ? <p style={{ margin: '0 0 4px' }}>{t('footer.address', { address: site.contactAddress })}</p> : null}
      </div>
    </div>
  );
}
