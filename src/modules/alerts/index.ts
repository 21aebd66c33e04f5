export {
  subscribeAlert,
  cancelAlertSubscription,
  resumeAlertSubscription,
  evaluateAlerts,
  listAlerts,
  listSubscriptions,
  ALERTS_LOCK,
} from './alert.service';
export { transitions, NATIONAL, type Observation, type Transition } from './alert.calculator';
export { alertQueues, startAlertWorkers, ALERT_EVALUATION_QUEUE, ALERT_EVALUATION_CRON } from './alert.jobs';
export { AlertCondition, AlertKind, AlertType, AlertSubscriptionType } from './alert.type';
export { SubscribeAlertInput, CancelAlertSubscriptionInput, ResumeAlertSubscriptionInput } from './alert.inputs';
