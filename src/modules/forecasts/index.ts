export { createForecast, overrideForecast, forecastLines, listForecasts } from './forecast.service';
export { getForecast } from './forecast.queries';
export { trailingAverage } from './forecast.calculator';
