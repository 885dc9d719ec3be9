import { useEffect } from 'react';
import { useT } from '../i18n';

/** Sets the browser tab title as "page – site" in the current language. */
export function useTitle(title: string | null | undefined, console = false): void {
  const { t } = useT();
  const site = console ? t('app.consoleName') : t('app.siteName');
  useEffect(() => {
    document.title = title ? `${title} - ${site}` : site;
  }, [title, site]);
}
