import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { createDataSource, initialise } from '../common/db/data-source';

/**
 * Applies every migration to a scratch database and asks TypeORM what it would still change to
 * match the entities. `--check` fails when anything is left (CI's drift check); `--write Name`
 * writes the difference as a new migration to read and extend by hand (CHECKs, triggers).
 */
async function main(): Promise<void> {
  const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const scratch = `ife_migration_diff_${process.pid}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${scratch}`);
  await admin.query(`CREATE DATABASE ${scratch}`);
  const url = new URL(adminUrl);
  url.pathname = `/${scratch}`;
  const ds = createDataSource({ url: url.toString(), poolSize: 1 });
  try {
    await initialise(ds);
    await ds.runMigrations({ transaction: 'each' });
    const sql = await ds.driver.createSchemaBuilder().log();
    const up = sql.upQueries.map((q) => q.query);
    const down = sql.downQueries.map((q) => q.query).reverse();
    const writeAt = process.argv.indexOf('--write');
    if (process.argv.includes('--check')) {
      if (up.length > 0) {
        console.error(`Entities and migrations differ; a migration would run:\n${up.join(';\n')}`);
        process.exitCode = 1;
      } else {
        console.log('migrations match the entities');
      }
    } else if (writeAt >= 0) {
      const name = process.argv[writeAt + 1];
      if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
        throw new Error('usage: migration-diff --write PascalCaseName');
      }
      const ts = Date.now();
      const quote = (q: string) => '    await q.query(`' + q.replace(/`/g, '\\`') + '`);';
      const body = `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${name}${ts} implements MigrationInterface {
  name = '${name}${ts}';

  async up(q: QueryRunner): Promise<void> {
${up.map(quote).join('\n')}
  }

  async down(q: QueryRunner): Promise<void> {
${down.map(quote).join('\n')}
  }
}
`;
      const file = path.join('migrations', `${ts}-${name}.ts`);
      fs.writeFileSync(file, body);
      console.log(`wrote ${file}; register it in migrations/index.ts`);
    } else {
      console.log(up.length ? up.join(';\n') + ';' : '-- no difference');
    }
  } finally {
    await ds.destroy().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${scratch}`);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
