/** Set by scripts/test.mjs: the PostgreSQL server of this test run and its template database. */
function required(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run the tests with \`npm test\``);
  return v;
}

export const TEST_ENV = {
  get adminUrl() { return required('OW_TEST_ADMIN_URL'); },
  get tmp() { return required('OW_TEST_TMP'); },
  get template() { return required('OW_TEST_TEMPLATE'); },
  /** The files the demo seed stored for the template database; each test file gets its own folder of links to them (harness.ts). */
  get seedDataDir() { return `${required('OW_TEST_TMP')}/seed-data`; },
};

export function dbUrl(database: string): string {
  const u = new URL(TEST_ENV.adminUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

/** The runtime role the platform works as in tests, as in production (db/roles.ts): not a superuser, owner of nothing. */
export const TEST_RUNTIME_ROLE = { name: 'ow_app', password: 'ow-app-test' };

/** The URL of `database` as the runtime role. */
export function runtimeDbUrl(database: string): string {
  const u = new URL(dbUrl(database));
  u.username = TEST_RUNTIME_ROLE.name;
  u.password = TEST_RUNTIME_ROLE.password;
  return u.toString();
}
