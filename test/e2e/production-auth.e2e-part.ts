import { generateKeyPair, exportSPKI, SignJWT } from 'jose';
import { createTokenVerifier } from '../../src/common/auth/tokens';
import { loadConfig } from '../../src/config';
import { Role } from '../../src/common/auth/actor';
import { PRODUCTION_CHAIN_ENV } from '../helpers/production-env';

describe('production token verification with a public key', () => {
  it('accepts RS256 tokens signed by the private key and refuses HS256 tokens made with the public key', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const pem = await exportSPKI(publicKey);
    const config = loadConfig(
      { NODE_ENV: 'production', JWT_PUBLIC_KEY: pem, JWT_ISSUER: 'https://idp.example', LOG_LEVEL: 'silent', ...PRODUCTION_CHAIN_ENV },
      [],
    );
    const verifier = await createTokenVerifier(config);
    const good = await new SignJWT({ role: 'AUDITOR' })
      .setProtectedHeader({ alg: 'RS256' })
      .setSubject('a-1')
      .setIssuer('https://idp.example')
      .setExpirationTime('5m')
      .sign(privateKey);
    await expect(verifier.verify(good)).resolves.toEqual({ subject: 'a-1', role: Role.AUDITOR, municipalityCode: null });
    const wrongIssuer = await new SignJWT({ role: 'AUDITOR' })
      .setProtectedHeader({ alg: 'RS256' })
      .setSubject('a-1')
      .setIssuer('https://evil')
      .setExpirationTime('5m')
      .sign(privateKey);
    await expect(verifier.verify(wrongIssuer)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    // Algorithm confusion: an HS256 token keyed with the public key text must not pass.
    const confused = await new SignJWT({ role: 'FINANCE_OFFICER' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setIssuer('https://idp.example')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(pem));
    await expect(verifier.verify(confused)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });
});
