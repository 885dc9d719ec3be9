import { Button } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { useT } from '../i18n';

/** One button: shows the language you can switch to (中文 ⇄ English). */
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
      aria-label={t('lang.aria')}
      style={dark ? { color: '#fff' } : undefined}
    >
      {t('lang.switchTo')}
    </Button>
  );
}
