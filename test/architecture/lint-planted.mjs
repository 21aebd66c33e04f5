// Lints planted files that are not on disk with the repository's own eslint.config.mjs, the way
// `npm run lint` would lint them at that path. Reads [{ filePath, code }] as JSON on stdin, writes
// [{ filePath, messages: [{ line, ruleId, message }] }] on stdout. Run by import-boundaries.spec.ts
// in a child process: ESLint loads its flat config with import(), which jest's VM does not allow.
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

const chunks = [];
for await (const chunk of process.stdin) {
  chunks.push(chunk);
}
const planted = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const eslint = new ESLint({
  cwd: process.cwd(),
  // The boundaries are `no-restricted-imports`, which reads the import statements and no types: the
  // planted files (only in memory) are linted without the type-aware rules, which would build a
  // TypeScript program for each of them (some 6 s of CPU a file; decision 1920). Every other rule
  // and every boundary pattern is the repository's own, at the planted file's path.
  overrideConfig: [tseslint.configs.disableTypeChecked],
});
const out = [];
for (const { filePath, code } of planted) {
  const [result] = await eslint.lintText(code, { filePath, warnIgnored: true });
  out.push({ filePath, messages: (result?.messages ?? []).map((m) => ({ line: m.line, ruleId: m.ruleId, message: m.message })) });
}
process.stdout.write(JSON.stringify(out));
