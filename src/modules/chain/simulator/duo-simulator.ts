import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Request, type Response } from 'express';
import type { Doelgroep, Inburgeringsplicht } from '../duo-mapping.calculator';

/** The version of DUO's Inburgeringsplicht API the simulator answers as. */
export const SIMULATED_API_VERSION = '1.2.2';

export interface SimulatedPerson {
  plicht: Inburgeringsplicht;
  doelgroep: Doelgroep;
}

const DOELGROEPEN: Doelgroep[] = [
  { indeling: 'Asielstatushouder', gedetailleerdeDoelgroep: 'Asielstatushouder' },
  { indeling: 'Gezinsmigrant en overige migrant', gedetailleerdeDoelgroep: 'Gezinsvormer' },
  { indeling: 'Gezinsmigrant en overige migrant', gedetailleerdeDoelgroep: 'Overig' },
];

/**
 * A deterministic answer for a BSN nobody registered (the simulator under `npm start`): obliged
 * from a date in 2026 and a doelgroep, both read off the number, so that a demo needs no setup.
 */
export function derivedPerson(bsn: string): SimulatedPerson {
  const n = Number(bsn);
  const day = new Date(Date.UTC(2026, 0, 1 + (n % 300))).toISOString().slice(0, 10);
  const doelgroep = DOELGROEPEN[n % 3] as Doelgroep;
  return { plicht: { indicatorInburgeringsplicht: true, begindatum: day }, doelgroep: { ...doelgroep, begindatum: day } };
}

export interface DuoSimulator {
  url: string;
  /** Registers (or replaces) what the simulator answers for a BSN. */
  set(bsn: string, person: SimulatedPerson): void;
  /** Every request it answered (method, path without the BSN, status), for tests. */
  readonly calls: { operation: string; status: number }[];
  /** Makes the simulator answer 503 until called again with false (an outage at the source). */
  setUnavailable(down: boolean): void;
  close(): Promise<void>;
}

const missingHeaders = (req: Request): boolean =>
  ['bron', 'doel', 'berichtid'].some((h) => typeof req.headers[h] !== 'string' || req.headers[h] === '');

/**
 * DUO's Inburgeringsplicht API as the engine consults it (raadpleging), for tests and `npm start`:
 * GET /personen/{bsn}/inburgeringsplicht and /doelgroep. It never logs (the path holds a BSN).
 * `derive` answers unknown BSNs with `derivedPerson` instead of 404.
 */
export async function startDuoSimulator(options: { port?: number; derive?: boolean } = {}): Promise<DuoSimulator> {
  const people = new Map<string, SimulatedPerson>();
  const calls: { operation: string; status: number }[] = [];
  let unavailable = false;
  const app = express();
  app.disable('x-powered-by');
  const answer = (operation: string, pick: (p: SimulatedPerson) => unknown) => (req: Request, res: Response) => {
    res.setHeader('API-Version', SIMULATED_API_VERSION);
    const bsn = String(req.params.bsn);
    const status = unavailable ? 503 : missingHeaders(req) || !/^\d{9}$/.test(bsn) ? 400 : 200;
    const person = people.get(bsn) ?? (options.derive ? derivedPerson(bsn) : undefined);
    const final = status === 200 && person === undefined ? 404 : status;
    calls.push({ operation, status: final });
    if (final !== 200 || person === undefined) {
      res.status(final).end();
      return;
    }
    res.setHeader('berichtId', String(req.headers.berichtid));
    res.status(200).json(pick(person));
  };
  app.get(
    '/personen/:bsn/inburgeringsplicht',
    answer('getInburgeringsplichtByBsn', (p) => p.plicht),
  );
  app.get(
    '/personen/:bsn/doelgroep',
    answer('getDoelgroepByBsn', (p) => p.doelgroep),
  );
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    set: (bsn, person) => people.set(bsn, person),
    calls,
    setUnavailable: (down) => {
      unavailable = down;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
