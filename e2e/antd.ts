import type { Locator, Page } from 'playwright-core';

/** Ant Design controls as a person uses them, robust on a loaded machine (every wait is on a condition). */

/** The dropdown of the select now open (antd keeps closed ones in the page, hidden), and its options. */
const OPEN_DROPDOWN = '.ant-select-dropdown:not(.ant-select-dropdown-hidden)';
export const OPEN_OPTIONS = `${OPEN_DROPDOWN} .ant-select-item-option`;

/**
 * Picks the option holding `text` of an antd select (the select itself, or the element with that test id) and waits
 * until the select shows it; a click lost while the dropdown opens on a busy machine, or an option that does not
 * show, is tried again (three attempts).
 * `type`: types `text` first to narrow a searchable list. A multiple select stays open after the click and is not
 * checked (the caller presses Escape).
 */
export async function chooseOption(page: Page, select: Locator | string, text: string, opts: { type?: boolean } = {}): Promise<void> {
  const target = typeof select === 'string' ? page.getByTestId(select) : select;
  await selectEnabled(target);
  const multiple = await target.evaluate((el) => el.classList.contains('ant-select-multiple'));
  for (let attempt = 1; ; attempt++) {
    await target.click();
    // Typed into the select's own search box, not wherever the focus is. Keys sent to the page miss the
    // box if it has not taken the focus yet; the list then stays unfiltered, and a long list renders only
    // its first options (virtual scrolling), so the option never shows: the likely cause of the joint
    // matter editor's failure in CI of 5f8ce24 (its option was waited for 30 s).
    if (opts.type) await target.locator('input').first().fill(text);
    const option = page.locator(OPEN_OPTIONS).filter({ hasText: text }).first();
    try {
      await option.click({ timeout: 10_000 });
    } catch (err) {
      if (attempt >= 3) throw err;
      await page.keyboard.press('Escape');
      continue;
    }
    if (multiple) return;
    await page.locator(OPEN_DROPDOWN).waitFor({ state: 'detached' }).catch(() => {});
    // The choice is checked, not assumed: a list whose options arrive while it opens (an item's fields, loaded
    // when the item is chosen) can drop the click (CI of 4d36a69 saved a form with one field unset).
    try {
      await target.filter({ hasText: text }).waitFor({ timeout: 5000 });
      return;
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
}

/**
 * Waits until an Ant Design Select can be opened. A select disabled while its options load (the
 * phone ticket's zones wait for the center's) swallows a click: Playwright's own "enabled" wait
 * only knows native controls, and the CI run of 548d225 clicked one a moment too early.
 */
export async function selectEnabled(select: Locator): Promise<void> {
  await select.and(select.page().locator('.ant-select:not(.ant-select-disabled)')).waitFor();
}

/** Clicks a button guarded by a Popconfirm, then the confirmation's OK button (labelled `ok`). */
export async function confirmClick(page: Page, testid: string, ok: string): Promise<void> {
  await page.getByTestId(testid).click();
  await page.locator('.ant-popover:not(.ant-popover-hidden)').getByRole('button', { name: ok }).click();
}

/** A `datetime-local` value in China time (as every clock and time input of the pages), minute precision. */
export const chinaLocal = (d: Date): string => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16);
