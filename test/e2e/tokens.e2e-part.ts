import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';
import { createTestApp, codes, TEST_SECRET, type TestApp } from '../helpers/test-app';
import { createApp, type App } from '../../src/server';
import { loadConfig } from '../../src/config';
import { createTokenVerifier, devTokens } from '../../src/common/auth/tokens';
import { Role } from '../../src/common/auth/actor';
import { PRODUCTION_CHAIN_ENV } from '../helpers/production-env';

/**
 * Tokens (issue 20 item 3): every token must carry `exp` and live at most JWT_MAX_LIFETIME_SECONDS
 * (12 hours by default); a controller's token must name a municipality in the register that has not
 * been dissolved; in production a caller without a token gets neither introspection nor "Did you
 * mean" suggestions (ANONYMOUS_INTROSPECTION). The development tokens printed at start and minted by
 * `npm run token` keep working.
 */

const run = promisify(execFile);
const secret = new TextEncoder().encode(TEST_SECRET);
const now = () => Math.floor(Date.now() / 1000);

/** An HS256 token with exactly the claims given (no defaults: that is the point). */
function sign(claims: Record<string, unknown>): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(secret);
}

const VIEWER = '{ viewer { subject role municipalityCode } }';

describe('tokens', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ poolSize: 3 });
    // GM0014 (Groningen) merges into GM0037 on 1 January 2026: its controllers' tokens end with it.
    await t.ok(
      `mutation { registerMerger(input: { dissolvedCodes: ["GM0014"], successorCode: "GM0037", effectiveDate: "2026-01-01" }) { dissolvedCode } }`,
    );
  });
  afterAll(() => t.close());

  const refusal = async (token: string) => {
    const result = await t.gql(VIEWER, {}, token);
    return { codes: codes(result), reason: result.errors?.[0]?.extensions?.reason, message: result.errors?.[0]?.message ?? '' };
  };

  describe('expiry and lifetime', () => {
    it('refuses a token without exp', async () => {
      const token = await sign({ sub: 'fo-x', role: 'FINANCE_OFFICER', iat: now() });
      expect(await refusal(token)).toMatchObject({ codes: ['UNAUTHENTICATED'], reason: 'EXP_REQUIRED' });
    });

    it.each([
      ['exp − iat is 12 hours and 1 second', { iat: now() - 10, exp: now() - 10 + 12 * 3600 + 1 }],
      ['no iat and exp 13 hours from now', { exp: now() + 13 * 3600 }],
      ['iat in the future and exp 13 hours from now', { iat: now() + 12 * 3600, exp: now() + 13 * 3600 }],
      ['a year', { iat: now(), exp: now() + 365 * 24 * 3600 }],
    ])('refuses a lifetime above the maximum: %s', async (_name, times) => {
      const token = await sign({ sub: 'fo-x', role: 'FINANCE_OFFICER', ...times });
      expect(await refusal(token)).toMatchObject({ codes: ['UNAUTHENTICATED'], reason: 'LIFETIME_TOO_LONG' });
    });

    it('accepts exactly the maximum, and a short token without iat', async () => {
      const atMax = await sign({ sub: 'fo-x', role: 'FINANCE_OFFICER', iat: now(), exp: now() + 12 * 3600 });
      expect(await t.ok(VIEWER, {}, atMax)).toEqual({ viewer: { subject: 'fo-x', role: 'FINANCE_OFFICER', municipalityCode: null } });
      const short = await sign({ sub: 'fo-y', role: 'AUDITOR', exp: now() + 300 });
      expect(await t.ok(VIEWER, {}, short)).toEqual({ viewer: { subject: 'fo-y', role: 'AUDITOR', municipalityCode: null } });
    });

    it('takes the maximum from JWT_MAX_LIFETIME_SECONDS and refuses a bad value at start', async () => {
      const config = loadConfig({ NODE_ENV: 'test', JWT_SECRET: TEST_SECRET, JWT_MAX_LIFETIME_SECONDS: '600', LOG_LEVEL: 'silent' }, []);
      const verifier = await createTokenVerifier(config);
      const tenMinutes = await sign({ sub: 'a', role: 'AUDITOR', iat: now(), exp: now() + 600 });
      const elevenMinutes = await sign({ sub: 'a', role: 'AUDITOR', iat: now(), exp: now() + 660 });
      await expect(verifier.verify(tenMinutes)).resolves.toMatchObject({ subject: 'a' });
      await expect(verifier.verify(elevenMinutes)).rejects.toMatchObject({
        extensions: { code: 'UNAUTHENTICATED', reason: 'LIFETIME_TOO_LONG' },
      });
      expect(() => loadConfig({ JWT_MAX_LIFETIME_SECONDS: 'forever' }, [])).toThrow(
        /JWT_MAX_LIFETIME_SECONDS must be a whole number from 60/,
      );
    });

    it('refuses a token without exp on the download routes too', async () => {
      await new Promise<void>((resolve) => t.app.httpServer.listen(0, '127.0.0.1', resolve));
      try {
        const port = (t.app.httpServer.address() as AddressInfo).port;
        const token = await sign({ sub: 'a', role: 'AUDITOR', iat: now() });
        const res = await fetch(`http://127.0.0.1:${port}/exports/journal.csv`, { headers: { authorization: `Bearer ${token}` } });
        expect(res.status).toBe(401);
      } finally {
        await new Promise<void>((resolve) => t.app.httpServer.close(() => resolve()));
      }
    });
  });

  describe("a controller's municipality", () => {
    it('refuses a controller of a municipality that is not in the register', async () => {
      expect(await refusal(await t.tokens.controller('GM9999'))).toMatchObject({
        codes: ['UNAUTHENTICATED'],
        reason: 'UNKNOWN_MUNICIPALITY',
      });
    });

    it('refuses a controller of a municipality dissolved in a merger, naming the successor', async () => {
      const result = await refusal(await t.tokens.controller('GM0014'));
      expect(result).toMatchObject({ codes: ['UNAUTHENTICATED'], reason: 'DISSOLVED_MUNICIPALITY' });
      expect(result.message).toMatch(/GM0014, dissolved after 2025-12-31; its successor is GM0037/);
    });

    it('accepts a controller of an existing municipality (the successor included)', async () => {
      for (const code of ['GM0363', 'GM0037']) {
        expect(await t.ok(VIEWER, {}, await t.tokens.controller(code))).toEqual({
          viewer: { subject: `ctl-${code}`, role: 'MUNICIPAL_CONTROLLER', municipalityCode: code },
        });
      }
    });
  });

  describe('development tokens', () => {
    it('the tokens printed at start are accepted, each with its role', async () => {
      const tokens = await devTokens(TEST_SECRET);
      expect(Object.keys(tokens)).toEqual(['FINANCE_OFFICER', 'FINANCE_OFFICER_2', 'MUNICIPAL_CONTROLLER', 'AUDITOR']);
      for (const [name, token] of Object.entries(tokens)) {
        const data = await t.ok<{ viewer: { role: string } }>(VIEWER, {}, token);
        expect(data.viewer.role).toBe(name === 'FINANCE_OFFICER_2' ? 'FINANCE_OFFICER' : name);
      }
    });

    it('`npm run token` mints an accepted token, and refuses to mint one the server would refuse', async () => {
      const cli = path.resolve(__dirname, '../../dist/src/cli/token.js');
      const env = { ...process.env, JWT_SECRET: TEST_SECRET, LOG_LEVEL: 'silent' };
      const { stdout } = await run(process.execPath, [cli, '--role', 'MUNICIPAL_CONTROLLER', '--municipality', 'GM0344'], { env });
      expect(await t.ok(VIEWER, {}, stdout.trim())).toEqual({
        viewer: { subject: 'dev-municipal_controller', role: 'MUNICIPAL_CONTROLLER', municipalityCode: 'GM0344' },
      });
      const tooLong = await run(process.execPath, [cli, '--role', 'AUDITOR', '--expires', '2d'], { env }).catch((e: unknown) => e);
      expect(tooLong).toMatchObject({
        code: 2,
        stderr: expect.stringMatching(/longer than the 43200 s allowed \(JWT_MAX_LIFETIME_SECONDS\)/),
      });
    });
  });

  describe('schema details for anonymous callers', () => {
    let production: App;
    let permissive: App;

    beforeAll(async () => {
      const make = async (env: Record<string, string>) => {
        const config = loadConfig(
          { NODE_ENV: 'production', JWT_SECRET: TEST_SECRET, LOG_LEVEL: 'silent', ...PRODUCTION_CHAIN_ENV, ...env },
          [],
        );
        return createApp({ config, dataSource: t.dataSource, verifier: await createTokenVerifier(config) });
      };
      production = await make({});
      permissive = await make({ ANONYMOUS_INTROSPECTION: 'true' });
    });
    afterAll(async () => {
      await production.apollo.stop();
      await permissive.apollo.stop();
    });

    const ask = async (app: App, query: string, token: string | null) => {
      const response = await app.apollo.executeOperation({ query }, { contextValue: await app.contextFor(token) });
      if (response.body.kind !== 'single') {
        throw new Error('single result expected');
      }
      return { status: response.http.status ?? 200, ...response.body.singleResult };
    };
    const INTROSPECTION = '{ __schema { queryType { name } } }';
    const TYPE = '{ __type(name: "Settlement") { fields { name } } }';
    const TYPO = '{ municipalitie(first: 1) { totalCount } }';

    it('production refuses introspection to a caller without a token, 401 with a code', async () => {
      for (const query of [INTROSPECTION, TYPE, `query { viewer { subject } ... on Query { __schema { types { name } } } }`]) {
        const result = await ask(production, query, null);
        expect({ status: result.status, data: result.data, code: result.errors?.[0]?.extensions?.code }).toEqual({
          status: 401,
          data: undefined,
          code: 'UNAUTHENTICATED',
        });
      }
    });

    it('production gives a caller without a token no "Did you mean" suggestion; a signed-in caller keeps it', async () => {
      const anonymous = await ask(production, TYPO, null);
      expect(anonymous.errors?.[0]?.message).toMatch(/Cannot query field "municipalitie" on type "Query"\.$/);
      expect(JSON.stringify(anonymous.errors)).not.toMatch(/Did you mean|municipalities/);
      const signedIn = await ask(production, TYPO, t.tokens.auditor);
      expect(signedIn.errors?.[0]?.message).toMatch(/Did you mean "municipalities"/);
    });

    it('a signed-in caller may introspect in production; __typename reveals nothing and stays open', async () => {
      const signedIn = await ask(production, INTROSPECTION, t.tokens.auditor);
      expect(signedIn.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
      expect((await ask(production, '{ __typename }', null)).data).toEqual({ __typename: 'Query' });
    });

    it('ANONYMOUS_INTROSPECTION=true (the default outside production) allows both', async () => {
      expect((await ask(permissive, INTROSPECTION, null)).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
      expect((await ask(permissive, TYPO, null)).errors?.[0]?.message).toMatch(/Did you mean "municipalities"/);
      expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: TEST_SECRET, ...PRODUCTION_CHAIN_ENV }, []).anonymousIntrospection).toBe(
        false,
      );
      expect(loadConfig({ NODE_ENV: 'development' }, []).anonymousIntrospection).toBe(true);
      expect(() => loadConfig({ ANONYMOUS_INTROSPECTION: 'yes' }, [])).toThrow(/ANONYMOUS_INTROSPECTION must be true or false/);
    });
  });

  it('still refuses what it refused: a token of another role claim, expired, or signed with another key', async () => {
    expect((await refusal(await sign({ sub: 'x', role: 'ADMIN', iat: now(), exp: now() + 60 }))).codes).toEqual(['UNAUTHENTICATED']);
    expect((await refusal(await sign({ sub: 'x', role: Role.AUDITOR, iat: now() - 7200, exp: now() - 3600 }))).codes).toEqual([
      'UNAUTHENTICATED',
    ]);
  });
});
