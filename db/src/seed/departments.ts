/** Each department's demo seed, given the demo enterprises; applied in one transaction after the registry. */
import type { Database } from '../client.ts';
import type { DemoEnterprise } from './demo.ts';
import { seedCommerce } from './commerce.ts';
import { seedComplaints } from './complaints.ts';
import { seedPolicies } from './policies.ts';
import { seedStatistics } from './statistics.ts';
import { seedTalent } from './talent.ts';

export type DepartmentSeed = (db: Database, enterprises: DemoEnterprise[]) => Promise<void>;

export const DEPARTMENT_SEEDS: DepartmentSeed[] = [
  seedPolicies,
  seedComplaints,
  seedCommerce,
  seedTalent,
  seedStatistics,
];
