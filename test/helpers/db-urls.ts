/** The real PostgreSQL the e2e suite runs on: DATABASE_URL, or the one on this machine. */
export function adminUrl(): string {
  return process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

export function urlForDatabase(name: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

export const TEMPLATE_ENV = 'IFE_TEST_TEMPLATE_DB';

/** The browser project's template: a database `npm start` has filled with the fixtures (test/helpers/browser-setup.ts). */
export const BROWSER_TEMPLATE_ENV = 'IFE_BROWSER_TEMPLATE_DB';
