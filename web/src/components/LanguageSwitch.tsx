import { Button } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { useT } from '../i18n';

/**
 * One button: shows the language you can switch to (中文 ⇄ English). Its accessible name is its
 * visible text (WCAG 2.5.3), marked with that language so a screen reader says it right; the
 * longer hint is the tooltip.
 */
export function LanguageSwitch({ dark }: { dark?: boolean }) {
  const { t, toggleLang, lang } = useT();
  return (
    <Button
      type="text"
      size="small"
      icon={<GlobalOutlined />}
      onClick={toggleLang}
      data-testid="lang-switch"
      data-lang={lang}
      title={t('lang.aria')}
      style={dark ? { color: '#fff' } : undefined}
    >
      <span lang={lang === 'zh' ? 'en' : 'zh-CN'}>{t('lang.switchTo')}</span>
    </Button>
  );
}
