import 'reflect-metadata';
import { createDataSource } from './src/common/db/data-source';

/**
 * For the TypeORM CLI (`npx typeorm-ts-node-commonjs migration:generate -d ormconfig.ts ...` or
 * `npx typeorm migration:show -d dist/ormconfig.js`). Never `synchronize`: schema changes go
 * through committed migrations.
 */
export const dataSource = createDataSource({
  url: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  poolSize: 4,
});
