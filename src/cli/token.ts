import 'reflect-metadata';
import { loadConfig } from '../config';
import { decodeJwt } from 'jose';
import { assertLifetime, mintToken, resolveSecret } from '../common/auth/tokens';
import { Role } from '../common/auth/actor';

/**
 * Mints a development token signed with JWT_SECRET or the embedded server's ./data/dev-jwt-secret.
 *   npm run token -- --role FINANCE_OFFICER [--sub alice] [--expires 2h]
 *   npm run token -- --role MUNICIPAL_CONTROLLER --municipality GM0363
 */
async function main(): Promise<void> {
  const args = new Map<string, string>();
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i];
    const value = argv[i + 1];
    if (!key?.startsWith('--') || value === undefined) {
      throw new Error(`usage: token --role ROLE [--municipality GMxxxx] [--sub SUBJECT] [--expires 12h]`);
    }
    args.set(key.slice(2), value);
  }
  const role = args.get('role') as Role | undefined;
  if (!role || !Object.values(Role).includes(role)) {
    throw new Error(`--role must be one of ${Object.values(Role).join(', ')}`);
  }
  const municipalityCode = args.get('municipality') ?? null;
  if (role === Role.MUNICIPAL_CONTROLLER && (!municipalityCode || !/^GM\d{4}$/.test(municipalityCode))) {
    throw new Error('a MUNICIPAL_CONTROLLER token needs --municipality GM + 4 digits');
  }
  const config = loadConfig();
  const secret = resolveSecret(config);
  if (!secret) {
    throw new Error('no JWT_SECRET set (production tokens come from your identity provider)');
  }
  const token = await mintToken(secret, {
    subject: args.get('sub') ?? `dev-${role.toLowerCase()}`,
    role,
    municipalityCode: role === Role.MUNICIPAL_CONTROLLER ? municipalityCode : null,
    expiresIn: args.get('expires') ?? '12h',
    issuer: config.jwt.issuer,
    audience: config.jwt.audience,
  });
  // The server refuses a token that lives longer than JWT_MAX_LIFETIME_SECONDS: say so now, not at use.
  assertLifetime(decodeJwt(token), config.jwt.maxLifetimeSeconds);
  process.stdout.write(`${token}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
