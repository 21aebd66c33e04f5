import 'reflect-metadata';
import { benchAttribution } from '../../bench/attribution.bench';

/** npm run bench:attribution (DATABASE_URL = an empty scratch database on the real PostgreSQL). */
async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (url === undefined || url === '') {
    throw new Error('set DATABASE_URL to an empty scratch database, e.g. postgres://postgres@127.0.0.1:5432/bench_people');
  }
  const figures = await benchAttribution(url);
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
