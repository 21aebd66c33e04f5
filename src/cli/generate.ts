import fs from 'node:fs';
import { logToStderr } from '../common/logger';
import { generatePopulation, readMunicipalitiesForGenerator } from '../modules/people';

export const GENERATE_HELP = `npm run --silent generate -- [options]

Writes a synthetic, deterministic population as person events, one JSON object per line (NDJSON,
the import format of docs/import-formats-events.md), for npm run import:events. The same options
give the same file on every machine. Only the events go to stdout; messages go to stderr.
(Without --silent, npm prints its own "> inburgering-funding-engine generate" banner on stdout.)

Options:
  --people N         how many people (default 1000)
  --year Y           the year most obligations start in; starts spread over Y-1 and Y (default 2026)
  --seed S           the random seed, a whole number (default 1)
  --movers F         share of people who move once or twice, 0 to 1 (default 0.2)
  --until DATE       leave out events after this date, YYYY-MM-DD (default: none)
  --out FILE         write to FILE instead of stdout, and say how many events on stderr
  --help             this text

Example:
  npm run --silent generate -- --people 5000 --year 2026 --seed 7 > people.ndjson
  npm run import:events -- people.ndjson
`;

const OPTIONS = new Set(['people', 'year', 'seed', 'movers', 'until', 'out']);

/** Parses the arguments; returns the problems (empty when they are usable). */
export function parseGenerateArgs(argv: string[]): {
  options: { people: number; year: number; seed: number; moverShare: number; until?: string; out?: string };
  problems: string[];
} {
  const problems: string[] = [];
  const given = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    const name = arg.replace(/^--/, '');
    if (!arg.startsWith('--') || !OPTIONS.has(name)) {
      problems.push(`unknown argument "${arg}"`);
      continue;
    }
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) {
      problems.push(`--${name} needs a value`);
      continue;
    }
    given.set(name, value);
    i += 1;
  }
  const whole = (name: string, fallback: number, min: number): number => {
    const raw = given.get(name);
    if (raw === undefined) {
      return fallback;
    }
    if (!/^\d+$/.test(raw) || Number(raw) < min) {
      problems.push(`--${name} must be a whole number of at least ${min}, got "${raw}"`);
    }
    return Number(raw);
  };
  const people = whole('people', 1000, 1);
  const year = whole('year', 2026, 1900);
  const seed = whole('seed', 1, 0);
  const moversRaw = given.get('movers') ?? '0.2';
  if (!/^(0(\.\d+)?|1(\.0+)?)$/.test(moversRaw)) {
    problems.push(`--movers must be a share from 0 to 1, got "${moversRaw}"`);
  }
  const until = given.get('until');
  if (until !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(until)) {
    problems.push(`--until must be a date YYYY-MM-DD, got "${until}"`);
  }
  return { options: { people, year, seed, moverShare: Number(moversRaw), until, out: given.get('out') }, problems };
}

function main(argv: string[]): number {
  logToStderr();
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(GENERATE_HELP);
    return 0;
  }
  const { options, problems } = parseGenerateArgs(argv);
  if (problems.length > 0) {
    process.stderr.write(`${problems.join('\n')}\n\nnpm run --silent generate -- --help for the options\n`);
    return 2;
  }
  // stdout through its stream (synchronous for files and pipes on Linux, and it copes with a
  // non-blocking pipe, where fs.writeSync(1) could fail with EAGAIN); a file through its descriptor.
  const fd = options.out === undefined ? undefined : fs.openSync(options.out, 'w');
  const write = (chunk: string): void => {
    if (fd === undefined) {
      process.stdout.write(chunk);
    } else {
      fs.writeSync(fd, chunk);
    }
  };
  let buffer = '';
  let count = 0;
  for (const e of generatePopulation({
    people: options.people,
    year: options.year,
    seed: options.seed,
    moverShare: options.moverShare,
    until: options.until,
    municipalities: readMunicipalitiesForGenerator(),
  })) {
    buffer += `${JSON.stringify(e)}\n`;
    count += 1;
    if (buffer.length > 1 << 20) {
      write(buffer);
      buffer = '';
    }
  }
  write(buffer);
  if (fd !== undefined) {
    fs.closeSync(fd);
  }
  process.stderr.write(`${count} events for ${options.people} people${options.out === undefined ? '' : ` written to ${options.out}`}\n`);
  return 0;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
