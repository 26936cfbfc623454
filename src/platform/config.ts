// Every environment read in Harbour happens here, so the README can list them all from one place.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export type Config = {
  port: number;
  production: boolean;
  dataDir: string;
  databaseUrl: string | null;
  acknowledgeEmbeddedInProduction: boolean;
  profileId: string;
  sessionSecret: string;
  idleTimeoutMinutes: number;
  /**
   * How many proxies in front of Harbour to believe (X-Forwarded-For, X-Forwarded-Proto): 0 believes none, 1 the
   * one nearest. Never "all": a client could then name any address it liked and escape the per-address limits.
   */
  trustProxyHops: number;
  logLevel: string;
  loadDemoData: boolean;
  smtpUrl: string | null;
  mailFrom: string;
  publicUrl: string;
  /** Keep the board's default views counted in the background (HARBOUR_BOARD_WARM; off by default under NODE_ENV=test). */
  warmBoard: boolean;
  /** Web processes sharing the port; more than one needs PostgreSQL. */
  workers: number;
  /** Everyone must sign in with a TOTP code, and enrol at their next sign-in if they have not. */
  requireSecondFactor: boolean;
  /** Sign-in through the council's OpenID Connect provider, or null when not configured (issue 16). */
  oidc: OidcConfig | null;
};

export type OidcConfig = {
  issuer: string;
  clientId: string;
  clientSecret: string | null;
  redirectUri: string;
  /** Shown on the button: "Sign in with <providerName>". */
  providerName: string;
  /** How a first sign-in finds the Harbour user: by the provider's verified e-mail (then the subject is kept), or only by a subject already linked. */
  match: 'email' | 'subject';
  /** `amr` values that mean the provider did multi-factor authentication (RFC 8176). */
  mfaAmr: string[];
  /** `acr` values that mean the same, as the provider documents them. */
  mfaAcr: string[];
  scopes: string;
};

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function get(env: Env, name: string, fallback: string | null, requiredInProduction = false): string | null {
  const value = env[name];
  if (value !== undefined && value !== '') return value;
  if (requiredInProduction && env.NODE_ENV === 'production') {
    throw new ConfigError(`${name} must be set when NODE_ENV=production`);
  }
  return fallback;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  return ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());
}

/** A security switch is read strictly: a typo must stop Harbour starting, not quietly turn the protection off. */
function strictFlag(env: Env, name: string, fallback: boolean): boolean {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  const lower = value.toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(lower)) return true;
  if (['0', 'false', 'no', 'off'].includes(lower)) return false;
  throw new ConfigError(`${name} must be true or false`);
}

export const MAX_TRUSTED_PROXY_HOPS = 10;

/** `true`/`false` (as it read before) mean 1 and 0 hops; a whole number is the hops; anything else stops Harbour. */
function proxyHops(env: Env, name: string): number {
  const value = env[name];
  if (value === undefined || value === '') return 0;
  const lower = value.trim().toLowerCase();
  if (['true', 'yes', 'on'].includes(lower)) return 1;
  if (['false', 'no', 'off'].includes(lower)) return 0;
  if (/^\d{1,2}$/.test(lower) && Number(lower) <= MAX_TRUSTED_PROXY_HOPS) return Number(lower);
  throw new ConfigError(`${name} must be a number of proxy hops from 0 to ${MAX_TRUSTED_PROXY_HOPS} (true means 1, false 0)`);
}

/** Outside production a session secret is generated once and kept in the data directory so restarts keep sessions. */
function sessionSecretFor(env: Env, dataDir: string): string {
  const explicit = get(env, 'SESSION_SECRET', null, true);
  if (explicit) {
    if (explicit.length < 32) throw new ConfigError('SESSION_SECRET must be at least 32 characters');
    return explicit;
  }
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'session-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

const list = (value: string | null): string[] => (value ?? '').split(/[\s,]+/).map((v) => v.trim()).filter(Boolean);

/** Off unless the issuer is set; then the client id and redirect URI must be too, or Harbour does not start. */
function oidcConfig(env: Env, production: boolean): OidcConfig | null {
  const issuer = get(env, 'HARBOUR_OIDC_ISSUER', null);
  if (!issuer) return null;
  const clientId = get(env, 'HARBOUR_OIDC_CLIENT_ID', null);
  const redirectUri = get(env, 'HARBOUR_OIDC_REDIRECT_URI', null);
  if (!clientId || !redirectUri) throw new ConfigError('HARBOUR_OIDC_ISSUER needs HARBOUR_OIDC_CLIENT_ID and HARBOUR_OIDC_REDIRECT_URI');
  for (const [name, value] of [['HARBOUR_OIDC_ISSUER', issuer], ['HARBOUR_OIDC_REDIRECT_URI', redirectUri]] as const) {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new ConfigError(`${name} must be a URL`);
    }
    if (production && url.protocol !== 'https:') throw new ConfigError(`${name} must be an https URL when NODE_ENV=production`);
  }
  if (!redirectUri.endsWith('/sign-in/oidc/callback')) throw new ConfigError('HARBOUR_OIDC_REDIRECT_URI must end in /sign-in/oidc/callback');
  const match = get(env, 'HARBOUR_OIDC_MATCH', 'email')!;
  if (match !== 'email' && match !== 'subject') throw new ConfigError('HARBOUR_OIDC_MATCH must be email or subject');
  return {
    issuer,
    clientId,
    clientSecret: get(env, 'HARBOUR_OIDC_CLIENT_SECRET', null),
    redirectUri,
    providerName: get(env, 'HARBOUR_OIDC_PROVIDER_NAME', 'your organisation’s account')!,
    match,
    mfaAmr: list(get(env, 'HARBOUR_OIDC_MFA_AMR', 'mfa,otp,hwk,sc')),
    mfaAcr: list(get(env, 'HARBOUR_OIDC_MFA_ACR', null)),
    scopes: get(env, 'HARBOUR_OIDC_SCOPES', 'openid email profile')!,
  };
}

export function loadConfig(env: Env = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const dataDir = resolve(get(env, 'HARBOUR_DATA_DIR', './data')!);
  const databaseUrl = get(env, 'DATABASE_URL', null);
  const acknowledgeEmbeddedInProduction = flag(env, 'HARBOUR_EMBEDDED_DB_NOT_FOR_PRODUCTION', false);
  if (production && !databaseUrl && !acknowledgeEmbeddedInProduction) {
    throw new ConfigError(
      'NODE_ENV=production needs DATABASE_URL: the embedded database (PGlite) runs without fsync and in one process only. ' +
        'Set HARBOUR_EMBEDDED_DB_NOT_FOR_PRODUCTION=true to run it anyway.',
    );
  }
  const port = Number(get(env, 'PORT', '3000'));
  const idleTimeoutMinutes = Number(get(env, 'HARBOUR_IDLE_TIMEOUT_MINUTES', '30'));
  // The time-out warning counts down from it in the browser: a value that is not a number would break it silently.
  if (!Number.isInteger(idleTimeoutMinutes) || idleTimeoutMinutes < 1 || idleTimeoutMinutes > 720) throw new ConfigError('HARBOUR_IDLE_TIMEOUT_MINUTES must be a whole number from 1 to 720');
  const workers = Number(get(env, 'HARBOUR_WORKERS', '1'));
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new ConfigError('HARBOUR_WORKERS must be a whole number from 1 to 64');
  if (workers > 1 && !databaseUrl) throw new ConfigError('HARBOUR_WORKERS above 1 needs DATABASE_URL: the embedded database allows one process only');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError('PORT must be a whole number from 0 to 65535');
  return {
    port,
    production,
    dataDir,
    databaseUrl,
    acknowledgeEmbeddedInProduction,
    profileId: get(env, 'HARBOUR_PROFILE', 'camden')!,
    sessionSecret: sessionSecretFor(env, dataDir),
    idleTimeoutMinutes,
    trustProxyHops: proxyHops(env, 'HARBOUR_TRUST_PROXY'),
    logLevel: get(env, 'LOG_LEVEL', production ? 'info' : 'info')!,
    loadDemoData: flag(env, 'HARBOUR_DEMO_DATA', !production),
    smtpUrl: get(env, 'SMTP_URL', null),
    mailFrom: get(env, 'MAIL_FROM', 'harbour@localhost')!,
    workers,
    requireSecondFactor: strictFlag(env, 'HARBOUR_REQUIRE_SECOND_FACTOR', production),
    publicUrl: (get(env, 'HARBOUR_PUBLIC_URL', null) ?? `http://localhost:${port}`).replace(/\/$/, ''),
    oidc: oidcConfig(env, production),
    warmBoard: flag(env, 'HARBOUR_BOARD_WARM', env.NODE_ENV !== 'test'),
  };
}
