import type { Config } from '../../config.ts';
import type { EnterpriseRegistry } from '../../lib/enterprise-registry.ts';
import { simulatedRegistry, SIM_REGISTRY_FAULTS, type SimRegistryFault } from './sim-registry.ts';

/**
 * The enterprise registry this deployment asks (ENTERPRISE_REGISTRY), built once when the platform opens and kept in
 * the context (`ctx.registry`). A real registry is one more `case` here (registry.ts says how to write it).
 */
export function enterpriseRegistry(config: Pick<Config, 'ENTERPRISE_REGISTRY' | 'SIM_REGISTRY_FAULTS'>): EnterpriseRegistry {
  switch (config.ENTERPRISE_REGISTRY) {
    case 'sim': {
      const faults = config.SIM_REGISTRY_FAULTS.split(',').map((f) => f.trim()).filter((f): f is SimRegistryFault => (SIM_REGISTRY_FAULTS as readonly string[]).includes(f));
      return simulatedRegistry({ faults });
    }
  }
}
