import path from 'node:path';
import { z } from 'zod';

/**
 * The one configuration object, read from the environment once and validated, so a bad setting
 * stops the process at start instead of surfacing as a strange failure later.
 * Every variable is documented in docs/operations.md.
 */
const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  /** When set, an external PostgreSQL 15+ is used and no embedded server is started. */
  DATABASE_URL: z.string().url().optional(),
  /** Issue 18: the replicas (e.g. PgBouncer's `onewindow_ro` → HAProxy's replica port), for the public catalog and guides; unset: the primary. */
  DATABASE_READ_URL: z.string().url().optional(),
  /**
   * The most connections this instance holds to DATABASE_URL (the embedded server's alike). More than
   * the database's cores can run at once only queue inside PostgreSQL (bench/README.md, issue 18).
   */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(500).default(20),
  /** With DATABASE_URL: the schema owner's URL, used only to migrate and grant; DATABASE_URL is then the runtime role. */
  DATABASE_OWNER_URL: z.string().url().optional(),
  /** The Ed25519 key that signs audit checkpoints (PEM, PKCS#8); created with mode 0600 at first use. Default: beside DATA_DIR, outside it. */
  AUDIT_KEY_FILE: z.string().optional(),
  /**
   * The key (32 random bytes, hex) that encrypts the e-seals' SM2 private keys in the database
   * (SM4 + HMAC-SM3). Created with mode 0600 at first use when missing. Default: DATA_DIR/keys/seal-master.key
   * (the embedded demo); in production point it at a secret mount outside the data and its backups.
   */
  SEAL_KEY_FILE: z.string().optional(),
  /** Public verifications (look-ups and uploads) per minute from one address. */
  VERIFY_RATE_PER_MINUTE: z.coerce.number().int().positive().default(30),
  /** Port of the embedded PostgreSQL (only when DATABASE_URL is not set). */
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  PUBLIC_URL: z.string().url().optional(),
  /** The single sign-on's issuer (docs/sso.md). Default: PUBLIC_URL + /oidc, else http://localhost:PORT/oidc. */
  OIDC_ISSUER: z.string().url().optional(),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(5),
  /** Evaluation (docs/trading.md): an expert's total for a bid deviating from the other experts' mean by more than this share is flagged. */
  EVALUATION_OUTLIER_SHARE: z.coerce.number().min(0).max(10).default(0.2),
  /** Failures from all addresses together that lock the account for every client the owner has not signed in from before. */
  LOGIN_ACCOUNT_MAX_FAILURES: z.coerce.number().int().positive().default(20),
  LOGIN_LOCK_MINUTES: z.coerce.number().positive().default(15),
  /** Sign-in attempts per minute from one address (lock-out per account is separate). */
  LOGIN_RATE_PER_MINUTE: z.coerce.number().int().positive().default(30),
  /**
   * Addresses (IPs or CIDR ranges, comma-separated) of the reverse proxies whose X-Forwarded-For
   * header is believed. Empty (the default): the header is ignored and the client is the peer.
   */
  TRUSTED_PROXIES: z.string().trim().default('').refine((s) => s === '' || s.split(',').every((p) => /^[\d.:a-fA-F]+(\/\d{1,3})?$/.test(p.trim())), 'IP addresses or CIDR ranges, comma-separated'),
  /** Public progress queries per minute from one address, and for one receipt number from anywhere. */
  PROGRESS_RATE_PER_MINUTE: z.coerce.number().int().positive().default(20),
  /** Rating-code lookups and ratings (扫码评价, /api/hall/rate/:token) per minute from one address (a kiosk is one address). */
  HALL_RATE_TOKEN_RATE_PER_MINUTE: z.coerce.number().int().positive().default(30),
  PROGRESS_RECEIPT_RATE_PER_MINUTE: z.coerce.number().int().positive().default(10),
  /** Wrong query codes for one receipt number (within the lock time) that lock it for PROGRESS_LOCK_MINUTES. */
  PROGRESS_MAX_FAILURES: z.coerce.number().int().positive().default(5),
  PROGRESS_LOCK_MINUTES: z.coerce.number().positive().default(30),
  /**
   * The largest hall (items in it) each instance keeps in memory for the public search and browse
   * (items/catalog-cache.ts); a larger one is searched in SQL. 0: always SQL.
   */
  CATALOG_INDEX_MAX_ITEMS: z.coerce.number().int().min(0).default(100_000),
  /** Upload limit for template and sample files, in bytes. */
  UPLOAD_MAX_BYTES: z.coerce.number().int().positive().default(10 * 1024 * 1024),
  /** Cookies carry the Secure flag unless this is false (plain-HTTP development and tests). */
  COOKIE_SECURE: z.enum(['true', 'false', 'auto']).default('auto'),
  /** How often the audit trail's hash chains are verified (one instance at a time), in minutes. */
  AUDIT_CHECK_MINUTES: z.coerce.number().positive().default(10),
  /** Demo data on start: auto = only with the embedded database. */
  SEED_DEMO: z.enum(['auto', 'true', 'false']).default('auto'),
  /**
   * Issue 18, /metrics (docs/operations.md): a scraper from another host sends `Authorization: Bearer <token>`.
   * Unset: only a direct client on the loopback address may read the metrics (no X-Forwarded-For, so not through a proxy).
   */
  METRICS_TOKEN: z.string().min(16).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CENTER_TIME_ZONE: z.string().default('Asia/Shanghai'),
  // Delivery (modules/delivery, docs/fees.md): the self-pickup cabinet and the carrier sweep.
  /** The token the self-pickup cabinet sends as `Authorization: Bearer …`; unset: the cabinet endpoint refuses every call. */
  CABINET_DEVICE_TOKEN: z.string().min(16).optional(),
  CABINET_ID: z.string().trim().min(1).max(40).default('CAB-01'),
  CABINET_LOCKERS: z.coerce.number().int().min(1).max(500).default(24),
  /** Wrong pickup codes before a locker is locked (the result then waits for staff). */
  CABINET_MAX_TRIES: z.coerce.number().int().min(1).max(20).default(5),
  /** Working days a result stays in the cabinet before it goes back to the delivery window. */
  CABINET_HOLD_WORKDAYS: z.coerce.number().int().min(1).max(30).default(3),
  /** Minutes between two looks at a parcel's tracking. */
  CARRIER_POLL_MINUTES: z.coerce.number().positive().default(60),
  /** Working days a payment notice may be paid in, counted from its issue on the case region's calendar (docs/fees.md). */
  FEE_DUE_WORKDAYS: z.coerce.number().int().min(1).max(60).default(15),
  /** The simulated bank (/sim-bank/…, the default payment channel): on for the demo and tests; off in production with a real channel. */
  SIM_BANK: z.enum(['on', 'off']).default('on'),
  /** The simulated bank's Ed25519 signing key (PEM, PKCS#8), created at first use. Default: beside DATA_DIR. */
  SIM_BANK_KEY_FILE: z.string().optional(),
  /** The public key our side verifies the simulated bank's notifications with. Default: SIM_BANK_KEY_FILE + `.pub`. */
  SIM_BANK_PUBLIC_KEY_FILE: z.string().optional(),
  /** Faults the simulated bank injects into every order (comma-separated; docs/fees.md lists them). */
  SIM_BANK_FAULTS: z.string().trim().default(''),
  /** Minutes an online payment order stays open at the channel, and before we first ask the channel about an unanswered one. */
  PAYMENT_ORDER_MINUTES: z.coerce.number().int().positive().default(30),
  PAYMENT_QUERY_AFTER_MINUTES: z.coerce.number().positive().default(2),
  /** The gateway that carries applicants' SMS (docs/messages.md): `sim`, the simulated gateway that records each SMS. A real gateway adds its value. */
  SMS_GATEWAY: z.enum(['sim']).default('sim'),
  /**
   * The enterprise registry bidders' declarations are checked against (docs/trading.md "The enterprise registry"):
   * `sim`, the simulated registry holding the demo enterprises' records. A real registry adds its value.
   */
  ENTERPRISE_REGISTRY: z.enum(['sim']).default('sim'),
  /** How long one lookup at the registry may take before it counts as unavailable. */
  ENTERPRISE_REGISTRY_TIMEOUT_MS: z.coerce.number().int().positive().max(60_000).default(5000),
  /** Minutes before a lookup for a tender's evaluation that found the registry unavailable is tried again. */
  ENTERPRISE_REGISTRY_RETRY_MINUTES: z.coerce.number().positive().default(10),
  /** Faults the simulated registry plays on every lookup (comma-separated: unavailable, timeout; empty: none). */
  SIM_REGISTRY_FAULTS: z.string().trim().default('').refine((s) => s === '' || s.split(',').every((f) => ['unavailable', 'timeout'].includes(f.trim())), 'unavailable or timeout, comma-separated'),
  /**
   * Issue 14, the portal footer of a government site (docs/portal.md): the site identification code
   * (政府网站标识码), the ICP filing (ICP备案号) and the public-security filing (公安机关备案号), and the
   * contact shown. Empty: the line is left out (a demo has none).
   */
  SITE_NAME: z.string().trim().default('一窗通办 · 政务服务网'),
  SITE_NAME_EN: z.string().trim().default('OneWindow government services'),
  SITE_CODE: z.string().trim().default(''),
  SITE_ICP: z.string().trim().default(''),
  SITE_PSB: z.string().trim().default(''),
  SITE_CONTACT_PHONE: z.string().trim().default('12345'),
  SITE_CONTACT_EMAIL: z.string().trim().default(''),
  SITE_CONTACT_ADDRESS: z.string().trim().default(''),
  // Open interfaces (docs/open-api.md).
  /** Event delivery to private, loopback or link-local addresses (an intranet receiver, tests): off unless set to true. */
  WEBHOOK_ALLOW_PRIVATE: z.enum(['true', 'false']).default('false'),
  /** Seconds one CloudEvents delivery may take before it counts as failed and is retried. */
  WEBHOOK_TIMEOUT_SECONDS: z.coerce.number().positive().max(120).default(10),
  /** The rate limit of a new API key when the manager names none (calls per minute). */
  API_KEY_DEFAULT_RATE_PER_MINUTE: z.coerce.number().int().positive().default(120),
});

export type Config = z.infer<typeof schema> & { dataDir: string; filesDir: string; auditKeyFile: string; sealKeyFile: string };

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Record<string, string>> = {}): Config {
  const parsed = schema.safeParse({ ...env, ...overrides });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${lines}`);
  }
  const dataDir = path.resolve(parsed.data.DATA_DIR);
  // Outside DATA_DIR on purpose: a copy of the data folder (or of the database) must not carry the key that vouches for it.
  const auditKeyFile = path.resolve(parsed.data.AUDIT_KEY_FILE ?? `${dataDir}-audit-key.pem`);
  const sealKeyFile = path.resolve(parsed.data.SEAL_KEY_FILE ?? path.join(dataDir, 'keys', 'seal-master.key'));
  return { ...parsed.data, dataDir, filesDir: path.join(dataDir, 'files'), auditKeyFile, sealKeyFile };
}

/** Fastify's trustProxy for TRUSTED_PROXIES: false (trust nobody) unless addresses are configured. */
export function trustedProxies(config: Pick<Config, 'TRUSTED_PROXIES'>): false | string[] {
  const list = config.TRUSTED_PROXIES.split(',').map((p) => p.trim()).filter(Boolean);
  return list.length === 0 ? false : list;
}
