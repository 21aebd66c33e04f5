import { decodeJwt } from 'jose';
import { Role } from './actor';
import { assertLifetime, mintToken } from './tokens';

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
