import { runGroup } from '../helpers/e2e-groups';

// The group's parts (test/e2e/*.e2e-part.ts, listed in test/helpers/e2e-groups.ts) in one module registry (decision 2090).
runGroup('mergers');
