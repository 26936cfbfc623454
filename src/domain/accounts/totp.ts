// The second factor: time-based one-time passwords (RFC 6238, built on HOTP, RFC 4226) as authenticator apps make
// them (HMAC-SHA1, 30-second steps, 6 digits), and single-use recovery codes for when the phone is lost.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const TOTP_STEP_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** RFC 4226 section 4 (R6) asks for a shared secret of at least 128 bits and recommends 160. */
export const TOTP_SECRET_BYTES = 20;
/**
 * Steps either side of now that are accepted: one, so a phone clock a little out, or a code typed as it changes,
 * still works (RFC 6238 section 5.2 recommends at most one step of network delay).
 */
export const TOTP_ACCEPTED_DRIFT_STEPS = 1;

export const RECOVERY_CODE_COUNT = 10;

/**
 * Wrong codes allowed since the last right one before codes are refused altogether (NIST SP 800-63B 5.2.2: at most
 * 100 consecutive failed attempts). The account lockout alone resets every few minutes, which would let someone
 * holding the password try hundreds of codes a day; after this many only a recovery code or an administrator's
 * reset will do.
 */
export const TOTP_FAILURE_LIMIT = 100;
export const totpAttemptsExhausted = (failuresSinceSuccess: number) => failuresSinceSuccess >= TOTP_FAILURE_LIMIT;
/** 10 base32 characters: 50 random bits each. */
const RECOVERY_CODE_LENGTH = 10;

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding, the form authenticator apps read. */
export function base32Encode(bytes: Uint8Array): string {
  let output = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      output += BASE32_ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) output += BASE32_ALPHABET[(buffer << (5 - bits)) & 31];
  return output;
}

/** Accepts lower case, spaces and padding, as people type a key; throws on any other character. */
export function base32Decode(text: string): Buffer {
  const clean = text.replace(/[\s=]/g, '').toUpperCase();
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of clean) {
    const value = BASE32_ALPHABET.indexOf(char);
    if (value < 0) throw new Error('not a base32 string');
    buffer = ((buffer << 5) | value) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bytes.push((buffer >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

/** A new shared secret of 160 random bits, in base32 (32 characters). */
export function newTotpSecret(random: Uint8Array = randomBytes(TOTP_SECRET_BYTES)): string {
  if (random.length !== TOTP_SECRET_BYTES) throw new Error(`a TOTP secret is ${TOTP_SECRET_BYTES} bytes`);
  return base32Encode(random);
}

/** HOTP (RFC 4226 section 5): HMAC of the 8-byte counter, dynamic truncation, then the low `digits` decimal digits. */
export function hotp(key: Uint8Array, counter: number | bigint, digits: number = TOTP_DIGITS, algorithm: 'sha1' | 'sha256' | 'sha512' = 'sha1'): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm, key).update(message).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** The RFC 6238 time step T: whole 30-second intervals since the Unix epoch. */
export function totpStep(at: Date | number): number {
  const ms = at instanceof Date ? at.getTime() : at;
  return Math.floor(ms / 1000 / TOTP_STEP_SECONDS);
}

/** The code for a step; also what a test or an authenticator app computes. */
export function totpForStep(secret: string, step: number, digits: number = TOTP_DIGITS): string {
  return hotp(base32Decode(secret), step, digits);
}

export function totpAt(secret: string, at: Date | number, digits: number = TOTP_DIGITS): string {
  return totpForStep(secret, totpStep(at), digits);
}

/** What people type: spaces and hyphens are ignored (some apps show "123 456"). */
export function normaliseTotpCode(input: string): string {
  return input.replace(/[\s-]/g, '');
}

export const isWellFormedTotpCode = (code: string) => new RegExp(`^\\d{${TOTP_DIGITS}}$`).test(normaliseTotpCode(code));

export type TotpVerdict = { ok: true; step: number } | { ok: false; reason: 'malformed' | 'wrong' | 'replayed' };

/**
 * Accepts the code for the previous, current or next step, and only for a step later than the last one used: a
 * code seen once (over a shoulder, or in a phishing proxy) cannot be used again, and neither can an earlier code
 * from the same window (RFC 6238 section 5.2: the verifier must not accept a second use of an OTP). The caller
 * stores the returned step as the new last used step.
 */
export function verifyTotp(secret: string, input: string, at: Date | number, lastUsedStep: number | null): TotpVerdict {
  const code = normaliseTotpCode(input);
  if (!isWellFormedTotpCode(code)) return { ok: false, reason: 'malformed' };
  const key = base32Decode(secret);
  const current = totpStep(at);
  let matched: number | null = null;
  // Every candidate is computed and compared in constant time, so the answer's timing says nothing about which matched.
  for (let step = current - TOTP_ACCEPTED_DRIFT_STEPS; step <= current + TOTP_ACCEPTED_DRIFT_STEPS; step++) {
    if (timingSafeEqual(Buffer.from(hotp(key, step)), Buffer.from(code)) && matched === null) matched = step;
  }
  if (matched === null) return { ok: false, reason: 'wrong' };
  if (lastUsedStep !== null && matched <= lastUsedStep) return { ok: false, reason: 'replayed' };
  return { ok: true, step: matched };
}

/** The secret as people type it from the screen: groups of 4 characters. */
export function secretForTyping(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

/** The Key Uri Format authenticator apps read from a QR code; the defaults are spelled out for apps that need them. */
export function otpauthUri(options: { secret: string; issuer: string; account: string }): string {
  const label = `${encodeURIComponent(options.issuer)}:${encodeURIComponent(options.account)}`;
  const query = new URLSearchParams({ secret: options.secret, issuer: options.issuer, algorithm: 'SHA1', digits: String(TOTP_DIGITS), period: String(TOTP_STEP_SECONDS) });
  return `otpauth://totp/${label}?${query.toString()}`;
}

// ---- recovery codes

/** Ten codes like "k7mq2-xw4ra", each 50 random bits, in lower-case base32 so none can be misread as another. */
export function newRecoveryCodes(random: (size: number) => Uint8Array = randomBytes): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    // 50 bits from 7 bytes: the first 10 characters of their base32 form.
    const text = base32Encode(random(7)).slice(0, RECOVERY_CODE_LENGTH).toLowerCase();
    return `${text.slice(0, 5)}-${text.slice(5)}`;
  });
}

/** The code without spaces, hyphens or case; null when it cannot be a recovery code at all. */
export function normaliseRecoveryCode(input: string): string | null {
  const code = input.replace(/[\s-]/g, '').toLowerCase();
  return new RegExp(`^[a-z2-7]{${RECOVERY_CODE_LENGTH}}$`).test(code) ? code : null;
}

/**
 * Stored as "salt.sha256(salt, code)" with a 32-bit random salt per code. A fast hash is enough here, unlike for
 * passwords: each code is 50 bits from the CSPRNG, not a human choice, so there is no dictionary for a slow hash to
 * slow down, and guessing one offline (about 2^49 hashes) gains only a second factor, which is worthless without the
 * password (argon2id) and which whoever reads this table can already get from the TOTP secret beside it. The salt
 * is what OWASP ASVS 2.6.2 asks for lookup secrets of under 112 bits, so no hash can be precomputed for all users.
 */
export function hashRecoveryCode(input: string, salt: Uint8Array = randomBytes(4)): string {
  const code = normaliseRecoveryCode(input);
  if (!code) throw new Error('not a recovery code');
  const saltText = Buffer.from(salt).toString('hex');
  return `${saltText}.${createHash('sha256').update(`${saltText}:${code}`).digest('hex')}`;
}

export function recoveryCodeMatches(input: string, stored: string): boolean {
  const code = normaliseRecoveryCode(input);
  const [saltText, hash] = stored.split('.');
  if (!code || !saltText || !hash || !/^[0-9a-f]{8}$/.test(saltText) || !/^[0-9a-f]{64}$/.test(hash)) return false;
  const candidate = hashRecoveryCode(code, Buffer.from(saltText, 'hex')).split('.')[1]!;
  return timingSafeEqual(Buffer.from(candidate), Buffer.from(hash));
}
