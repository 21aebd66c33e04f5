export { createForecast, overrideForecast, forecastLines, listForecasts } from './forecast.service';
export { getForecast } from './forecast.queries';
export { trailingAverage } from './forecast.calculator';
export { runBacktest, backtestResult } from './backtest.service';
export { shrinkageForecast, sizeClassOf, QUANTILE_LEVELS, SHRINKAGE_EB_VERSION } from './shrinkage.calculator';
export { compareBacktest, summariseBacktest, INTERVALS } from './backtest.calculator';
export { forecastExposure, EXPOSURE_LEVELS } from './exposure.service';
export { startInterimEstimate, decideInterimEstimate, getInterimEstimateEntity } from './interim.service';
export { calculateInterim, interimOutputJson, INTERIM_ESTIMATE_VERSION, type InterimInputs } from './interim.calculator';
export { runKeyComparison, gatherKeyComparisonInputs } from './key-comparison.service';
export {
  compareKeys,
  keyComparisonOutput,
  CANDIDATE_KEYS,
  KEY_COMPARISON_VERSION,
  type KeyComparisonInputs,
} from './key-comparison.calculator';
