import type { Page } from 'playwright-core';

/**
 * The delivery window hands the result over at the window (issue 11): opens the deliver dialog from
 * the case page, checks the holder's identity (ID number or credit code) and hands over as the holder.
 */
export async function deliverToHolder(page: Page, identity: string) {
  await page.getByTestId('action-deliver').click();
  const form = page.getByTestId('deliver-pickup-form');
  await form.waitFor();
  await page.getByTestId('deliver-verify-identity').click();
  await page.getByTestId('deliver-identity-number').fill(identity);
  await page.getByTestId('deliver-pickup-submit').click();
  await form.waitFor({ state: 'detached' });
}
