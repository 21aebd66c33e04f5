export {
  createScheme,
  updateSchemeStatus,
  updateSchemeBudget,
  addRate,
  setBaseAmounts,
  getScheme,
  findScheme,
  listSchemes,
  listRates,
  rateRows,
  baseAmountsOf,
  knownMunicipalityCodes,
  type RateRow,
} from './scheme.service';
export * from './scheme.enums';
export type { FundingScheme, Rate, BaseAmount } from './scheme.type';
export { CreateSchemeInput, AddRateInput, SetBaseAmountsInput } from './scheme.inputs';
