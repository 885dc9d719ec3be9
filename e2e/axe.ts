import { AxeBuilder } from '@axe-core/playwright';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS, signInPage, signInPhone, type E2E } from './harness.ts';

/** Best-practice rules axe rates below "serious" that issue 14 still requires: one h1, no skipped heading level, a main landmark. */
export const ALSO_ENFORCED = ['page-has-heading-one', 'heading-order', 'landmark-one-main'];

export interface Violation { page: string; rule: string; impact: string; help: string; targets: string[] }

/**
 * Waits until the page has settled: its ready element shows, no spinner or skeleton is left, fonts
 * are in. Transitions are switched off so colours are read at their final value, not mid-fade.
 */
export async function settle(page: Page, ready: string): Promise<void> {
  await page.locator(ready).first().waitFor();
  // A plain <style> appended in the page (addStyleTag waits for load events a blocked plugin load can spoil).
  await page.evaluate(() => {
    const style = document.createElement('style');
    style.textContent = '*, *::before, *::after { transition: none !important; animation: none !important; }';
    document.head.appendChild(style);
  });
  await page.waitForFunction(() => !document.querySelector('.ant-spin-spinning, .ant-skeleton-active'), undefined, { timeout: 10_000 }).catch(() => {});
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
}

/** The serious and critical axe violations of the page as it is now (plus the rules of ALSO_ENFORCED), one entry per rule. */
export async function axeViolations(page: Page, name: string): Promise<Violation[]> {
  // label-content-name-mismatch (a control's name must contain its visible text) is experimental in axe 4.13: on by name.
  const result = await new AxeBuilder({ page }).options({ rules: { 'label-content-name-mismatch': { enabled: true } } }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical' || ALSO_ENFORCED.includes(v.id))
    .map((v) => ({ page: name, rule: v.id, impact: v.impact ?? '', help: v.help, targets: v.nodes.map((n) => `${n.target.join(' ')} :: ${n.failureSummary?.split('\n').slice(1).join(' ').trim() ?? ''}`) }));
}

/** A violation as the test prints it: page, rule, how many elements, and the first few of them. */
export function describeViolation(v: Violation): string {
  return `[${v.page}] ${v.rule} (${v.impact}, ${v.targets.length} elements): ${v.help}\n${v.targets.slice(0, 4).map((t) => `    ${t.slice(0, 300)}`).join('\n')}`;
}

export interface Visit { name: string; path: string; ready: string }
export interface Face { face: string; login: string | null; visits: Visit[] }

/**
 * Visits each page of a face in Chinese then in English, runs axe on it and keeps a desktop
 * screenshot of the Chinese page (`shot`); returns the violations and fills the count per page.
 */
export async function scanFace(page: Page, face: Face, counts: Record<string, number>, shot: (page: Page, name: string) => Promise<unknown>): Promise<Violation[]> {
  const found: Violation[] = [];
  for (const lang of ['zh', 'en'] as const) {
    await page.evaluate((l) => localStorage.setItem('ow.lang', l), lang);
    for (const v of face.visits) {
      const name = `${face.face} ${v.name} (${lang})`;
      await page.goto(v.path);
      await page.waitForFunction((l) => document.documentElement.lang === (l === 'zh' ? 'zh-CN' : 'en'), lang);
      await settle(page, v.ready);
      const violations = await axeViolations(page, name);
      counts[name] = violations.reduce((n, x) => n + x.targets.length, 0);
      found.push(...violations);
      if (lang === 'zh') await shot(page, `a11y-${face.face}-${v.name.replace(/\W+/g, '-')}-desktop`);
    }
  }
  return found;
}

/** Fails on any serious or critical axe violation of the page as it is once `ready` shows. */
export async function assertNoViolations(page: Page, ready: string, name: string): Promise<void> {
  await settle(page, ready);
  const found = await axeViolations(page, name);
  assert.deepEqual(found.map(describeViolation), [], `accessibility of ${name}`);
}

/**
 * Scans every face (each page in Chinese and English, a desktop screenshot of each) and takes phone-size
 * screenshots of each face's first three pages (test-results/a11y-*-phone.png); writes the violations per
 * page to `countsFile` in test-results and fails, listing them, on any serious or critical violation.
 */
export async function assertFacesAccessible(e: E2E, faces: Face[], countsFile: string): Promise<void> {
  const violations: Violation[] = [];
  const counts: Record<string, number> = {};
  for (const face of faces) {
    const page = await e.newPage();
    if (face.login) await signInPage(page, face.login);
    else await page.goto('/');
    violations.push(...await scanFace(page, face, counts, (p, n) => e.shot(p, n)));
    await page.context().close();
  }
  for (const face of faces) {
    const phone = await e.newPage({ mobile: true });
    if (face.login) await signInPhone(phone, face.login);
    for (const v of face.visits.slice(0, 3)) {
      await phone.goto(v.path);
      await settle(phone, v.ready);
      await e.shot(phone, `a11y-${face.face}-${v.name.replace(/\W+/g, '-')}-phone`);
    }
    await phone.context().close();
  }
  fs.writeFileSync(path.join(ARTIFACTS, countsFile), JSON.stringify(counts, null, 2));
  for (const v of violations) console.log(describeViolation(v));
  assert.equal(violations.length, 0, `${violations.length} serious or critical violations (listed above)`);
}
