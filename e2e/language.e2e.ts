import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startE2E, type E2E } from './harness.ts';

let e: E2E;
before(async () => { e = await startE2E(); });
after(async () => { await e.close(); });

const hasChinese = (s: string) => /[\u4e00-\u9fff]/.test(s);

test('the portal is Chinese by default and switches every string to English, and back', async () => {
  const page = await e.newPage();
  await page.goto('/');
  await page.getByTestId('home-page').waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.equal(await page.getByTestId('lang-switch').getAttribute('data-lang'), 'zh');
  assert.ok(hasChinese(await page.getByTestId('search-button').innerText()));
  await e.shot(page, 'language-zh');

  await page.getByTestId('lang-switch').click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.equal(await page.getByTestId('search-button').innerText(), 'Search');
  // Interface strings are English; only data (item and department names) may stay Chinese.
  const themes = await page.getByTestId('themes-block').innerText();
  assert.ok(!hasChinese(themes), `theme tiles in English: ${themes.slice(0, 80)}`);
  await e.shot(page, 'language-en');

  await page.reload();
  await page.getByTestId('home-page').waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'en', 'the choice persists');

  await page.goto('/items?q=' + encodeURIComponent('施工证'));
  await page.getByTestId('result-link').first().click();
  await page.getByTestId('guide-page').waitFor();
  const section = await page.getByTestId('guide-section-basis').locator('h2, h3, h4, .ant-typography').first().innerText();
  assert.ok(!hasChinese(section), `section heading in English: ${section}`);
  await e.shot(page, 'language-en-guide');

  await page.getByTestId('lang-switch').click();
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  assert.ok(hasChinese(await page.getByTestId('guide-section-basis').innerText()));
});
