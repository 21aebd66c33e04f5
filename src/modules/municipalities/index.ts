export {
  getMunicipality,
  listMunicipalities,
  codesExistingOn,
  existingCodes,
  municipalitiesExistingOn,
  municipalityPopulations,
  resolveSuccessor,
  listMergers,
  registerMerger,
  municipalityRegister,
  onRegisterChange,
} from './municipality.service';
export { loadMunicipalityFixtures, loadHistoricMunicipalityFixtures } from './municipality.fixtures';
export { Municipality, MunicipalityMerger } from './municipality.type';
export { RegisterMergerInput } from './municipality.inputs';
