import { decodeJwt } from 'jose';
import { Role } from './actor';
import { loadConfig } from '../../config';
import { assertLifetime, createTokenVerifier, mintToken, VERIFIED_TOKEN_TTL_MS } from './tokens';

describe('mintToken', () => {
  const RealDate = Date;
  afterEach(() => {
    global.Date = RealDate;
  });

  it('never mints a token longer than its lifetime, even when the clock ticks between its reads (decision 1800)', async () => {
    // Every read of the clock is one second after the one before: the worst a loaded machine does.
    let reads = 0;
    const start = RealDate.UTC(2026, 11, 6, 1, 0, 0);
    class TickingDate extends RealDate {
      constructor(...args: ConstructorParameters<typeof RealDate> | []) {
        if (args.length === 0) {
          super(start + 1000 * reads++);
        } else {
          super(...args);
        }
      }
      static override now(): number {
        return start + 1000 * reads++;
      }
    }
    global.Date = TickingDate as DateConstructor;
    const token = await mintToken('a-secret-that-is-long-enough-0123456789', { subject: 'fo-1', role: Role.FINANCE_OFFICER });
    global.Date = RealDate;
    expect(reads).toBeGreaterThanOrEqual(2);
    const payload = decodeJwt(token);
    expect(payload.exp! - payload.iat!).toBeLessThanOrEqual(12 * 3600);
    expect(() => assertLifetime(payload, 12 * 3600, payload.iat)).not.toThrow();
  });
});

describe('createTokenVerifier: a verified token remembered (decision 2060)', () => {
  const secret = 'a-secret-that-is-long-enough-0123456789';
  const config = loadConfig({ NODE_ENV: 'test', JWT_SECRET: secret }, []);
  let clock = Date.now();
  const verifier = () => createTokenVerifier(config, () => clock);

  beforeEach(() => {
    clock = Date.now();
  });

  it('is refused from the millisecond it expires, remembered or not', async () => {
    const v = await verifier();
    const token = await mintToken(secret, { subject: 'fo-1', role: Role.FINANCE_OFFICER, expiresIn: '30s' });
    const exp = decodeJwt(token).exp! * 1000;
    await expect(v.verify(token)).resolves.toEqual({ subject: 'fo-1', role: Role.FINANCE_OFFICER, municipalityCode: null });
    clock = exp - 1;
    await expect(v.verify(token)).resolves.toMatchObject({ subject: 'fo-1' });
    clock = exp;
    await expect(v.verify(token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    // And stays refused: a refusal is not remembered as a pass.
    await expect(v.verify(token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('checks the token again after the time it is remembered for', async () => {
    const v = await verifier();
    const token = await mintToken(secret, {
      subject: 'ctl-1',
      role: Role.MUNICIPAL_CONTROLLER,
      municipalityCode: 'GM0363',
      expiresIn: '1h',
    });
    await expect(v.verify(token)).resolves.toMatchObject({ municipalityCode: 'GM0363' });
    clock += VERIFIED_TOKEN_TTL_MS + 1;
    await expect(v.verify(token)).resolves.toMatchObject({ municipalityCode: 'GM0363' });
    // A token minted for another secret is refused even while this one is remembered.
    const other = await mintToken('another-secret-that-is-long-enough-0123', {
      subject: 'ctl-1',
      role: Role.MUNICIPAL_CONTROLLER,
      municipalityCode: 'GM0363',
    });
    await expect(v.verify(other)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('never takes a changed token for the one it remembers', async () => {
    const v = await verifier();
    const token = await mintToken(secret, { subject: 'fo-2', role: Role.FINANCE_OFFICER });
    await v.verify(token);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BA' : 'AA'}`;
    await expect(v.verify(`${header}.${payload}.${flipped}`)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const claims = Buffer.from(JSON.stringify({ ...decodeJwt(token), role: Role.AUDITOR })).toString('base64url');
    await expect(v.verify(`${header}.${claims}.${signature}`)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('gives the remembered actor frozen, so no caller can change it for the next request', async () => {
    const v = await verifier();
    const token = await mintToken(secret, { subject: 'aud-1', role: Role.AUDITOR });
    const actor = await v.verify(token);
    expect(Object.isFrozen(actor)).toBe(true);
    expect(await v.verify(token)).toBe(actor);
  });
});
