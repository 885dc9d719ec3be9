// oidc-provider ships no TypeScript types (and @types/oidc-provider lags its major versions): the
// little of its surface this module touches, typed loosely here and narrowed where it is used.
declare module 'oidc-provider' {
  /* eslint-disable @typescript-eslint/no-explicit-any */
  const Provider: any;
  export const interactionPolicy: any;
  export const errors: any;
  export default Provider;
}
