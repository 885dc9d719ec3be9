/**
 * Run by promise-hooks.test.ts in a process of its own (node:test keeps an AsyncLocalStorage, so a
 * test process always tracks promises): an instance as `serve` starts it, on the database named by
 * the environment, its sweeps run once, then a submission and single sign-on requests; after each,
 * whether the process tracks promises. Prints one line of JSON.
 */
import { executionAsyncResource } from 'node:async_hooks';
import { loadConfig } from '../config.ts';
import { sweepsIdle } from '../lib/periodic.ts';
import { openPlatform, serve } from '../platform.ts';
import { DEMO_ENTERPRISE } from '../seed/seed.ts';
import { applicationBody, itemIdByName, signIn } from './harness.ts';

/** A promise's continuation runs with the promise as its resource only while promise hooks are on. */
async function promisesTracked(): Promise<boolean> {
  await null;
  return executionAsyncResource() instanceof Promise;
}

const seen: Record<string, boolean | number | number[]> = { atStart: await promisesTracked() };
const platform = await openPlatform(loadConfig(process.env));
const app = await serve(platform);
await sweepsIdle();
seen.afterSweeps = await promisesTracked();
const company = await signIn(app, DEMO_ENTERPRISE.creditCode);
const submitted = await company.post('/api/cases', await applicationBody(app, company, await itemIdByName(app, '建筑工程施工许可证核发', '海南省')));
seen.submission = submitted.statusCode;
seen.afterSubmission = await promisesTracked();
// Two at once, then one more: the provider's storage is on while any of its requests runs, and on again for the next.
const discover = async () => (await app.inject({ method: 'GET', url: '/oidc/.well-known/openid-configuration' })).statusCode;
seen.discovery = [...await Promise.all([discover(), discover()]), await discover()];
seen.afterSingleSignOn = await promisesTracked();
await app.close();
await platform.close();
console.log(JSON.stringify(seen));
