import { createContext, useCallback, useContext, useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import type { MessageKey } from './zh';
import { FACE_PARTS, dictionaryVersion, faceOf, loadedParts, loadParts, loadRest, storedLang, storeLang, subscribe, text, type Face, type Lang } from './dictionaries';

export type { Face, Lang, MessageKey };
export type Vars = Record<string, string | number>;
export type TFunction = (key: MessageKey, vars?: Vars) => string;
/** A text the server sends in both languages (error messages, bilingual names). */
export interface Bilingual { zh: string; en: string }

export function htmlLang(lang: Lang): string {
  return lang === 'zh' ? 'zh-CN' : 'en';
}

/** The language on screen; page chunks load their face's texts in it. Changed by setLang once the texts are in. */
let activeLang: Lang = typeof localStorage === 'undefined' ? 'zh' : storedLang();

// The server's CSP forbids inline scripts, so the document language is set as soon as this module loads.
if (typeof document !== 'undefined') document.documentElement.lang = htmlLang(activeLang);

/** Before the first render: the current language's texts for the face of the address the app opens at. */
export async function loadInitialDictionary(): Promise<void> {
  await loadParts(activeLang, FACE_PARTS[faceOf(window.location.pathname)]);
  if (activeLang === 'en') document.title = text('en', 'app.siteName') ?? document.title;
}

/** Wraps a lazy page's import: the page renders (its Suspense ends) only once its face's texts are in too. */
export function withFace<T>(face: Face, load: () => Promise<T>): () => Promise<T> {
  return () => Promise.all([load(), loadParts(activeLang, FACE_PARTS[face])]).then(([m]) => m);
}

/** Whether a key built at run time (a coded value's label) has a text. */
export function hasMessage(key: string): boolean {
  if (text(activeLang, key) !== undefined) return true;
  loadRest(activeLang);
  return false;
}

/**
 * A text of the dictionaries as a bilingual pair (messages the client makes up itself, e.g. for a
 * network error): each half is read when shown, from whichever language is loaded by then.
 */
export function bilingualText(key: MessageKey): Bilingual {
  return {
    get zh() { return text('zh', key) ?? translate(activeLang, key); },
    get en() { return text('en', key) ?? translate(activeLang, key); },
  };
}

export function translate(lang: Lang, key: MessageKey, vars?: Vars): string {
  // A count of zero may have its own wording (`key.zero`): "done on the spot", not "0 working days".
  let found = vars?.n === 0 ? text(lang, `${key}.zero`) ?? text(lang, key) : text(lang, key);
  if (found === undefined) {
    loadRest(lang);
    found = text('zh', key) ?? key;
  }
  if (!vars) return found;
  return found.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
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
  const [lang, setLangState] = useState<Lang>(activeLang);
  // A new version each time a part of a dictionary arrives (a face opened, or a missing key's part).
  const version = useSyncExternalStore(subscribe, dictionaryVersion);

  // dayjs's global locale feeds antd's date pickers: switch it before children render.
  useMemo(() => dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en'), [lang]);
  useEffect(() => {
    document.documentElement.lang = htmlLang(lang);
  }, [lang]);

  const setLang = useCallback((next: Lang) => {
    storeLang(next);
    // The other language's texts for every part shown so far load first: the switch never shows keys.
    void loadParts(next, loadedParts(activeLang)).catch(() => {}).then(() => {
      activeLang = next;
      setLangState(next);
    });
  }, []);

  const value = useMemo<I18n>(() => {
    // A new value when a part arrives (version), so every t() caller renders the new texts.
    void version;
    const t: TFunction = (key, vars) => translate(lang, key, vars);
    return {
      lang,
      setLang,
      toggleLang: () => setLang(lang === 'zh' ? 'en' : 'zh'),
      t,
      pick: (zhText, enText) => (lang === 'en' && enText ? enText : (zhText ?? enText ?? '')),
      msg: (m) => (lang === 'en' ? m.en || m.zh : m.zh || m.en),
    };
  }, [lang, setLang, version]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useT(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useT() outside <LanguageProvider>');
  return ctx;
}
