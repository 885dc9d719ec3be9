// oidc-provider ships no TypeScript types (and @types/oidc-provider lags its major versions): the
// little of its surface this module touches, typed loosely here and narrowed where it is used.
declare module 'oidc-provider' {
  /* eslint-disable @typescript-eslint/no-explicit-any */
  const Provider: any;
  export const interactionPolicy: any;
  export const errors: any;
  export default Provider;
}

// The provider's request context (sso/provider-context.ts disables it between its requests).
declare module 'oidc-provider/lib/helpers/als.js' {
  import type { AsyncLocalStorage } from 'node:async_hooks';
  const storage: AsyncLocalStorage<unknown>;
  export default storage;
}
