import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import assert from 'node:assert/strict';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Caller, Reply } from '../server/src/modules/trading/bid-key-fixture.ts';
import { createTestDatabase, testDataDir } from '../server/src/test/harness.ts';
import { openDatabase, type Db } from '../server/src/db/database.ts';
import { makeCreditCode, makeIdNumber } from '../server/src/lib/identity.ts';

export const ARTIFACTS = path.resolve('test-results');

/**
 * The real platform as a child process (`main.ts serve`) on its own clone of the prepared
 * database, and Debian's Chromium driven by playwright-core. Never downloads a browser.
 */
export interface E2E {
  baseUrl: string;
  /** The server's database, for a test that must make time pass (the server runs on the real clock). */
  databaseUrl: string;
  /** A handle on that database as its owner, opened at the first call and closed by close(). */
  db(): Db;
  browser: Browser;
  /** `timezoneId`: the browser's zone (an IANA name), for pages that must show times in a fixed zone whatever the browser's. */
  newPage(opts?: { mobile?: boolean; locale?: string; timezoneId?: string }): Promise<Page>;
  shot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

/** `env`: settings for this test's server on top of the defaults (e.g. a fixed PORT and the OIDC_ISSUER on it). */
export async function startE2E(opts: { env?: Record<string, string> } = {}): Promise<E2E> {
  const database = await createTestDatabase();
  // Port 0: the system picks a free port (test files run side by side); the start banner names it.
  const { PUBLIC_URL: _public, ...inherited } = process.env;
  const server: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts', 'serve'], {
    env: {
      // As in production: the platform works as the runtime role, the owner only migrates (server/src/db/roles.ts).
      ...inherited, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: database.runtimeUrl, DATABASE_OWNER_URL: database.url, SEED_DEMO: 'false',
      DATA_DIR: testDataDir(), COOKIE_SECURE: 'false', LOGIN_RATE_PER_MINUTE: '10000', LOG_LEVEL: 'warn',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  server.stdout!.on('data', (c) => { output += c; });
  server.stderr!.on('data', (c) => { output += c; });
  const baseUrl = await waitForHealth(server, () => output);

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  let handle: ReturnType<typeof openDatabase> | null = null;
  return {
    baseUrl,
    databaseUrl: database.url,
    db: () => (handle ??= openDatabase(database.url, 2)).db,
    browser,
    async newPage(opts = {}) {
      const context = await browser.newContext({
        baseURL: baseUrl,
        locale: opts.locale ?? 'zh-CN',
        ...(opts.timezoneId ? { timezoneId: opts.timezoneId } : {}),
        ...(opts.mobile ? { viewport: { width: 375, height: 800 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : { viewport: { width: 1280, height: 900 } }),
      });
      const page = await context.newPage();
      // Every wait is on a condition; this is only the ceiling. 15 s was exceeded on a CI machine loaded by
      // a benchmark beside it (joint and staff-joint walks), so a slow machine gets 30 s before a wait fails.
      page.setDefaultTimeout(30_000);
      return page;
    },
    async shot(page, name) {
      const file = path.join(ARTIFACTS, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async close() {
      await handle?.close();
      await browser.close().catch(() => {});
      server.kill('SIGTERM');
      await new Promise((r) => server.once('close', r));
      // To tell a server-side failure from a page-side one (docs/architecture.md, "Tests").
      if (process.env.E2E_SERVER_LOG) fs.appendFileSync(process.env.E2E_SERVER_LOG, output);
      await database.drop();
    },
  };
}

/**
 * Waits for the start banner (printed once the server listens; it names the bound port), then
 * checks /api/health; returns the base URL. Fails at once if the server exits, or after 60 s.
 */
async function waitForHealth(server: ChildProcess, output: () => string): Promise<string> {
  try {
    const port = await new Promise<string>((resolve, reject) => {
      const look = () => {
        const found = /is running: http:\/\/localhost:(\d+)/.exec(output())?.[1];
        if (found) { stop(); resolve(found); }
      };
      const exited = () => { stop(); reject(new Error(`server exited early:\n${output()}`)); };
      const timer = setTimeout(() => { stop(); reject(new Error(`server did not start within 60 s:\n${output()}`)); }, 60_000);
      const stop = () => {
        clearTimeout(timer);
        server.stdout!.off('data', look);
        server.off('exit', exited);
      };
      // Registered after startE2E's own listener, so output() already holds the chunk that arrived.
      server.stdout!.on('data', look);
      server.once('exit', exited);
      look();
    });
    const baseUrl = `http://127.0.0.1:${port}`;
    const r = await fetch(`${baseUrl}/api/health`);
    if (r.status !== 200) throw new Error(`server answers /api/health with ${r.status}:\n${output()}`);
    return baseUrl;
  } catch (err) {
    server.kill('SIGKILL');
    throw err;
  }
}

/** Signs in through the login page. */
export async function signInPage(page: Page, login: string, password = 'Demo@2026') {
  await page.goto('/login');
  await page.getByTestId('login-name').fill(login);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-name').first().waitFor();
}

/**
 * The province center's manager (signed in on `manager`) opens the hall around the clock, today included: the browser
 * test runs at any hour and on any day, and the server keeps real time. Every weekday runs 00:00–24:00 (the last minute
 * of the day is open too), and a public holiday today is declared a local working day, which opens it with those hours.
 */
export async function openAroundTheClock(manager: Page): Promise<void> {
  // A file of hall tests runs in a few minutes; started just before midnight, "today" (its tickets) would change under it.
  await clearOf('midnight');
  const api = await apiOf(manager);
  await api.put('/api/admin/hall/hours', { hours: Array.from({ length: 7 }, (_, i) => ({ weekday: i + 1, opens: '00:00', closes: '24:00' })) });
  // Today and tomorrow: a test that runs past midnight still finds the hall open.
  for (const day of [chinaDay(0), chinaDay(1)]) {
    const special = await api.get<{ days: Array<{ date: string; working: boolean }> }>(`/api/admin/calendar/${PROVINCE_REGION}/days?year=${day.slice(0, 4)}`);
    if (!special.days.some((d) => d.date === day && !d.working)) continue;
    await api.put(`/api/admin/calendar/${PROVINCE_REGION}/days/${day}`, { kind: 'workday', name: '浏览器测试开厅', nameEn: 'Open for the browser test' });
  }
}
const PROVINCE_REGION = '460000';

const DAY_MS = 86_400_000;
/**
 * When China's clock (UTC+8) is within `marginMs` before midnight (or noon), waits until it has passed. Tests that work
 * within one day (tickets, schedules) or one half-day (a morning or afternoon shift) call it first, since the server
 * keeps real time. What is waited for is the wall clock, not the platform: a run pays it only in those minutes.
 */
export async function clearOf(boundary: 'midnight' | 'noon', marginMs = 5 * 60_000): Promise<void> {
  const at = boundary === 'midnight' ? DAY_MS : DAY_MS / 2;
  const sinceMidnight = (Date.now() + 8 * 3600_000) % DAY_MS;
  const left = (at - sinceMidnight + DAY_MS) % DAY_MS;
  if (left < marginMs) await new Promise((resolve) => setTimeout(resolve, left + 1000));
}
/** The China date n days from now (UTC+8 all year). */
const chinaDay = (n: number) => new Date(Date.now() + 8 * 3600_000 + n * 86_400_000).toISOString().slice(0, 10);

/** The manager, signed in on a page of their own, opens the hall around the clock (`openAroundTheClock`); the page is returned. */
export async function openAllDay(e: E2E): Promise<Page> {
  const manager = await e.newPage();
  await signInPage(manager, 'manager');
  await openAroundTheClock(manager);
  return manager;
}

/**
 * Waits for a form (`field`: a control inside it) to close after its submit; a form that stays open fails with what its
 * dialog shows (a refusal, a field left empty) instead of a bare timeout further on.
 */
export async function formCloses(page: Page, field: string, what: string): Promise<void> {
  await page.getByTestId(field).waitFor({ state: 'hidden' }).catch(async (cause: unknown) => {
    const dialog = page.getByRole('dialog').filter({ has: page.getByTestId(field) });
    const said = await dialog.innerText({ timeout: 1000 }).catch(() => '(gone)');
    throw new Error(`the ${what} form stayed open: ${said.replace(/\s+/g, ' ').slice(0, 600)}`, { cause });
  });
}

/** The province center's ticket kiosk (its demo token) on a page of its own, ready to take a ticket. */
export async function provinceKiosk(e: E2E): Promise<Page> {
  const kiosk = await e.newPage();
  await kiosk.goto('/queue/kiosk?token=demo-kiosk-province');
  await kiosk.getByTestId('kiosk-zone-A').waitFor();
  return kiosk;
}

/** The window (the clerk's page) calls the next ticket, `number`, and finishes it; the pad is closed without a rating. */
export async function serveWithoutRating(clerk: Page, number: string) {
  await clerk.goto('/workbench/queue');
  await clerk.getByTestId('queue-panel').waitFor();
  await clerk.getByTestId('queue-call-next').click();
  await clerk.getByTestId('queue-current').filter({ hasText: number }).waitFor();
  await clerk.getByTestId('queue-finish').click();
  await clerk.getByTestId('visit-pad').filter({ hasText: number }).waitFor();
  await clerk.getByTestId('visit-pad-skip').click();
  await clerk.getByTestId('visit-pad').waitFor({ state: 'detached' });
}

/** Signs in on a phone-sized page (the user's name is inside the menu drawer there, so the session is what is checked). */
export async function signInPhone(page: Page, login: string) {
  await page.goto('/login');
  await page.getByTestId('login-name').fill(login);
  await page.getByTestId('login-password').fill('Demo@2026');
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/** A small real PDF on disk, for upload inputs. */
export function samplePdf(): string {
  const file = path.join(ARTIFACTS, 'sample-material.pdf');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    fs.writeFileSync(file, Buffer.concat([Buffer.from('%PDF-1.4\n% OneWindow e2e material\n'), Buffer.alloc(1024, 0x20), Buffer.from('\n%%EOF\n')]));
  }
  return file;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- API bodies are checked by the assertions that use them
type Body = any;

/** The JSON API as a signed-in page's user (same cookies), with the CSRF token on writes; a failed call fails the test with its body. */
export async function apiOf(page: Page) {
  const me = await (await page.request.get('/api/auth/me')).json();
  const headers = { 'x-csrf-token': me.csrfToken as string };
  const check = async <T = Body>(r: Awaited<ReturnType<Page['request']['post']>>, what: string): Promise<T> => {
    const body: unknown = await r.json().catch(() => null);
    assert.ok(r.ok(), `${what}: ${r.status()} ${JSON.stringify(body)}`);
    return body as T;
  };
  return {
    me: me.user as { id: string; centerId: string },
    get: async <T = Body>(url: string) => check<T>(await page.request.get(url), url),
    post: async <T = Body>(url: string, data: unknown) => check<T>(await page.request.post(url, { data, headers }), url),
    put: async <T = Body>(url: string, data: unknown) => check<T>(await page.request.put(url, { data, headers }), url),
    upload: async () => (await check<{ id: string }>(await page.request.post('/api/files', {
      headers, multipart: { file: { name: 'material.pdf', mimeType: 'application/pdf', buffer: fs.readFileSync(samplePdf()) } },
    }), 'upload')).id,
  };
}

/** A signed-in page as a caller of the server's HTTP test fixtures (e.g. trading/bid-key-fixture.ts): status and body, never asserting. */
export function callerOf(page: Page): Caller {
  let csrf: string | undefined;
  const headers = async () => ({ 'x-csrf-token': (csrf ??= (await (await page.request.get('/api/auth/me')).json()).csrfToken as string) });
  const reply = async (r: Awaited<ReturnType<Page['request']['get']>>): Promise<Reply> => {
    const body = await r.text();
    return { statusCode: r.status(), body, json: () => JSON.parse(body) as unknown };
  };
  return {
    get: async (url) => reply(await page.request.get(url)),
    post: async (url, data) => reply(await page.request.post(url, { data: data ?? {}, headers: await headers() })),
    put: async (url, data) => reply(await page.request.put(url, { data: data ?? {}, headers: await headers() })),
  };
}

/** The id of a demo item by its exact name and the start of its center's name, found through the public search. */
export async function itemIdByName(page: Page, name: string, center: string): Promise<string> {
  const r = await page.request.get(`/api/items?q=${encodeURIComponent(name)}`);
  const item = (await r.json()).items.find((i: { name: string; center: { name: string } }) => i.name === name && i.center.name.startsWith(center));
  assert.ok(item, `no demo item ${name} at ${center}`);
  return item.id as string;
}

/**
 * A walk-in the counter registers for an item of these audiences (服务对象): a person when the item
 * serves persons, else an enterprise of this name; `seq` (three digits) keeps walk-ins of a run apart.
 */
export function walkInFor(audiences: readonly string[], name: string, seq: string, phone = '13976000002') {
  return audiences.includes('person')
    ? { kind: 'person', name, idNumber: makeIdNumber('460106', '19900101', seq), phone }
    : { kind: 'enterprise', name, creditCode: makeCreditCode('9', '1', '460100', `MA5TW${seq}`), legalRepresentative: '符志强', phone };
}

/** A construction permit case the applicant submitted online with every required material, not yet accepted. */
export async function submittedPermitCase(applicant: Page): Promise<string> {
  const permit = await itemIdByName(applicant, '建筑工程施工许可证核发', '海南省');
  const a = await apiOf(applicant);
  const form = await a.get(`/api/items/${permit}/form`);
  const values: Record<string, string> = {};
  for (const f of form.fields) if (f.required) values[f.key] = f.type === 'date' ? '2026-03-01' : f.type === 'number' ? '1' : f.key === 'contactPhone' ? '13800138000' : '测试填写';
  const materials = [];
  for (const m of form.materials.filter((x: { requirement: string }) => x.requirement === 'required')) materials.push({ key: m.key, fileId: await a.upload() });
  return (await a.post('/api/cases', { itemId: permit, form: values, materials, idempotencyKey: randomUUID() })).case.id as string;
}

/**
 * An approved, decided case of the construction permit, through the API: the applicant applies online
 * with every required material (online uploads count as received on the checklist), the window
 * accepts, the approver reviews and the chief decides (separation of duties: three different people).
 */
export async function decidedCase(applicant: Page, clerk: Page, approver: Page, chief: Page): Promise<string> {
  const c = { id: await submittedPermitCase(applicant) };
  await (await apiOf(clerk)).post(`/api/cases/${c.id}/actions`, { action: 'accept' });
  await (await apiOf(approver)).post(`/api/cases/${c.id}/actions`, { action: 'review', opinion: '材料齐全', proposal: 'approve' });
  await (await apiOf(chief)).post(`/api/cases/${c.id}/actions`, { action: 'decide', result: 'approved', reason: '符合条件' });
  return c.id;
}
