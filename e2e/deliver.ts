import type { Page } from 'playwright-core';

/**
 * The delivery window hands the result over at the window (issue 11): opens the deliver dialog from
 * the case page, checks the holder's identity (ID number or credit code) and hands over as the holder.
 */
export async function deliverToHolder(page: Page, identity: string) {
  await page.getByTestId('action-deliver').click();
  const form = page.getByTestId('deliver-pickup-form');
  await form.waitFor();
  // The choice can be lost while the dialog is still opening on a loaded machine (CI once waited 30 s for
  // the number field after one click): choose again until the field the choice shows is there.
  const number = page.getByTestId('deliver-identity-number');
  for (let attempt = 0; !(await number.isVisible()); attempt++) {
    if (attempt === 5) throw new Error('choosing "identity" never showed the ID number field');
    await page.getByTestId('deliver-verify-identity').click();
    await number.waitFor({ timeout: 5_000 }).catch(() => {});
  }
  await number.fill(identity);
  await page.getByTestId('deliver-pickup-submit').click();
  await form.waitFor({ state: 'detached' });
}
