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
