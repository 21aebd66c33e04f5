import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import YAML from 'yaml';
import type OpenAPIBackend from 'openapi-backend';
import { openApiValidator } from '../../src/modules/chain/openapi';

/**
 * DUO's published interface files (README of ../shared/data/duo-m2m): read from DUO_M2M_DIR or the
 * directory beside the repository, never copied into it. Missing files fail the suite loudly.
 */
export function duoDir(): string {
  const dir = process.env.DUO_M2M_DIR ?? path.resolve(__dirname, '..', '..', '..', 'shared', 'data', 'duo-m2m');
  if (!fs.existsSync(path.join(dir, 'API_Notificatie_openapi.yml'))) {
    throw new Error(`DUO's OpenAPI files are missing: expected them in ${dir} (set DUO_M2M_DIR to their directory)`);
  }
  return dir;
}

export async function duoSpec(file: 'API_Notificatie_openapi.yml' | 'API_Inburgeringsplicht_openapi.yml'): Promise<OpenAPIBackend> {
  return openApiValidator(YAML.parse(fs.readFileSync(path.join(duoDir(), file), 'utf8')));
}

/** The event ids of DUO's catalogue (Gebeurtenissen), as listed in its tables. */
export function duoEventIds(): string[] {
  const text = fs.readFileSync(path.join(duoDir(), 'Gebeurtenissen_Gebeurtenissen.md'), 'utf8');
  return [...new Set([...text.matchAll(/^\|\s*(SS\d{3})\s*\|/gm)].map((m) => m[1] as string))].sort();
}

/**
 * A random BSN that passes the elfproef. Each seed draws from its own range of 1,000 numbers (a
 * failed elfproef draws again in that range), so different seeds never give the same BSN within a
 * run: a test's "unknown person" cannot be another test's person. Runs differ.
 */
export function validBsn(seed: number): string {
  if (!Number.isInteger(seed) || seed < 0 || seed >= 89) {
    throw new RangeError(`validBsn: seed ${seed} is not a whole number from 0 to 88`);
  }
  for (;;) {
    const digits = String(10_000_000 + seed * 1_000_000 + crypto.randomInt(0, 1000));
    let sum = 0;
    for (let i = 0; i < 8; i += 1) {
      sum += (9 - i) * Number(digits[i]);
    }
    const last = sum % 11;
    if (last <= 9) {
      return `${digits}${last}`;
    }
  }
}
