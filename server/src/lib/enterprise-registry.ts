/**
 * The enterprise registry (市场监管: 国家企业信用信息公示系统 and the province's market-regulation data exchange) is an
 * outside party: the source of a unit's principal (法定代表人 / 单位负责人), its controlling shareholder (控股股东) and the
 * unit it is managed by (上级主管单位). The platform asks it to check a bidder's declaration (declaration.service.ts)
 * and to relate the opened bids of a tender (modules/bids/registry-records.ts; 招标投标法实施条例 第三十四条).
 *
 * To plug in a real registry (docs/trading.md "The enterprise registry"): implement `EnterpriseRegistry.lookup` with its
 * HTTP interface (map its fields to `RegistryRecord`; "no such unit" answers null; any error, refusal or timeout throws,
 * and `signal` aborts the call at ENTERPRISE_REGISTRY_TIMEOUT_MS), add its value to ENTERPRISE_REGISTRY in config.ts
 * and a `case` in `enterpriseRegistry()` (modules/bids/registries.ts). Nothing else changes.
 */
export interface RegistryRecord {
  creditCode: string;
  name: string;
  /** The resident ID number of the legal representative (the principal). */
  representativeIdNumber: string;
  /** The controlling unit's credit code, null when the registry records none. */
  controllerCode: string | null;
  /** The managing unit's credit code (上级主管单位), null when the registry records none. */
  managerCode: string | null;
}

export interface EnterpriseRegistry {
  /** The unit's record; null when the registry has none. Throws when the registry does not answer (down, timed out). */
  lookup(creditCode: string, signal: AbortSignal): Promise<RegistryRecord | null>;
}

/** The registry did not answer: down, refusing, or too slow. The caller decides what a missing answer means. */
export class RegistryUnavailable extends Error {}

export type RegistryAnswer = { outcome: 'found'; record: RegistryRecord } | { outcome: 'not_found' } | { outcome: 'unavailable'; reason: string };

/**
 * Asks the registry about one unit within `timeoutMs`. Never throws: a registry that fails or is too slow answers
 * `unavailable` (the lookup is aborted through its signal), since no caller may fail because of it.
 */
export async function askRegistry(registry: EnterpriseRegistry, creditCode: string, timeoutMs: number): Promise<RegistryAnswer> {
  // A timer of our own, not AbortSignal.timeout (unref'd): the wait for a silent registry must keep the process up.
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abort.abort();
      reject(new RegistryUnavailable(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    const record = await Promise.race([registry.lookup(creditCode.toUpperCase(), abort.signal), timedOut]);
    return record ? { outcome: 'found', record: wellFormed(record) } : { outcome: 'not_found' };
  } catch (err) {
    return { outcome: 'unavailable', reason: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
}

const ID_NUMBER = /^[0-9]{17}[0-9X]$/;
const CREDIT_CODE = /^[0-9A-Z]{18}$/;
/**
 * The record in the shapes the platform keeps (upper case), or RegistryUnavailable: an answer the platform cannot read
 * (an old 15-digit ID number, a code of another length) is no answer, not a fact to relate bids by or to store.
 */
function wellFormed(r: RegistryRecord): RegistryRecord {
  const record = { ...r, representativeIdNumber: String(r.representativeIdNumber).toUpperCase(), controllerCode: r.controllerCode?.toUpperCase() ?? null, managerCode: r.managerCode?.toUpperCase() ?? null };
  const bad = !ID_NUMBER.test(record.representativeIdNumber) || [record.controllerCode, record.managerCode].some((c) => c !== null && !CREDIT_CODE.test(c));
  if (bad) throw new RegistryUnavailable('a record the platform cannot read');
  return record;
}

export type DeclaredFacts = { representativeIdNumber: string; controllerCode: string | null; managerCode: string | null };
export type DeclaredFact = keyof DeclaredFacts;

/** What each declared fact is called, for the bidder. */
export const DECLARED_FACT_NAMES: Record<DeclaredFact, { zh: string; en: string }> = {
  representativeIdNumber: { zh: '单位负责人（法定代表人）身份证号', en: "principal's (legal representative's) ID number" },
  controllerCode: { zh: '控股单位', en: 'controlling unit' },
  managerCode: { zh: '上级主管单位', en: 'managing unit' },
};

/**
 * The first declared fact the registry's record contradicts, or null. The principal's ID number must be the
 * registry's. A controlling or managing unit the registry records must be the one declared (declaring none, or
 * another, hides it); a unit declared where the registry records none is kept: control by agreement (实际控制) or a
 * managing relation the registry does not hold is the bidder's to declare, and it only relates more bids.
 */
export function contradiction(declared: DeclaredFacts, record: RegistryRecord): DeclaredFact | null {
  if (declared.representativeIdNumber.toUpperCase() !== record.representativeIdNumber.toUpperCase()) return 'representativeIdNumber';
  if (record.controllerCode && declared.controllerCode?.toUpperCase() !== record.controllerCode) return 'controllerCode';
  if (record.managerCode && declared.managerCode?.toUpperCase() !== record.managerCode) return 'managerCode';
  return null;
}

/** When the registry is next asked after an attempt at `from` found it unavailable (ENTERPRISE_REGISTRY_RETRY_MINUTES). */
export const registryRetryAt = (config: { ENTERPRISE_REGISTRY_RETRY_MINUTES: number }, from: Date) =>
  new Date(from.getTime() + config.ENTERPRISE_REGISTRY_RETRY_MINUTES * 60_000);
