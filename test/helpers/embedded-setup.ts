import { buildForServerSuites } from './build-setup';

/** Global setup of the embedded project: the compiled server and its fixture snapshot, current. */
export default function embeddedSetup(): void {
  buildForServerSuites();
}
