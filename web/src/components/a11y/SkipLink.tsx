import { useT } from '../../i18n';

/** The id of each face's main region: the skip link's target. */
export const MAIN_ID = 'main-content';

/**
 * "Skip to main content": the first thing a keyboard reaches on every face, shown only when
 * focused. The target carries tabIndex={-1} so the focus moves there, not just the scroll.
 */
export function SkipLink() {
  const { t } = useT();
  return <a className="ow-skip-link" href={`#${MAIN_ID}`} data-testid="skip-link">{t('a11y.skip')}</a>;
}
