import { DomainError } from '../errors/domain-error';
import { todayInAmsterdam } from '../dates';
import { Role, type Actor } from './actor';

/** What the register says of one municipality code. */
export interface MunicipalityValidity {
  /** Its last day (the day before its merger takes effect); null while it exists. */
  validUntil: string | null;
  successorCode: string | null;
}

export interface ControllerMunicipalityCheck {
  /** Refuses a controller whose municipality is not in the register or has been dissolved. */
  (actor: Actor): Promise<void>;
  /** Reads the register now (at start, so that no request pays for it). */
  prime(): Promise<void>;
  /** Forgets the register: the next check reads it again (after a merger was registered). */
  invalidate(): void;
}

/** Read again at least this often, for mergers registered by another process on the same database. */
const MAX_AGE_MS = 60 * 60_000;
/** A code the register does not know is looked up again at most this often. */
const UNKNOWN_RETRY_MS = 60_000;

/**
 * A controller token stands for one municipality: a token naming a code that is not in the
 * register, or a municipality dissolved in a merger (today, in Europe/Amsterdam, is past its last
 * day), is refused like a bad signature (issue 20 item 3): UNAUTHENTICATED, so the client asks its
 * identity provider for a token of the successor. Other roles pass untouched.
 *
 * The register (342 rows) is held in memory: read once at start, again after a merger is
 * registered (`invalidate`), after an hour, or when a code is missing; so a request costs no query.
 * Whether a municipality has been dissolved is decided at each check from its stored last day.
 */
export function controllerMunicipalityCheck(
  loadRegister: () => Promise<Map<string, MunicipalityValidity>>,
  today: () => string = () => todayInAmsterdam(),
): ControllerMunicipalityCheck {
  let register: Map<string, MunicipalityValidity> | null = null;
  let loadedAt = 0;
  const load = async (): Promise<Map<string, MunicipalityValidity>> => {
    register = await loadRegister();
    loadedAt = Date.now();
    return register;
  };
  const check = async (actor: Actor): Promise<void> => {
    if (actor.role !== Role.MUNICIPAL_CONTROLLER || actor.municipalityCode === null) {
      return;
    }
    const code = actor.municipalityCode;
    let current = register !== null && Date.now() - loadedAt <= MAX_AGE_MS ? register : await load();
    if (!current.has(code) && Date.now() - loadedAt > UNKNOWN_RETRY_MS) {
      current = await load();
    }
    const validity = current.get(code);
    if (validity === undefined) {
      throw new DomainError('UNAUTHENTICATED', `the token names municipality ${code}, which is not in the register`, {
        reason: 'UNKNOWN_MUNICIPALITY',
      });
    }
    if (validity.validUntil !== null && today() > validity.validUntil) {
      const successor = validity.successorCode === null ? '' : `; its successor is ${validity.successorCode}`;
      throw new DomainError('UNAUTHENTICATED', `the token names municipality ${code}, dissolved after ${validity.validUntil}${successor}`, {
        reason: 'DISSOLVED_MUNICIPALITY',
      });
    }
  };
  return Object.assign(check, {
    prime: async () => {
      await load();
    },
    invalidate: () => {
      register = null;
    },
  });
}
