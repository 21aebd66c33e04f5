export { RegistrationResolver } from './registration.resolver';
export { publishAttribution, sideBySide } from './registration.service';
