import { Readable } from 'node:stream';
import type { Express, Request, Response } from 'express';
import type { RequestContext } from '../../context';
import type { RouteDeps } from '../http-routes';
import { Role } from '../../common/auth/actor';
import { municipalityScope } from '../../common/auth/scope';
import { parseIsoDate } from '../../common/dates';
import { badInput, DomainError } from '../../common/errors/domain-error';
import { journalBatches, type JournalExportRow } from '../ledger';
import { getExportForDownload } from './reconciliation.service';
import { differencesFromDb, writeExport } from './reconciliation.export';

/** Bearer token → RequestContext; no or a bad token is UNAUTHENTICATED (as on /graphql). */
async function contextOf(deps: RouteDeps, req: Request, res: Response): Promise<RequestContext> {
  const header = req.header('authorization');
  const m = header === undefined ? null : /^Bearer\s+(\S+)$/i.exec(header);
  if (!m || m[1] === undefined) {
    throw new DomainError('UNAUTHENTICATED', 'a "Bearer <token>" Authorization header is required');
  }
  try {
    const ctx = await deps.contextFor(m[1], String(res.locals.requestId ?? ''));
    if (ctx.actor === null) {
      throw new Error('no actor');
    }
    return ctx;
  } catch (error) {
    if (error instanceof DomainError) {
      throw error;
    }
    throw new DomainError('UNAUTHENTICATED', 'the token is not valid');
  }
}

const amount = (direction: string, value: string): string => (direction === 'DEBIT' ? value : `-${value}`);
const clean = (text: string): string =>
  text
    .replace(/[\r\n]+/g, ' ')
    .replace(/;/g, ',')
    .trim();

/** One transaction in hledger/ledger journal format, with id, sequence, kind, cause and hash as tags. */
export function hledgerTransaction(t: JournalExportRow): string {
  const cause = t.causeType ? `, cause:${t.causeType}/${clean(t.causeId ?? '').replace(/,/g, ' ')}` : '';
  const lines = [
    `${t.effectiveDate} * ${t.kind} ${clean(t.reason)}  ; txid:${t.id}, seq:${t.sequence}, kind:${t.kind}${cause}, recorded:${t.recordedAt}, hash:${t.hash}`,
  ];
  for (const p of t.postings) {
    lines.push(`    ${p.account}    ${amount(p.direction, p.amount)} EUR`);
  }
  return `${lines.join('\n')}\n\n`;
}

async function* journalText(ctx: RequestContext, filter: Parameters<typeof journalBatches>[1]): AsyncGenerator<string> {
  yield `; inburgering funding engine journal export, ${new Date().toISOString()}\n; filter: ${JSON.stringify(filter)}\n; amounts in EUR, debit positive; see docs/export-format.md\n\n`;
  for await (const batch of journalBatches(ctx, filter)) {
    yield batch.map(hledgerTransaction).join('');
  }
}

/** RFC 4180 field: quoted when it holds a comma, quote or line break. */
const csvField = (v: string | null): string => (v === null ? '' : /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export const JOURNAL_CSV_HEADER =
  'transaction_id,sequence,effective_date,recorded_at,kind,reason,cause_type,cause_id,hash,line,account,direction,amount\r\n';

/** One CSV row per journal line (posting) of a transaction; amounts positive, direction says the side. */
export function journalCsvLines(t: JournalExportRow): string {
  const head = [t.id, t.sequence, t.effectiveDate, t.recordedAt, t.kind, t.reason, t.causeType, t.causeId, t.hash].map(csvField).join(',');
  return t.postings.map((p, i) => `${head},${i + 1},${csvField(p.account)},${p.direction},${p.amount}\r\n`).join('');
}

async function* journalCsv(ctx: RequestContext, filter: Parameters<typeof journalBatches>[1]): AsyncGenerator<string> {
  yield JOURNAL_CSV_HEADER;
  for await (const batch of journalBatches(ctx, filter)) {
    yield batch.map(journalCsvLines).join('');
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

/** The journal filter of the query string, scoped: a controller gets their own municipality only. */
function journalFilter(ctx: RequestContext, req: Request): Parameters<typeof journalBatches>[1] {
  const municipality = str(req.query.municipality);
  // Controllers: their own municipality only (FORBIDDEN for another, and logged).
  const scope = municipalityScope(ctx, municipality ? [municipality] : null);
  if (ctx.actor?.role !== Role.MUNICIPAL_CONTROLLER && ctx.actor?.role !== Role.FINANCE_OFFICER && ctx.actor?.role !== Role.AUDITOR) {
    throw new DomainError('FORBIDDEN', 'not allowed');
  }
  const yearText = str(req.query.year);
  if (yearText !== null && !/^\d{4}$/.test(yearText)) {
    throw badInput('year', 'must be a year');
  }
  const from = str(req.query.from);
  const to = str(req.query.to);
  return {
    municipalityCode: scope?.[0] ?? municipality,
    schemeCode: str(req.query.scheme),
    year: yearText === null ? null : Number(yearText),
    from: from === null ? null : parseIsoDate(from, 'from'),
    to: to === null ? null : parseIsoDate(to, 'to'),
  };
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** GET /exports/reconciliation/:id (zip), GET /exports/journal.ledger (hledger journal) and GET /exports/journal.csv. */
export function reconciliationRoutes(app: Express, deps: RouteDeps): void {
  app.get('/exports/reconciliation/:id', async (req: Request, res: Response) => {
    const ctx = await contextOf(deps, req, res);
    const { exp, run } = await getExportForDownload(ctx, String(req.params.id));
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
  });

  app.get('/exports/journal.ledger', async (req: Request, res: Response) => {
    const ctx = await contextOf(deps, req, res);
    const filter = journalFilter(ctx, req);
    res.status(200);
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="journal.ledger"');
    await streamTo(res, journalText(ctx, filter));
  });

  // The same journal, same filter and authorisation, one CSV row per journal line (posting).
  app.get('/exports/journal.csv', async (req: Request, res: Response) => {
    const ctx = await contextOf(deps, req, res);
    const filter = journalFilter(ctx, req);
    res.status(200);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="journal.csv"');
    await streamTo(res, journalCsv(ctx, filter));
  });
}
