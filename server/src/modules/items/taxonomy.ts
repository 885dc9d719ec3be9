import { DEMO_LIFE_EVENTS, DEMO_THEMES } from '../../seed/demo-catalog.ts';

/** Themes and life events by which the portal groups items; items store the keys. */
export interface Label {
  key: string;
  zh: string;
  en: string;
}

export const THEMES: Label[] = DEMO_THEMES;
export const LIFE_EVENTS: Label[] = DEMO_LIFE_EVENTS;

export function labelOf(list: Label[], key: string): { zh: string; en: string } {
  const found = list.find((l) => l.key === key);
  return found ? { zh: found.zh, en: found.en } : { zh: key, en: key };
}
