import { onPersonEventsApplied } from '../people';
import { queueSideBySideAttributions } from './registration.jobs';

export { publishAttribution, sideBySide } from './registration.service';
export { registrationQueues, startRegistrationWorkers, SIDE_BY_SIDE_QUEUE } from './registration.jobs';

// After every import that applied person events: the side-by-side's attributions, made ahead (decision 1750).
onPersonEventsApplied(queueSideBySideAttributions);
