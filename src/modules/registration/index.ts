export { publishAttribution, sideBySide } from './registration.service';
