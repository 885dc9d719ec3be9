import { sm2 } from 'sm-crypto-v2';

/**
 * Test data (API and browser tests only): a tender is published only with its bid key made and shared
 * (TENDER_BID_KEY_REQUIRED, docs/trading.md). These helpers take the key ceremony the way the people do, over
 * HTTP: the officials register their SM2 public keys, the trading staff make the tender's key, then publish.
 * Over HTTP on purpose: trading never imports bids. A caller is any signed-in client (the API tests' Session; the
 * browser tests adapt a page with `callerOf` in e2e/harness.ts).
 */
export interface Reply { statusCode: number; body: string; json(): unknown }
export interface Caller<R extends Reply = Reply> {
  get(url: string): Promise<R>;
  post(url: string, body?: unknown): Promise<R>;
  put(url: string, body?: unknown): Promise<R>;
}

async function expectOk<T>(r: Promise<Reply>, what: string): Promise<T> {
  const res = await r;
  if (res.statusCode < 200 || res.statusCode >= 300) throw new Error(`${what}: ${res.statusCode} ${res.body}`);
  return res.json() as T;
}

const userIdOf = async (c: Caller) => (await expectOk<{ user: { id: string } }>(c.get('/api/auth/me'), 'who am I')).user.id;

/**
 * Registers an SM2 public key for the signed-in staff member unless they have one already (a registered key stays:
 * it cannot change while its holder keeps shares of a tender not yet opened). The private half is not kept: these
 * tests publish, they do not open. Returns the user's id.
 */
export async function ensureOfficialKey(c: Caller): Promise<string> {
  const mine = await expectOk<{ publicKey: string | null }>(c.get('/api/me/bid-key'), 'read my bid key');
  if (!mine.publicKey) await expectOk(c.put('/api/me/bid-key', { publicKey: sm2.generateKeyPairHex().publicKey }), 'register my bid key');
  return userIdOf(c);
}

/**
 * Makes the tender's bid key, 2 of 2, its shares held by the two bodies (BID_KEY_CUSTODIANS_ONE_BODY): `staff`, the
 * trading staff member who makes it, and `department`, an approver or chief of the tender's supervising department.
 */
export async function makeBidKey(staff: Caller, department: Caller, tenderId: string) {
  const custodians = [await ensureOfficialKey(staff), await ensureOfficialKey(department)];
  return expectOk<{ keyId: string; publicKey: string }>(staff.post(`/api/tenders/${tenderId}/bid-key`, { custodians, threshold: 2 }), 'make the bid key');
}

/** Makes the tender's bid key (makeBidKey) and publishes it; the publication's reply, for the caller to check. */
export async function publishWithKey<R extends Reply>(staff: Caller<R>, department: Caller, tenderId: string): Promise<R> {
  await makeBidKey(staff, department, tenderId);
  return staff.post(`/api/trading/tenders/${tenderId}/actions`, { action: 'publish' });
}
