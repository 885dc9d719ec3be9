import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

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
