import { makeCreditCode, makeIdNumber } from '../lib/identity.ts';

/**
 * The demo enterprise account and its record at the enterprise registry (市场监管, 国家企业信用信息公示系统), in a file
 * of its own importing nothing of the domains: the seed makes the account from it, and the simulated registry
 * (modules/bids/sim-registry.ts) answers its record, so the two cannot drift apart.
 */
export const DEMO_ENTERPRISE = {
  name: '海南椰风示例餐饮有限公司', creditCode: makeCreditCode('9', '1', '460100', 'MA5T0001'), legalRepresentative: '李四', phone: '13900005678',
};

/** Its controlling shareholder (控股股东), known to the registry only: it has no account here. */
export const DEMO_ENTERPRISE_PARENT = { name: '海南椰风控股集团有限公司', creditCode: makeCreditCode('9', '1', '460100', 'MA5T0002'), legalRepresentative: '王五' };

/**
 * The registry's records of the demo enterprises (docs/trading.md "Demo data"): the principal's resident ID number is
 * a demo number (the accounts keep the representative's name only), the demo enterprise is controlled by its parent,
 * and neither is managed by another unit. A bidder declaring otherwise is refused (BIDDER_DECLARATION_MISMATCH).
 */
export const DEMO_REGISTRY_RECORDS = [
  { creditCode: DEMO_ENTERPRISE.creditCode, name: DEMO_ENTERPRISE.name, representativeIdNumber: makeIdNumber('460100', '19800312', '031'), controllerCode: DEMO_ENTERPRISE_PARENT.creditCode, managerCode: null },
  { creditCode: DEMO_ENTERPRISE_PARENT.creditCode, name: DEMO_ENTERPRISE_PARENT.name, representativeIdNumber: makeIdNumber('460100', '19720521', '015'), controllerCode: null, managerCode: null },
];
