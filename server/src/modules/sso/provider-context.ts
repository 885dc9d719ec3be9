import providerStorage from 'oidc-provider/lib/helpers/als.js';

/**
 * oidc-provider keeps each request's context in an AsyncLocalStorage of its own
 * (`lib/helpers/als.js`), which it enters for every request it answers and never leaves. On Node.js
 * before 24, one AsyncLocalStorage that has been entered turns the promise hooks of the whole
 * process on for good: from the first single sign-on on, every promise of every request (a
 * submission, a list) pays for them, about a tenth of an instance's CPU (bench/README.md). So the
 * provider's storage is disabled again whenever none of its requests is in flight; its next request
 * enables it again (the storage's `run` does). Nothing of the provider runs between its requests:
 * Koa's answer is written before the request's promise settles.
 */
let inFlight = 0;

export async function inProviderRequest<T>(answer: () => Promise<T>): Promise<T> {
  inFlight++;
  try {
    return await answer();
  } finally {
    if (--inFlight === 0) providerStorage.disable();
  }
}
