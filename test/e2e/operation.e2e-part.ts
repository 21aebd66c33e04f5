import { runCompiled } from '../helpers/run-compiled';

const run = (script: string, args: string[], env: Record<string, string> = {}) => runCompiled(script, args, { LOG_LEVEL: 'info', ...env });

describe('operation: start-up configuration and the generator CLI (issue 15)', () => {
  it('refuses bad booleans and an unknown LOG_LEVEL at start-up, all at once, without a stack trace', async () => {
    const r = await run('main.js', [], { LOG_LEVEL: 'verbose', EMBEDDED_EPHEMERAL: 'maybe', LOAD_FIXTURES: 'yes', PORT: 'eighty' });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      [
        'Invalid configuration:',
        '  - EMBEDDED_EPHEMERAL must be true or false, got "maybe"',
        '  - LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; got "verbose"',
        '  - PORT must be a whole number from 0 to 65535, got "eighty"',
        '  - LOAD_FIXTURES must be true or false, got "yes"',
        '',
      ].join('\n'),
    );
    expect(r.stdout).toBe('');
  });

  it('generate writes nothing but NDJSON events to stdout, the same for the same seed', async () => {
    const a = await run('cli/generate.js', ['--people', '40', '--year', '2026', '--seed', '5']);
    expect(a.code).toBe(0);
    const lines = a.stdout.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(40);
    for (const line of lines) {
      expect(JSON.parse(line)).toMatchObject({ eventId: expect.any(String), personId: expect.any(String), type: expect.any(String) });
    }
    expect(a.stderr).toBe(`${lines.length} events for 40 people\n`);
    expect((await run('cli/generate.js', ['--people', '40', '--year', '2026', '--seed', '5'])).stdout).toBe(a.stdout);
  });

  it('generate has a real --help and refuses unknown or bad options, writing nothing to stdout', async () => {
    const help = await run('cli/generate.js', ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('npm run --silent generate -- [options]');
    expect(help.stdout).toMatch(/--people N .*\n.*--year Y/);
    const bad = await run('cli/generate.js', ['--peple', '3', '--movers', '2']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('unknown argument "--peple"');
    expect(bad.stderr).toContain('--movers must be a share from 0 to 1, got "2"');
  });
});
