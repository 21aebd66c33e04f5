import fs from 'node:fs';
import path from 'node:path';
import express, { type Express, type Request, type Response, type NextFunction } from 'express';

/** Paths the API owns; everything else that accepts HTML is the console's client-side routing. */
const API_PREFIXES = ['/graphql', '/exports', '/healthz', '/readyz', '/console-api'];

/**
 * The built console (`vite build` → dist/console). Compiled code runs from dist/src/modules/console,
 * tests from src/modules/console; both find <root>/dist/console.
 */
export function consoleDirectory(): string | undefined {
  const candidates = [path.resolve(__dirname, '../../../dist/console'), path.resolve(__dirname, '../../../console')];
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'index.html')) && fs.existsSync(path.join(dir, 'assets')));
}

const SECURITY_HEADERS: Record<string, string> = {
  // Scripts only from this origin; Recharts sets inline SVG styles; no framing, no plugins.
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

export interface ConsoleRouteOptions {
  /** Tokens offered as sign-in buttons; only set when the server runs with its development secret. */
  devTokens?: Record<string, string>;
}

/**
 * Serves the web console at `/`: hashed assets cached for a year, `index.html` for every other
 * GET that asks for HTML (client-side routes such as /municipalities/GM0363), never cached. The
 * console talks to the API only through /graphql and the export routes, with the user's token.
 */
export function consoleRoutes(app: Express, options: ConsoleRouteOptions): void {
  app.get('/console-api/dev-tokens', (_req: Request, res: Response) => {
    res.setHeader('cache-control', 'no-store');
    if (options.devTokens === undefined) {
      res.status(404).json({ error: { code: 'NOT_FOUND', message: 'development tokens are only offered in development' } });
      return;
    }
    res.json(options.devTokens);
  });

  const dir = consoleDirectory();
  const indexHtml = dir === undefined ? undefined : path.join(dir, 'index.html');
  const withHeaders = (_req: Request, res: Response, next: NextFunction) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
      res.setHeader(name, value);
    }
    next();
  };
  if (dir !== undefined) {
    app.use('/assets', withHeaders, express.static(path.join(dir, 'assets'), { immutable: true, maxAge: '365d', index: false }));
  }
  // A missing asset (an old hash after a deploy) is a plain 404, never the fallback's HTML.
  app.use('/assets', (_req: Request, res: Response) => {
    res.status(404).type('text/plain').send('Not found\n');
  });
  app.get(/.*/, withHeaders, (req: Request, res: Response, next: NextFunction) => {
    if (API_PREFIXES.some((p) => req.path === p || req.path.startsWith(`${p}/`)) || !req.accepts('html')) {
      next();
      return;
    }
    if (indexHtml === undefined) {
      res.status(503).type('text/plain').send('The console is not built: run `npm run build` (or `npm start`, which builds it).\n');
      return;
    }
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(indexHtml);
  });
}
