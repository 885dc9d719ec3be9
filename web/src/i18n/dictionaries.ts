/**
 * The dictionaries, loaded per language and per face: each language's texts are split into parts
 * (one file each, one chunk each in the build), and a face loads only the parts its pages show, in
 * the current language only. Chinese is the default; switching language loads the other's parts.
 */
export type Lang = 'zh' | 'en';
export type Part = 'core' | 'cases' | 'joint' | 'staffjoint' | 'supervision' | 'delivery' | 'recon' | 'messages' | 'ratings' | 'hotline' | 'staffing' | 'hallops' | 'portalux' | 'trading' | 'sso' | 'network' | 'bids' | 'disclosure' | 'tdisputes' | 'integrations';
export type Face = 'portal' | 'workbench' | 'admin' | 'supervision' | 'hall';
type Dict = Readonly<Record<string, string>>;

const LOADERS: Record<Lang, Record<Part, () => Promise<Dict>>> = {
  zh: {
    core: () => import('./zh').then((m) => m.zh),
    cases: () => import('./zh.cases').then((m) => m.zhCases),
    joint: () => import('./zh.joint').then((m) => m.zhJoint),
    staffjoint: () => import('./zh.staffjoint').then((m) => m.zhStaffJoint),
    supervision: () => import('./zh.supervision').then((m) => m.zhSupervision),
    delivery: () => import('./zh.delivery').then((m) => m.zhDelivery),
    recon: () => import('./zh.recon').then((m) => m.zhRecon),
    messages: () => import('./zh.messages').then((m) => m.zhMessages),
    ratings: () => import('./zh.ratings').then((m) => m.zhRatings),
    hotline: () => import('./zh.hotline').then((m) => m.zhHotline),
    staffing: () => import('./zh.staffing').then((m) => m.zhStaffing),
    hallops: () => import('./zh.hallops').then((m) => m.zhHallOps),
    portalux: () => import('./zh.portalux').then((m) => m.zhPortalUx),
    trading: () => import('./zh.trading').then((m) => m.zhTrading),
    sso: () => import('./zh.sso').then((m) => m.zhSso),
    network: () => import('./zh.network').then((m) => m.zhNetwork),
    bids: () => import('./zh.bids').then((m) => m.zhBids),
    disclosure: () => import('./zh.disclosure').then((m) => m.zhDisclosure),
    tdisputes: () => import('./zh.tdisputes').then((m) => m.zhTDisputes),
    integrations: () => import('./zh.integrations').then((m) => m.zhIntegrations),
  },
  en: {
    core: () => import('./en').then((m) => m.en),
    cases: () => import('./en.cases').then((m) => m.enCases),
    joint: () => import('./en.joint').then((m) => m.enJoint),
    staffjoint: () => import('./en.staffjoint').then((m) => m.enStaffJoint),
    supervision: () => import('./en.supervision').then((m) => m.enSupervision),
    delivery: () => import('./en.delivery').then((m) => m.enDelivery),
    recon: () => import('./en.recon').then((m) => m.enRecon),
    messages: () => import('./en.messages').then((m) => m.enMessages),
    ratings: () => import('./en.ratings').then((m) => m.enRatings),
    hotline: () => import('./en.hotline').then((m) => m.enHotline),
    staffing: () => import('./en.staffing').then((m) => m.enStaffing),
    hallops: () => import('./en.hallops').then((m) => m.enHallOps),
    portalux: () => import('./en.portalux').then((m) => m.enPortalUx),
    trading: () => import('./en.trading').then((m) => m.enTrading),
    sso: () => import('./en.sso').then((m) => m.enSso),
    network: () => import('./en.network').then((m) => m.enNetwork),
    bids: () => import('./en.bids').then((m) => m.enBids),
    disclosure: () => import('./en.disclosure').then((m) => m.enDisclosure),
    tdisputes: () => import('./en.tdisputes').then((m) => m.enTDisputes),
    integrations: () => import('./en.integrations').then((m) => m.enIntegrations),
  },
};
const ALL_PARTS: readonly Part[] = ['core', 'cases', 'joint', 'staffjoint', 'supervision', 'delivery', 'recon', 'messages', 'ratings', 'hotline', 'staffing', 'hallops', 'portalux', 'trading', 'sso', 'network', 'bids', 'disclosure', 'tdisputes', 'integrations'];

/**
 * The parts each face shows: the keys its pages use, with the shared pieces they import
 * (components/, components/cases/; coded values read by prefix through enumLabel). The portal and
 * the hall screen leave out the staff and supervision texts; the staff faces show everything.
 */
export const FACE_PARTS: Record<Face, readonly Part[]> = {
  portal: ['core', 'cases', 'joint', 'delivery', 'messages', 'ratings', 'hotline', 'portalux', 'trading', 'bids', 'disclosure', 'tdisputes'],
  hall: ['core', 'cases', 'supervision', 'ratings'],
  workbench: ALL_PARTS,
  admin: ALL_PARTS,
  supervision: ALL_PARTS,
};

const STORAGE_KEY = 'ow.lang';

/** The language the visitor chose last (Chinese by default or when storage is unavailable). */
export function storedLang(): Lang {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    if (v === 'zh' || v === 'en') return v;
  } catch {
    /* storage unavailable (private mode): fall back to Chinese */
  }
  return 'zh';
}

export function storeLang(lang: Lang): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    /* ignore */
  }
}

export function faceOf(pathname: string): Face {
  for (const face of ['workbench', 'admin', 'supervision', 'hall'] as const) {
    if (pathname === `/${face}` || pathname.startsWith(`/${face}/`)) return face;
  }
  return 'portal';
}

const loaded: Record<Lang, Partial<Record<Part, Dict>>> = { zh: {}, en: {} };
const texts: Record<Lang, Record<string, string>> = { zh: {}, en: {} };
const inFlight = new Map<string, Promise<void>>();
const listeners = new Set<() => void>();
let version = 0;

/** Loads the parts not loaded yet (each once, shared by concurrent callers); resolves when all are in. */
export function loadParts(lang: Lang, parts: readonly Part[]): Promise<void> {
  const missing = parts.filter((p) => !loaded[lang][p]);
  if (missing.length === 0) return Promise.resolve();
  return Promise.all(missing.map((part) => {
    const id = `${lang}.${part}`;
    let p = inFlight.get(id);
    if (!p) {
      p = LOADERS[lang][part]().then((dict) => {
        loaded[lang][part] = dict;
        texts[lang] = { ...texts[lang], ...dict };
        version++;
        for (const l of listeners) l();
      });
      // A failed load (network) may be retried by the next caller.
      p.catch(() => inFlight.delete(id));
      inFlight.set(id, p);
    }
    return p;
  })).then(() => undefined);
}

/** The parts loaded for a language: what the other language must load before a switch shows it. */
export function loadedParts(lang: Lang): Part[] {
  return ALL_PARTS.filter((p) => loaded[lang][p]);
}

export function text(lang: Lang, key: string): string | undefined {
  return texts[lang][key];
}

/**
 * A key missing from every loaded part means a face's list above lacks a part: load the rest of
 * the language so the text appears (a subscriber re-renders), instead of the key staying on screen.
 */
export function loadRest(lang: Lang): void {
  if (loadedParts(lang).length < ALL_PARTS.length) void loadParts(lang, ALL_PARTS).catch(() => {});
}

/** For useSyncExternalStore: a new version each time a part arrives. */
export function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
export function dictionaryVersion(): number {
  return version;
}
