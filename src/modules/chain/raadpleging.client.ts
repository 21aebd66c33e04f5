import crypto from 'node:crypto';
import type { SourceDetails } from './duo-mapping.calculator';

/** The source could not be consulted (down, timeout, 5xx): the notification is answered 503, not recorded. */
export class SourceUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourceUnavailable';
  }
}

export interface Raadpleging {
  /** Consults the obligation and doelgroep of a BSN; null parts for 404. */
  details(input: { bsn: string; sourceOin: string }): Promise<SourceDetails>;
}

/**
 * Raadpleging (Interactiepatronen): after a thin notification the receiver asks the source's API,
 * synchronously, for the details. Calls DUO's Inburgeringsplicht API (or the simulator) with the
 * headers its spec requires. The URL holds the BSN: it is never logged, and errors carry only the
 * operation and status.
 */
export function raadplegingClient(baseUrl: string, engineOin: string, timeoutMs = 5000): Raadpleging {
  const get = async (bsn: string, what: 'inburgeringsplicht' | 'doelgroep', sourceOin: string): Promise<unknown> => {
    let res: Response;
    try {
      res = await fetch(`${baseUrl}/personen/${bsn}/${what}`, {
        headers: { accept: 'application/json', bron: engineOin, doel: sourceOin, berichtId: crypto.randomUUID() },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch {
      throw new SourceUnavailable(`${what}: the source did not answer`);
    }
    if (res.status === 404) {
      await res.body?.cancel();
      return null;
    }
    if (res.status !== 200) {
      await res.body?.cancel();
      throw new SourceUnavailable(`${what}: the source answered ${res.status}`);
    }
    return res.json();
  };
  return {
    async details({ bsn, sourceOin }) {
      const [plicht, doelgroep] = await Promise.all([get(bsn, 'inburgeringsplicht', sourceOin), get(bsn, 'doelgroep', sourceOin)]);
      return { plicht: plicht as SourceDetails['plicht'], doelgroep: doelgroep as SourceDetails['doelgroep'] };
    },
  };
}
