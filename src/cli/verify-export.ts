import 'reflect-metadata';
import { verifyExport } from '../modules/reconciliation';

/** npm run verify-export -- path: checks a reconciliation export (zip or unpacked directory) on its own; exit 1 on any problem. */
async function main(): Promise<void> {
  const target = process.argv[2];
  if (!target) {
    process.stderr.write('usage: npm run verify-export -- <export.zip | directory>\n');
    process.exit(2);
  }
  const problems = await verifyExport(target);
  if (problems.length > 0) {
    process.stdout.write(`export NOT verified: ${problems.length} problem(s)\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
    process.exit(1);
  }
  process.stdout.write(`export verified: ${target}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`verify-export failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
