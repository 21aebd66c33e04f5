import fs from 'node:fs';
import { generatePopulation } from '../modules/people/people.generator';
import { readMunicipalitiesForGenerator } from '../modules/people/people.fixtures';

/**
 * npm run generate -- --people N --year Y --seed S [--movers 0.2] [--until YYYY-MM-DD] [--out file.ndjson]
 * Writes NDJSON in the import format (stdout without --out). Deterministic by seed.
 */
function main(argv: string[]): number {
  const opt = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const people = Number(opt('people') ?? '1000');
  const year = Number(opt('year') ?? '2026');
  const seed = Number(opt('seed') ?? '1');
  const moverShare = Number(opt('movers') ?? '0.2');
  if (
    !Number.isInteger(people) ||
    people < 1 ||
    !Number.isInteger(year) ||
    !Number.isInteger(seed) ||
    !(moverShare >= 0 && moverShare <= 1)
  ) {
    process.stderr.write(
      'usage: npm run generate -- --people N --year Y --seed S [--movers 0..1] [--until YYYY-MM-DD] [--out file.ndjson]\n',
    );
    return 2;
  }
  const out = opt('out');
  const fd = out === undefined ? 1 : fs.openSync(out, 'w');
  let buffer = '';
  let count = 0;
  for (const e of generatePopulation({
    people,
    year,
    seed,
    moverShare,
    until: opt('until'),
    municipalities: readMunicipalitiesForGenerator(),
  })) {
    buffer += `${JSON.stringify(e)}\n`;
    count += 1;
    if (buffer.length > 1 << 20) {
      fs.writeSync(fd, buffer);
      buffer = '';
    }
  }
  fs.writeSync(fd, buffer);
  if (out !== undefined) {
    fs.closeSync(fd);
    process.stderr.write(`${count} events for ${people} people written to ${out}\n`);
  }
  return 0;
}

process.exit(main(process.argv.slice(2)));
