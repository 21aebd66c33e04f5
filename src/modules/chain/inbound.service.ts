import type { DataSource } from 'typeorm';
import type { RequestContext } from '../../context';
import { sha256Hex } from '../../common/hashing/canonical';
import { Role, type Actor } from '../../common/auth/actor';
import { runCommand } from '../../common/db/run-command';
import { logger } from '../../common/logger';
import { getPersonHistory, importPersonEvents, onPersonEventsApplied, registerPersonEventSource } from '../people';
import { municipalityRegister, onRegisterChange } from '../municipalities';
import { secretMatches, type ChainConfig } from './chain.config';
import { mapNotification, needsDetails, stateOf } from './duo-mapping.calculator';
import { municipalityForOin } from './oin';
import { candidatePseudonyms, isValidBsn } from './pseudonym';
import { firstProblem, openApiValidator, CHAIN_OPENAPI } from './openapi';
import { SourceUnavailable, type Raadpleging } from './raadpleging.client';
import type { JobQueue } from '../../common/jobs';
import { notifyAppliedPersonEvents } from './person-notifications';

/** Class (first key) of the two-key advisory locks on a message and on a person (the second key is a hash). */
const INBOUND_LOCK_CLASS = 1700;

/** The feed the people module records DUO's events under; declared out of order (decision 1500). */
export const DUO_SOURCE = 'DUO';
const CHAIN_ACTOR: Actor = { subject: 'chain:duo', role: Role.FINANCE_OFFICER, municipalityCode: null };

export interface InboundRequest {
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}
/** Status and Foutmelding body of the answer (the route adds `API-Version`). */
export interface InboundAnswer {
  status: 201 | 400 | 401 | 403 | 500 | 503;
  fouttekst?: string;
}

export interface Inbound {
  receive(req: InboundRequest): Promise<InboundAnswer>;
  /** Compiles the request validator now (the server calls it after its start-up banner). */
  warmUp(): Promise<void>;
}

const header = (req: InboundRequest, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/** Canonical request (the person as pseudonym), hashed to tell a replay from a reused berichtId. */
export function inboundRequestHash(fields: Record<string, string>): string {
  const canonical = Object.keys(fields)
    .sort()
    .map((k) => `${k}=${fields[k] as string}`)
    .join('\n');
  return sha256Hex(canonical);
}

/**
 * POST /notificaties behind the route (issue 17 items 1 and 2). In order: the sender's secret
 * (401), the document (400), bron and doel (403), the elfproef (400); then the number becomes a
 * pseudonym and is dropped. A berichtId seen before is answered as before and nothing is applied
 * again. Details are consulted before the transaction (raadpleging); the mapping, the person
 * events (through the people module), the outbox rows and the inbox row commit together.
 */
export async function createInbound(deps: {
  dataSource: DataSource;
  config: ChainConfig;
  raadpleging: Raadpleging;
  /** The process's job queue: delivery is announced on it (without one, the sweep of another process finds it). */
  jobs?: JobQueue;
}): Promise<Inbound> {
  const { dataSource, config, raadpleging, jobs } = deps;
  // Compiled once, on the first notification or by `warmUp()` after the start-up banner (decision
  // 1840), not while the server starts: it is some 0.4 s of CPU and 300 modules.
  let validator: Promise<Awaited<ReturnType<typeof openApiValidator>>> | undefined;
  const validatorReady = () => (validator ??= openApiValidator(CHAIN_OPENAPI));
  // The route's notifications come from the same handler as every other import's (decision 1550);
  // index.ts registers it at load too, registering twice is one registration.
  onPersonEventsApplied(notifyAppliedPersonEvents);
  let register: Promise<Set<string>> | null = null;
  onRegisterChange(() => {
    register = null;
  });
  const context = (requestId: string): RequestContext => ({
    requestId,
    actor: CHAIN_ACTOR,
    dataSource,
    em: dataSource.manager,
    inTransaction: false,
    log: logger.child({ requestId }),
    jobs,
  });
  const municipalities = (ctx: RequestContext) => {
    register ??= municipalityRegister(ctx).then((m) => new Set(m.keys()));
    return register;
  };
  let sourceDeclared = false;

  return {
    async warmUp() {
      await validatorReady();
    },
    async receive(req) {
      const auth = header(req, 'authorization');
      const m = auth === undefined ? null : /^Bearer\s+(\S+)$/i.exec(auth);
      if (!m || !secretMatches(m[1] as string, config.inboundSecret)) {
        return { status: 401, fouttekst: 'de afzender kan niet geauthentiseerd worden' };
      }
      const validation = (await validatorReady()).validateRequest(
        { method: 'post', path: '/notificaties', headers: req.headers as Record<string, string>, body: req.body as object },
        'opvoerenNotificatie',
      );
      if (!validation.valid) {
        return { status: 400, fouttekst: firstProblem(validation.errors) };
      }
      const bron = header(req, 'bron') as string;
      const doel = header(req, 'doel') as string;
      const berichtId = (header(req, 'berichtid') as string).toLowerCase();
      const body = req.body as { registratieDatumTijd: string; gebeurtenisId: string; bsn?: string; vNummer?: number };
      const requestId = `chain-${berichtId}`;
      const ctx = context(requestId);
      if (!config.senderOins.includes(bron)) {
        ctx.log.warn({ event: 'chain_sender_refused', bron }, 'notification from an unregistered sender');
        return { status: 403, fouttekst: 'bron is geen geregistreerde afzender' };
      }
      const code = municipalityForOin(doel);
      if (code === null || !(await municipalities(ctx)).has(code)) {
        return { status: 403, fouttekst: 'doel is geen gemeente die de engine bedient' };
      }
      if (body.bsn === undefined && body.vNummer === undefined) {
        return { status: 400, fouttekst: 'bsn of vNummer is verplicht' };
      }
      if (body.bsn !== undefined && !isValidBsn(body.bsn)) {
        return { status: 400, fouttekst: 'bsn voldoet niet aan de elfproef' };
      }
      const registeredAt = new Date(body.registratieDatumTijd);
      const kind = body.bsn !== undefined ? 'bsn' : 'vnummer';
      const candidates = candidatePseudonyms(config.pseudonymKeys, config.currentKeyId, kind, body.bsn ?? String(body.vNummer));
      const bsn = body.bsn;

      const known = await dataSource.query<{ person_id: string }[]>(
        'SELECT DISTINCT person_id FROM chain_inbox WHERE person_id = ANY($1::varchar[])',
        [candidates.all],
      );
      // Rotation: a person first seen under an older key keeps that pseudonym (decision 1501).
      const personId = candidates.all.find((c) => known.some((k) => k.person_id === c)) ?? candidates.current;
      const hash = inboundRequestHash({
        bron,
        doel,
        gebeurtenisId: body.gebeurtenisId,
        registratieDatumTijd: registeredAt.toISOString(),
        person: personId,
      });
      const replay = async (em: RequestContext['em']): Promise<InboundAnswer | null> => {
        const prior = await em.query<{ request_hash: string }[]>('SELECT request_hash FROM chain_inbox WHERE bericht_id = $1', [berichtId]);
        if (prior[0] === undefined) {
          return null;
        }
        return prior[0].request_hash === hash
          ? { status: 201 }
          : { status: 400, fouttekst: 'berichtId is al gebruikt voor een ander bericht' };
      };
      const early = await replay(dataSource.manager);
      if (early !== null) {
        return early;
      }

      let details = null;
      if (needsDetails(body.gebeurtenisId) && bsn !== undefined) {
        try {
          details = await raadpleging.details({ bsn, sourceOin: bron });
        } catch (error) {
          if (error instanceof SourceUnavailable) {
            ctx.log.warn({ event: 'chain_source_unavailable', reason: error.message, berichtId }, 'raadpleging failed');
            return { status: 503, fouttekst: 'de bron kon niet geraadpleegd worden; probeer het later opnieuw' };
          }
          throw error;
        }
      }
      if (!sourceDeclared) {
        await registerPersonEventSource(ctx, { code: DUO_SOURCE, outOfOrder: true });
        sourceDeclared = true;
      }

      const answer = await runCommand<InboundAnswer>(ctx, async (tx) => {
        // One message and one person at a time (a berichtId sent twice at once is answered as a
        // replay; two messages about one person apply in turn); other people's messages run in
        // parallel up to the people module's lock. The chain's lock comes last (decision 1512).
        await tx.em.query('SELECT pg_advisory_xact_lock($1, hashtext($2)), pg_advisory_xact_lock($1, hashtext($3))', [
          INBOUND_LOCK_CLASS,
          `bericht:${berichtId}`,
          `person:${personId}`,
        ]);
        const again = await replay(tx.em);
        if (again !== null) {
          return again;
        }
        const history = await getPersonHistory(tx, personId);
        const state = stateOf(history.events);
        const mapping = mapNotification({
          gebeurtenisId: body.gebeurtenisId,
          code,
          registratieDatumTijd: body.registratieDatumTijd,
          state,
          details,
        });
        let outcome: string = mapping.outcome;
        let batchKey: string | null = null;
        if (mapping.outcome === 'EVENTS') {
          batchKey = `duo:${berichtId}`;
          const summary = await importPersonEvents(tx, {
            batchKey,
            events: mapping.events.map((e, i) => ({
              eventId: `duo:${berichtId}:${i + 1}`,
              personId,
              type: e.type,
              date: e.date,
              category: e.category ?? null,
              municipalityCode: e.municipalityCode ?? null,
              fromCode: e.fromCode ?? null,
              toCode: e.toCode ?? null,
              endReason: e.endReason ?? null,
              source: DUO_SOURCE,
              sourceRecordedAt: registeredAt.toISOString(),
            })),
          });
          outcome = summary.pending > 0 ? 'PENDING' : 'APPLIED';
          // The notifications of what applied (and of what it released from PENDING) were written by
          // the chain's handler of the people module's hook, inside the import: person-notifications.ts.
        }
        await tx.em.query(
          `INSERT INTO chain_inbox (bericht_id, bron, doel, municipality_code, gebeurtenis_id, person_id, registered_at, request_hash, outcome, reason, batch_key)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
          [
            berichtId,
            bron,
            doel,
            code,
            body.gebeurtenisId,
            personId,
            registeredAt.toISOString(),
            hash,
            outcome,
            mapping.reason.slice(0, 300),
            batchKey,
          ],
        );
        tx.log.info(
          { event: 'chain_notification', berichtId, gebeurtenisId: body.gebeurtenisId, municipality: code, outcome },
          'notification received',
        );
        return { status: 201 };
      });
      return answer;
    },
  };
}
