import { BROWSER_TEMPLATE_ENV, dropDatabasesNamed } from './db-urls';
import { makingDone } from './template-making';

/** Drops every database of the run's browser files: the template (and its scratch name) and every file's clone, all named after it. */
export default async function browserTeardown(): Promise<void> {
  const name = process.env[BROWSER_TEMPLATE_ENV];
  if (!name) {
    return;
  }
  await makingDone(name);
  await dropDatabasesNamed(name);
}
