import { badInput } from '../../common/errors/domain-error';

export type AccountKind = 'ASSET' | 'LIABILITY' | 'EXPENSE' | 'INCOME' | 'EQUITY' | 'MEMO';
export type Direction = 'DEBIT' | 'CREDIT';

/** What an address says about its account: everything but its id. */
export interface ParsedAccount {
  address: string;
  template: string;
  kind: AccountKind;
  normalSide: Direction;
  municipalityCode: string | null;
  schemeCode: string | null;
  year: number | null;
}

const SCHEME = '([A-Z0-9][A-Z0-9_-]{0,38})';
const YEAR = '(20\\d{2}|19\\d{2})';
const MUNICIPALITY = '(GM\\d{4})';

interface Template {
  name: string;
  pattern: RegExp;
  kind: AccountKind;
  normalSide: Direction;
  /** Capture groups, in order. */
  groups: ('m' | 's' | 'y')[];
}

/**
 * The only accounts the engine books on (DOMAIN.md, "Accounts and what is booked"). Debit-normal:
 * assets, expenses and the ministry's memo commitment; credit-normal: the municipalities' memo
 * `committed` accounts (the other side of the commitment). Anything else is refused, so a typo
 * cannot open a new account.
 */
const TEMPLATES: readonly Template[] = [
  { name: 'ministry:bank', pattern: /^ministry:bank$/, kind: 'ASSET', normalSide: 'DEBIT', groups: [] },
  {
    name: 'ministry:commitment',
    pattern: new RegExp(`^ministry:commitment:${SCHEME}:${YEAR}$`),
    kind: 'MEMO',
    normalSide: 'DEBIT',
    groups: ['s', 'y'],
  },
  {
    name: 'ministry:expense',
    pattern: new RegExp(`^ministry:expense:${SCHEME}:${YEAR}$`),
    kind: 'EXPENSE',
    normalSide: 'DEBIT',
    groups: ['s', 'y'],
  },
  {
    name: 'municipality:committed',
    pattern: new RegExp(`^municipality:${MUNICIPALITY}:committed:${SCHEME}:${YEAR}$`),
    kind: 'MEMO',
    normalSide: 'CREDIT',
    groups: ['m', 's', 'y'],
  },
  {
    name: 'municipality:advance',
    pattern: new RegExp(`^municipality:${MUNICIPALITY}:advance:${SCHEME}:${YEAR}$`),
    kind: 'ASSET',
    normalSide: 'DEBIT',
    groups: ['m', 's', 'y'],
  },
  {
    name: 'municipality:receivable',
    pattern: new RegExp(`^municipality:${MUNICIPALITY}:receivable:${SCHEME}$`),
    kind: 'ASSET',
    normalSide: 'DEBIT',
    groups: ['m', 's'],
  },
];

/**
 * Addresses already parsed, frozen and shared (decision 1950): a batch of appends names the same few
 * hundred accounts over and over. Bounded: emptied when full.
 */
const parsedCache = new Map<string, Readonly<ParsedAccount>>();
const PARSED_CACHE_SIZE = 20_000;

/** Parses an address against the templates; null when it matches none. */
export function tryParseAccount(address: string): Readonly<ParsedAccount> | null {
  const cached = parsedCache.get(address);
  if (cached !== undefined) {
    return cached;
  }
  const parsed = parseAgainstTemplates(address);
  if (parsed !== null) {
    if (parsedCache.size >= PARSED_CACHE_SIZE) {
      parsedCache.clear();
    }
    parsedCache.set(address, Object.freeze(parsed));
  }
  return parsed;
}

function parseAgainstTemplates(address: string): ParsedAccount | null {
  for (const t of TEMPLATES) {
    const m = t.pattern.exec(address);
    if (!m) {
      continue;
    }
    const parsed: ParsedAccount = {
      address,
      template: t.name,
      kind: t.kind,
      normalSide: t.normalSide,
      municipalityCode: null,
      schemeCode: null,
      year: null,
    };
    t.groups.forEach((g, i) => {
      const value = m[i + 1] as string;
      if (g === 'm') {
        parsed.municipalityCode = value;
      } else if (g === 's') {
        parsed.schemeCode = value;
      } else {
        parsed.year = Number(value);
      }
    });
    return parsed;
  }
  return null;
}

/** Like tryParseAccount, but an unknown address is BAD_USER_INPUT naming the field. */
export function parseAccount(address: string, field: string): Readonly<ParsedAccount> {
  const parsed = tryParseAccount(address);
  if (parsed === null) {
    throw badInput(field, `"${address}" is not a ledger account address (see DOMAIN.md, "Accounts and what is booked")`);
  }
  return parsed;
}

/** The municipality an address belongs to, or null for ministry accounts. */
export function municipalityOf(address: string): string | null {
  const m = /^municipality:(GM\d{4}):/.exec(address);
  return m ? (m[1] as string) : null;
}

function checkedYear(year: number): number {
  if (!Number.isInteger(year) || year < 1900 || year > 2099) {
    throw new RangeError(`not a scheme year: ${year}`);
  }
  return year;
}

/** Builders for the addresses of DOMAIN.md; the only way code should spell an account. */
export const accounts = {
  bank: (): string => 'ministry:bank',
  commitment: (scheme: string, year: number): string => `ministry:commitment:${scheme}:${checkedYear(year)}`,
  expense: (scheme: string, year: number): string => `ministry:expense:${scheme}:${checkedYear(year)}`,
  committed: (m: string, scheme: string, year: number): string => `municipality:${m}:committed:${scheme}:${checkedYear(year)}`,
  advance: (m: string, scheme: string, year: number): string => `municipality:${m}:advance:${scheme}:${checkedYear(year)}`,
  receivable: (m: string, scheme: string): string => `municipality:${m}:receivable:${scheme}`,
};
