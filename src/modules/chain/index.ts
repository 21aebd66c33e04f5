import { onPersonEventsApplied } from '../people';
import { notifyAppliedPersonEvents } from './person-notifications';

export { chainConfig, type ChainConfig } from './chain.config';
export { chainRoutes } from './chain.routes';
export { createInbound, DUO_SOURCE, type Inbound } from './inbound.service';
export { raadplegingClient } from './raadpleging.client';
export { startDuoSimulator, type DuoSimulator, type SimulatedPerson } from './simulator/duo-simulator';
export {
  notifyMunicipality,
  notifyMoneyEvent,
  MONEY_EVENTS,
  type MoneyEvent,
  listNotifications,
  notificationTimeliness,
} from './outbox.service';
export { oinForMunicipality, municipalityForOin } from './oin';
export { isValidBsn } from './pseudonym';
export {
  startChainWorkers,
  deliverMunicipality,
  sweepDeliveries,
  type DeliveryOptions,
  type DeliveredNotification,
} from './delivery.service';
export { chainQueues, CHAIN_DELIVERY_QUEUE, CHAIN_DELIVERY_SWEEP_QUEUE } from './delivery.queue';

// Registration point (docs/ARCHITECTURE.md): every import that applies person events, whatever its
// door, tells the municipalities concerned in its own transaction (decision 1550).
onPersonEventsApplied(notifyAppliedPersonEvents);
export { personNotifications } from './person-notifications';
