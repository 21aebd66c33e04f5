import nl from '../../console/src/i18n/nl.json';
import en from '../../console/src/i18n/en.json';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (typeof value === 'string') {
      out.set(path, value);
    } else {
      for (const [k, v] of flatten(value, path)) {
        out.set(k, v);
      }
    }
  }
  return out;
}

const variables = (text: string) => [...new Set([...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]))].sort();

describe('console texts: Dutch and English resources', () => {
  const dutch = flatten(nl);
  const english = flatten(en);

  it('have the same keys (the compiler checks every t() key against the Dutch file)', () => {
    expect([...english.keys()].sort()).toEqual([...dutch.keys()].sort());
    expect(dutch.size).toBeGreaterThan(400);
  });

  it('fill in the same variables in both languages, and leave no text empty', () => {
    for (const [key, text] of dutch) {
      expect({ key, text: text.trim() === '' }).toEqual({ key, text: false });
      expect({ key, variables: variables(english.get(key) ?? '') }).toEqual({ key, variables: variables(text) });
    }
  });

  it('give every counted text both plural forms', () => {
    const plurals = [...dutch.keys()].filter((k) => /_(one|other)$/.test(k)).map((k) => k.replace(/_(one|other)$/, ''));
    for (const base of new Set(plurals)) {
      expect([dutch.has(`${base}_one`), dutch.has(`${base}_other`)]).toEqual([true, true]);
    }
  });
});
