import { dropDatabasesNamed, TEMPLATE_ENV } from './db-urls';
import { makingDone } from './template-making';

/** Drops every database of the run: the template, its seeds and every file's clone, all named after the template. */
export default async function globalTeardown(): Promise<void> {
  const name = process.env[TEMPLATE_ENV];
  if (!name) {
    return;
  }
  await makingDone(name);
  await dropDatabasesNamed(name);
}
