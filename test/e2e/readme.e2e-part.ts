import fs from 'node:fs';
import path from 'node:path';
import { parse, validate } from 'graphql';
import { getSchema } from '../../src/schema';

/**
 * The README is the front door: every GraphQL example in it must be valid against the schema
 * (placeholders such as `<run id>` are filled with a well-formed id), so the docs cannot drift.
 */
describe('README examples', () => {
  const md = fs.readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
  const operations = [...md.matchAll(/```graphql\n([\s\S]*?)```/g)]
    .flatMap((m) => (m[1] ?? '').split(/\n(?=\{|mutation)/))
    .map((op) => op.replace(/#.*$/gm, '').trim())
    .filter(Boolean);

  it('has examples for every role', () => {
    expect(operations.length).toBeGreaterThan(15);
  });

  it.each(operations.map((op) => [op.slice(0, 70).replace(/\s+/g, ' '), op]))('%s … is valid', async (_name, op) => {
    const schema = await getSchema();
    const source = op.replace(/<[^>]+>/g, '00000000-0000-0000-0000-000000000000');
    expect(validate(schema, parse(source)).map((e) => e.message)).toEqual([]);
  });
});
