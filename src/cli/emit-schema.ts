import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { printedSchema } from '../schema';

/** Regenerates schema.graphql at the repository root (`--check` fails if it is stale). */
async function main(): Promise<void> {
  const file = path.resolve(__dirname, '../../../schema.graphql');
  const sdl = await printedSchema();
  if (process.argv.includes('--check')) {
    const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (current !== sdl) {
      process.stderr.write('schema.graphql is stale: run `npm run schema` and commit it\n');
      process.exit(1);
    }
    process.stdout.write('schema.graphql is up to date\n');
    return;
  }
  fs.writeFileSync(file, sdl);
  process.stdout.write(`wrote ${file}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
