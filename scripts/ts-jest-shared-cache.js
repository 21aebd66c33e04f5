'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { TsJestTransformer } = require('ts-jest');

/**
 * ts-jest, with one transform cache for the four jest projects (decision 2080).
 *
 * Jest keeps its transform cache per project, and ts-jest puts the whole project config in its
 * cache key, so on a clone with no jest cache (CI's, a new machine's) the same source file was
 * transpiled once per project that loads it: 1,142 transforms of 534 files in one run, some 33 s of
 * the workers' time. The output does not depend on the project (the transformer options,
 * tsconfig.json and the file are the same in each), so here a file is transpiled once per run and
 * the other projects read the result from `<cacheDirectory>/ts-jest-shared/`. Jest's own cache per
 * project is kept as it was (`getCacheKey` is ts-jest's): a warm run does not reach this store.
 */
const VERSION = '1';
const TS_JEST_VERSION = require('ts-jest/package.json').version;
const TYPESCRIPT_VERSION = require('typescript/package.json').version;

/**
 * The key of one transform: everything its output depends on. The file's path is part of it (the
 * inline source map names it), and so is tsconfig.json's text when the options name the file.
 * Exported for the test.
 */
function sharedKey(sourceText, sourcePath, transformOptions, transformerConfig) {
  const tsconfig = transformerConfig.tsconfig;
  const tsconfigText = typeof tsconfig === 'string' ? fs.readFileSync(path.resolve(transformOptions.config.rootDir, tsconfig), 'utf8') : '';
  return crypto
    .createHash('sha256')
    .update(
      JSON.stringify([
        VERSION,
        TS_JEST_VERSION,
        TYPESCRIPT_VERSION,
        transformerConfig,
        tsconfigText,
        Boolean(transformOptions.instrument),
        Boolean(transformOptions.supportsStaticESM),
        sourcePath,
      ]),
    )
    .update('\0')
    .update(sourceText)
    .digest('hex');
}

function createTransformer(transformerConfig = {}) {
  const inner = new TsJestTransformer(transformerConfig);
  return {
    canInstrument: false,
    getCacheKey: (sourceText, sourcePath, transformOptions) => inner.getCacheKey(sourceText, sourcePath, transformOptions),
    process(sourceText, sourcePath, transformOptions) {
      const dir = path.join(transformOptions.config.cacheDirectory, 'ts-jest-shared');
      const file = path.join(dir, `${sharedKey(sourceText, sourcePath, transformOptions, transformerConfig)}.json`);
      try {
        return JSON.parse(fs.readFileSync(file, 'utf8'));
      } catch {
        // Not stored yet: transpile it below. (Never half a file: entries are renamed into place whole.)
      }
      const result = inner.process(sourceText, sourcePath, transformOptions);
      // Written under a name of its own and renamed: a worker reading at the same time sees all or nothing.
      fs.mkdirSync(dir, { recursive: true });
      const scratch = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`;
      fs.writeFileSync(scratch, JSON.stringify({ code: result.code, map: result.map ?? null }));
      fs.renameSync(scratch, file);
      return result;
    },
  };
}

module.exports = { createTransformer, sharedKey };
