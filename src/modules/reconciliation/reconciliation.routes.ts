import { Readable } from 'node:stream';
import type { Express, Request, Response } from 'express';
import { authenticated, type RouteDeps } from '../http-route-auth';
import { parseIsoDate } from '../../common/dates';
import { badInput } from '../../common/errors/domain-error';
import { Money } from '../../common/money/money';
import { journalBatches, journalCsvStream, publishCheckpoint, type JournalExportFilter, type JournalExportRow } from '../ledger';
import type { RequestContext } from '../../context';
import { Role } from '../../common/auth/actor';
import { getExportForDownload } from './reconciliation.service';
import { differencesFromDb, writeExport } from './reconciliation.export';

const amount = (direction: string, value: string): string => (direction === 'DEBIT' ? value : `-${value}`);
const clean = (text: string): string =>
  text
    .replace(/[\r\n]+/g, ' ')
    .replace(/;/g, ',')
    .trim();

/** Where the postings a controller may not see are summed, so each exported transaction still balances. */
export const HIDDEN_ACCOUNT = 'hidden:other-municipalities';

/**
 * One transaction in hledger/ledger journal format, with id, sequence, kind, cause and hash as tags.
 * When postings are hidden from the caller (a controller), one `hidden:other-municipalities`
 * posting balances the transaction: hledger refuses unbalanced ones, and the amount is what the
 * visible ministry posting already implies.
 */
export function hledgerTransaction(t: JournalExportRow): string {
  const cause = t.causeType ? `, cause:${t.causeType}/${clean(t.causeId ?? '').replace(/,/g, ' ')}` : '';
  const lines = [
    `${t.effectiveDate} * ${t.kind} ${clean(t.reason)}  ; txid:${t.id}, seq:${t.sequence}, kind:${t.kind}${cause}, recorded:${t.recordedAt}, hash:${t.hash}`,
  ];
  let net = new Money(0);
  for (const p of t.postings) {
    lines.push(`    ${p.account}    ${amount(p.direction, p.amount)} EUR`);
    net = p.direction === 'DEBIT' ? net.plus(p.amount) : net.minus(p.amount);
  }
  if (!net.isZero()) {
    lines.push(`    ${HIDDEN_ACCOUNT}    ${net.negated().toFixed(2)} EUR`);
  }
  return `${lines.join('\n')}\n\n`;
}

async function* journalText(filter: JournalExportFilter, batches: AsyncGenerator<JournalExportRow[]>): AsyncGenerator<string> {
  yield `; inburgering funding engine journal export, ${new Date().toISOString()}\n; filter: ${JSON.stringify(filter)}\n; amounts in EUR, debit positive; see docs/export-format.md\n\n`;
  for await (const batch of batches) {
    yield batch.map(hledgerTransaction).join('');
  }
}

/** Streams `body` into `res` with backpressure (memory does not grow with the journal). */
function streamTo(res: Response, source: AsyncGenerator<string>): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const body = Readable.from(source);
    body.on('error', (error) => {
      res.destroy(error);
      reject(error);
    });
    res.on('finish', resolve);
    res.on('close', resolve);
    body.pipe(res);
  });
}

/** The journal filter of the query string; the ledger module scopes it (controllers: their own municipality). */
function journalFilter(req: Request): JournalExportFilter {
  const yearText = str(req.query.year);
  if (yearText !== null && !/^\d{4}$/.test(yearText)) {
    throw badInput('year', 'must be a year');
  }
  const municipality = str(req.query.municipality);
  if (municipality !== null && !/^GM\d{4}$/.test(municipality)) {
    throw badInput('municipality', 'is not a municipality code (GM + 4 digits)');
  }
  const from = str(req.query.from);
  const to = str(req.query.to);
  return {
    municipalityCode: municipality,
    schemeCode: str(req.query.scheme),
    year: yearText === null ? null : Number(yearText),
    from: from === null ? null : parseIsoDate(from, 'from'),
    to: to === null ? null : parseIsoDate(to, 'to'),
  };
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** The header that carries the checkpoint published with an export (base64url of its JSON document). */
export const CHECKPOINT_HEADER = 'X-Journal-Checkpoint';

/**
 * Every export publishes a signed checkpoint of the journal head (issue 20 item 8, decision 1701);
 * ministry roles get it in `X-Journal-Checkpoint` to keep. A controller's export publishes one too
 * but is not given it (the head covers every municipality). A broken chain or a failure to sign
 * does not stop the export: it is logged, and the header is absent.
 */
async function withCheckpoint(ctx: RequestContext, res: Response): Promise<void> {
  try {
    const published = await publishCheckpoint(ctx, 'EXPORT');
    if (published.checkpoint !== null && ctx.actor?.role !== Role.MUNICIPAL_CONTROLLER) {
      res.setHeader(CHECKPOINT_HEADER, Buffer.from(JSON.stringify(published.checkpoint)).toString('base64url'));
    }
  } catch (error) {
    ctx.log.error({ err: error }, 'checkpoint with the export failed');
  }
}

/** GET /exports/reconciliation/:id (zip), GET /exports/journal.ledger (hledger journal) and GET /exports/journal.csv. */
export function reconciliationRoutes(app: Express, deps: RouteDeps): void {
  app.get(
    '/exports/reconciliation/:id',
    authenticated(deps, async (ctx, req, res) => {
      // Finance officers and auditors only: an export covers every municipality of the run.
      const { exp, run } = await getExportForDownload(ctx, String(req.params.id));
      await withCheckpoint(ctx, res);
      res.status(200);
      res.setHeader('Content-Type', 'application/zip');
      res.setHeader(
        'Content-Disposition',
        `attachment; filename="reconciliation-${run.schemeCode}-${run.year}-${exp.format.toLowerCase()}-${exp.id}.zip"`,
      );
      try {
        await writeExport({ run, exp, differences: differencesFromDb(ctx, run.id) }, res);
      } catch (error) {
        ctx.log.error({ err: error, exportId: exp.id }, 'export failed while streaming');
        res.destroy(error as Error);
      }
    }),
  );

  app.get(
    '/exports/journal.ledger',
    authenticated(deps, async (ctx, req, res) => {
      const filter = journalFilter(req);
      // Scoped (or refused) here, before the response starts.
      const batches = journalBatches(ctx, filter);
      await withCheckpoint(ctx, res);
      res.status(200);
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      res.setHeader('Content-Disposition', 'attachment; filename="journal.ledger"');
      await streamTo(res, journalText(filter, batches));
    }),
  );

  // The same journal, same filter and authorisation, one CSV row per journal line (posting).
  app.get(
    '/exports/journal.csv',
    authenticated(deps, async (ctx, req, res) => {
      // Scoped (or refused) here, before the response starts; PostgreSQL writes the rows (COPY TO).
      const stream = journalCsvStream(ctx, journalFilter(req));
      await withCheckpoint(ctx, res);
      res.status(200);
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', 'attachment; filename="journal.csv"');
      try {
        await stream(res);
      } catch (error) {
        ctx.log.error({ err: error }, 'journal CSV export failed while streaming');
        res.destroy(error as Error);
      }
    }),
  );
}
