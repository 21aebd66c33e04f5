import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { getMetadataArgsStorage } from 'typeorm';

/**
 * Which module owns which table, read from the TypeORM entity metadata: an entity class declared in
 * `src/modules/<m>/*.entity.ts` makes its table `<m>`'s; `src/common/**` entities are plumbing's.
 * No database: the decorators fill the metadata storage when the entity files load.
 */
export function tableOwners(root: string): Map<string, string> {
  const owners = new Map<string, string>();
  const tables = getMetadataArgsStorage().tables;
  const entityFiles = [
    ...listFiles(path.join(root, 'src/modules'), (f) => f.endsWith('.entity.ts')),
    ...listFiles(path.join(root, 'src/common'), (f) => f.endsWith('.entity.ts')),
  ];
  for (const file of entityFiles) {
    const rel = path.relative(root, file).split(path.sep);
    const owner = rel[1] === 'modules' ? (rel[2] ?? '') : 'common';
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exported = Object.values(require(file) as Record<string, unknown>);
    for (const t of tables) {
      if (typeof t.target === 'function' && exported.includes(t.target) && typeof t.name === 'string') {
        const earlier = owners.get(t.name);
        if (earlier !== undefined && earlier !== owner) {
          throw new Error(`table ${t.name} is declared by two modules: ${earlier} and ${owner}`);
        }
        owners.set(t.name, owner);
      }
    }
  }
  return owners;
}

export interface TableUse {
  file: string;
  line: number;
  table: string;
}

const SQL_TABLE = /\b(?:from|join|into|update|table|exists|truncate)\s+(?:only\s+)?(?:public\.)?"?([a-z_][a-z0-9_]*)"?/gi;
const SQL_LIKE = /\b(?:select|insert|update|delete|with|truncate|lock)\b/i;
/** Query-builder calls whose string argument is a table name (`qb.from('municipalities', 'm')`). */
const TABLE_ARG_CALLS = new Set([
  'from',
  'innerJoin',
  'leftJoin',
  'innerJoinAndSelect',
  'leftJoinAndSelect',
  'into',
  'update',
  'delete',
  'query',
]);

/**
 * Every table named in raw SQL (string and template literals that read as SQL) or as a
 * query-builder table argument in one TypeScript source file.
 */
export function tablesNamedIn(file: string, text: string, known: ReadonlySet<string>): TableUse[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const uses: TableUse[] = [];
  const add = (node: ts.Node, table: string): void => {
    if (known.has(table)) {
      uses.push({ file, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, table });
    }
  };
  const scan = (node: ts.Node, literal: string): void => {
    if (SQL_LIKE.test(literal)) {
      for (const m of literal.matchAll(SQL_TABLE)) {
        add(node, (m[1] ?? '').toLowerCase());
      }
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      scan(node, node.text);
      const call = node.parent;
      if (ts.isCallExpression(call) && ts.isPropertyAccessExpression(call.expression) && TABLE_ARG_CALLS.has(call.expression.name.text)) {
        add(node, node.text);
      }
    } else if (ts.isTemplateExpression(node)) {
      // The literal parts joined: a table name is never split by a substitution.
      scan(node, [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ${} '));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return uses;
}

/** Raw SQL in a module's source that names a table another module owns. */
export function crossModuleTableUses(root: string, owners: ReadonlyMap<string, string>): (TableUse & { module: string; owner: string })[] {
  const known = new Set(owners.keys());
  const found: (TableUse & { module: string; owner: string })[] = [];
  for (const file of listFiles(path.join(root, 'src/modules'), (f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))) {
    const rel = path.relative(root, file).split(path.sep);
    if (rel.length < 4) {
      continue; // src/modules/*.ts: the registration points and shared route plumbing
    }
    const module = rel[2] ?? '';
    for (const use of tablesNamedIn(path.relative(root, file), fs.readFileSync(file, 'utf8'), known)) {
      const owner = owners.get(use.table) ?? '';
      if (owner !== module) {
        found.push({ ...use, module, owner });
      }
    }
  }
  return found;
}

export function listFiles(dir: string, keep: (file: string) => boolean): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      out.push(...listFiles(full, keep));
    } else if (keep(full)) {
      out.push(full);
    }
  }
  return out.sort();
}
