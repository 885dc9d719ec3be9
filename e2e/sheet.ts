import type { Page } from 'playwright-core';

/**
 * A bid's card on an expert's score sheet, by its title: another card's notes (a namesake representative) may name
 * this bidder too, so the card is not found by its text.
 */
export const sheetCard = (page: Page, bidderName: string) =>
  page.getByTestId('sheet-bid').filter({ has: page.locator('.ant-card-head-title').getByText(bidderName, { exact: true }) });
