export {
  importPersonEvents,
  registerPersonEventSource,
  personEventSourceActivity,
  type ImportSummary,
  type ImportPersonEventsInput,
} from './person-event.service';
export {
  onPersonEventsApplied,
  type PersonEventsApplied,
  type PersonEventsAppliedHandler,
  type AppliedPersonEvent,
  type PriorPersonEvent,
} from './person-events-applied';
export {
  runAttribution,
  attributeYear,
  attributionResults,
  getAttributionRun,
  listAttributionRuns,
  storedAttributions,
} from './attribution.service';
export type { AttributionRow, AttributionRunInfo } from './attribution.service';
export { ATTRIBUTION_RULES, type AttributionRule } from './attribution.sql';
export {
  getPersonHistory,
  listPendingEvents,
  listMunicipalityPeriods,
  peopleInView,
  listReception,
  housingDelay,
  listHandovers,
  housedPerMunicipality,
} from './people.queries';
export { generatePopulation, generateHistory, NATIONAL_COHORTS, type GeneratorOptions, type GeneratedEvent } from './people.generator';
export {
  loadPeopleFixtures,
  loadHistoryFixtures,
  readMunicipalitiesForGenerator,
  PEOPLE_FIXTURE,
  HISTORY_FIXTURE,
} from './people.fixtures';
export { readEventFile, type EventFile } from './event-file.reader';
export { RECORD_FIELDS } from './person-event.record';
