export { MunicipalityResolver } from './municipality.resolver';
export {
  getMunicipality,
  listMunicipalities,
  codesExistingOn,
  resolveSuccessor,
  listMergers,
  registerMerger,
  municipalityRegister,
  onRegisterChange,
} from './municipality.service';
export { loadMunicipalityFixtures } from './municipality.fixtures';
export { Municipality, MunicipalityMerger } from './municipality.type';
export { RegisterMergerInput } from './municipality.inputs';
