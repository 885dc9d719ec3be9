import { Link } from 'react-router-dom';
import { useT } from '../i18n';
import { useGet } from '../api/query';

/**
 * The footer government sites carry (issue 14, GB/T 国家政府网站规范): who runs the site, the site
 * identification code (网站标识码), the ICP filing (ICP备案号, linked to the MIIT filing system) and the
 * public-security filing (公安机关备案号), the site map, the privacy statement and the contact.
 * The numbers are configuration (SITE_* variables, docs/portal.md) read from GET /api/site; a number
 * not configured is left out.
 */
export function SiteFooter() {
  const { t } = useT();
  const site = useGet('/api/site').data;
  return (
    <footer className="ow-footer" data-testid="site-footer">
      <div className="ow-container">
        <nav className="ow-footer-links" aria-label={t('footer.siteMap')}>
          <Link to="/sitemap" data-testid="footer-sitemap">{t('footer.siteMap')}</Link>
          <Link to="/privacy" data-testid="footer-privacy">{t('footer.privacy')}</Link>
          <Link to="/exposure" data-testid="footer-exposure">{t('wo.exposure.title')}</Link>
          <Link to="/sitemap#contact" data-testid="footer-contact">{t('footer.contact')}</Link>
        </nav>
        <div>{t('app.footer')}</div>
        <div style={{ marginTop: 6 }}>{t('app.footerHotline')}</div>
        {site ? (
          <div className="ow-footer-ids">
            {site.siteCode ? <span data-testid="footer-site-code">{t('footer.siteCode', { code: site.siteCode })}</span> : null}
            {site.icp ? <a href="https://beian.miit.gov.cn/" target="_blank" rel="noreferrer" data-testid="footer-icp">{site.icp}</a> : null}
            {site.psb ? <a href="https://beian.mps.gov.cn/" target="_blank" rel="noreferrer" data-testid="footer-psb">{site.psb}</a> : null}
          </div>
        ) : null}
      </div>
    </footer>
  );
}
