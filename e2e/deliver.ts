import type { Page } from 'playwright-core';

/**
 * The delivery window hands the result over at the window (issue 11): opens the deliver dialog from
 * the case page, checks the holder's identity (ID number or credit code) and hands over as the holder.
 */
export async function deliverToHolder(page: Page, identity: string) {
  await page.getByTestId('action-deliver').click();
  const form = page.getByTestId('deliver-pickup-form');
  await form.waitFor();
  const number = await chooseIdentityCheck(page);
  await number.fill(identity);
  await page.getByTestId('deliver-pickup-submit').click();
  await form.waitFor({ state: 'detached' });
}

/**
 * In the open deliver dialog, chooses the identity check and answers its ID number field.
 * The choice was lost twice on the CI machine while the dialog opened (the field never showed after one
 * click; never seen on this machine, even with the page's CPU slowed twentyfold), so it is chosen again
 * until the field shows, and each lost click is written to the test log so it stays visible.
 */
export async function chooseIdentityCheck(page: Page) {
  await page.getByTestId('deliver-choice').waitFor();
  const number = page.getByTestId('deliver-identity-number');
  for (let attempt = 0; !(await number.isVisible()); attempt++) {
    if (attempt === 5) throw new Error('choosing "identity" never showed the ID number field');
    if (attempt > 0) console.log(`# deliver dialog: the identity choice did not take (click ${attempt}); choosing it again`);
    await page.getByTestId('deliver-verify-identity').click();
    await number.waitFor({ timeout: 5_000 }).catch(() => {});
  }
  return number;
}
