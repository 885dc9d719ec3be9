import { DEMO_REGISTRY_RECORDS } from '../../seed/demo-enterprise.ts';
import { RegistryUnavailable, type EnterpriseRegistry, type RegistryRecord } from '../../lib/enterprise-registry.ts';

/**
 * The simulated enterprise registry: the default (ENTERPRISE_REGISTRY=sim), behaving like the real one so every path
 * of our side is exercised without it. It holds the demo enterprises' records (seed/demo-enterprise.ts), answers null
 * for a unit it does not know (as the registry does for a code never registered, or a unit registered elsewhere, such
 * as a public institution), and misbehaves on request:
 * - `unavailable`: the registry refuses at once (a 503, a maintenance window): RegistryUnavailable;
 * - `timeout`: no answer comes; the call hangs until the caller's signal aborts it.
 * Faults are set for every lookup by SIM_REGISTRY_FAULTS (the demo), or by a test through `fault()`, for one credit code
 * or all, a number of times or until cleared. Tests give it records with `put()`; `calls` lists the codes asked.
 */
export const SIM_REGISTRY_FAULTS = ['unavailable', 'timeout'] as const;
export type SimRegistryFault = (typeof SIM_REGISTRY_FAULTS)[number];

export interface SimulatedRegistry extends EnterpriseRegistry {
  put(...records: RegistryRecord[]): void;
  /** The fault played for `creditCode` (every unit when omitted), `times` times or until cleared (null clears). */
  fault(fault: SimRegistryFault | null, opts?: { creditCode?: string; times?: number }): void;
  readonly calls: string[];
}

const ALL = '*';

export function simulatedRegistry(opts: { records?: readonly RegistryRecord[]; faults?: readonly SimRegistryFault[] } = {}): SimulatedRegistry {
  const records = new Map<string, RegistryRecord>();
  const faults = new Map<string, { fault: SimRegistryFault; times: number | null }>();
  const calls: string[] = [];
  const put = (...rs: RegistryRecord[]) => { for (const r of rs) records.set(r.creditCode.toUpperCase(), { ...r }); };
  put(...(opts.records ?? DEMO_REGISTRY_RECORDS));
  const always = opts.faults?.[0];
  if (always) faults.set(ALL, { fault: always, times: null });
  /** The fault for this lookup, one of its times consumed. */
  const take = (code: string): SimRegistryFault | null => {
    for (const key of [code, ALL]) {
      const f = faults.get(key);
      if (!f) continue;
      if (f.times !== null && --f.times <= 0) faults.delete(key);
      return f.fault;
    }
    return null;
  };
  return {
    calls,
    put,
    fault(fault, o = {}) {
      const key = o.creditCode?.toUpperCase() ?? ALL;
      if (fault === null) faults.delete(key);
      else faults.set(key, { fault, times: o.times ?? null });
    },
    async lookup(creditCode, signal) {
      const code = creditCode.toUpperCase();
      calls.push(code);
      const fault = take(code);
      if (fault === 'unavailable') throw new RegistryUnavailable('simulated registry: service unavailable');
      if (fault === 'timeout') {
        await new Promise<void>((resolve) => {
          if (signal.aborted) resolve();
          signal.addEventListener('abort', () => resolve(), { once: true });
        });
        throw new RegistryUnavailable('simulated registry: no answer');
      }
      const r = records.get(code);
      return r ? { ...r } : null;
    },
  };
}
