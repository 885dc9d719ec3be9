import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { zh, type MessageKey } from './zh';
import { en } from './en';

export type Lang = 'zh' | 'en';
export type { MessageKey };
export type Vars = Record<string, string | number>;
export type TFunction = (key: MessageKey, vars?: Vars) => string;
/** A text the server sends in both languages (error messages, bilingual names). */
export interface Bilingual { zh: string; en: string }

const STORAGE_KEY = 'ow.lang';
const dictionaries: Record<Lang, Record<MessageKey, string>> = { zh, en };

export function htmlLang(lang: Lang): string {
  return lang === 'zh' ? 'zh-CN' : 'en';
}

function readStoredLang(): Lang {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    if (v === 'zh' || v === 'en') return v;
  } catch {
    /* storage unavailable (private mode): fall back to Chinese */
  }
  return 'zh';
}

// The server's CSP forbids inline scripts, so the document language is set as soon as this module loads.
if (typeof document !== 'undefined') {
  const initial = readStoredLang();
  document.documentElement.lang = htmlLang(initial);
  if (initial === 'en') document.title = en['app.siteName'];
}

export function translate(lang: Lang, key: MessageKey, vars?: Vars): string {
  const text = dictionaries[lang][key] ?? zh[key] ?? key;
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

export interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  toggleLang: () => void;
  t: TFunction;
  /** Picks the text for the current language from a Chinese/English pair, falling back to Chinese. */
  pick: (zhText?: string | null, enText?: string | null) => string;
  /** The current language's half of a bilingual message. */
  msg: (m: Bilingual) => string;
}

const I18nContext = createContext<I18n | null>(null);

export function LanguageProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(readStoredLang);

  // dayjs's global locale feeds antd's date pickers: switch it before children render.
  useMemo(() => dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en'), [lang]);
  useEffect(() => {
    document.documentElement.lang = htmlLang(lang);
  }, [lang]);

  const setLang = useCallback((next: Lang) => {
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      /* ignore */
    }
    setLangState(next);
  }, []);

  const value = useMemo<I18n>(() => {
    const t: TFunction = (key, vars) => translate(lang, key, vars);
    return {
      lang,
      setLang,
      toggleLang: () => setLang(lang === 'zh' ? 'en' : 'zh'),
      t,
      pick: (zhText, enText) => (lang === 'en' && enText ? enText : (zhText ?? enText ?? '')),
      msg: (m) => (lang === 'en' ? m.en || m.zh : m.zh || m.en),
    };
  }, [lang, setLang]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useT(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useT() outside <LanguageProvider>');
  return ctx;
}
