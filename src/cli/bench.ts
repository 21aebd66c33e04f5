/**
 * Placeholder until the performance issue lands: it measures nothing, so it prints no figures.
 */
process.stdout.write('npm run bench: no benchmarks are implemented yet (see the performance issue); nothing was measured.\n');
