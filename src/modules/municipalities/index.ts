export {
  getMunicipality,
  listMunicipalities,
  codesExistingOn,
  existingCodes,
  municipalitiesExistingOn,
  resolveSuccessor,
  listMergers,
  registerMerger,
  municipalityRegister,
  onRegisterChange,
} from './municipality.service';
export { loadMunicipalityFixtures } from './municipality.fixtures';
export type { Municipality, MunicipalityMerger } from './municipality.type';
