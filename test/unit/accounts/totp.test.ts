import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  RECOVERY_CODE_COUNT,
  TOTP_STEP_SECONDS,
  base32Decode,
  base32Encode,
  hashRecoveryCode,
  hotp,
  newRecoveryCodes,
  newTotpSecret,
  normaliseRecoveryCode,
  otpauthUri,
  recoveryCodeMatches,
  secretForTyping,
  totpAt,
  totpForStep,
  totpStep,
  verifyTotp,
  TOTP_FAILURE_LIMIT,
  totpAttemptsExhausted,
} from '../../../src/domain/accounts/totp.ts';

/** The seed of RFC 4226 Appendix D and RFC 6238 Appendix B (SHA-1): the ASCII string "12345678901234567890". */
const RFC_SEED = Buffer.from('12345678901234567890', 'ascii');
const RFC_SECRET = base32Encode(RFC_SEED);

describe('base32 (RFC 4648)', () => {
  it('encodes the RFC 4648 section 10 test vectors, without padding', () => {
    const vectors: [string, string][] = [['', ''], ['f', 'MY'], ['fo', 'MZXQ'], ['foo', 'MZXW6'], ['foob', 'MZXW6YQ'], ['fooba', 'MZXW6YTB'], ['foobar', 'MZXW6YTBOI']];
    for (const [plain, encoded] of vectors) {
      assert.equal(base32Encode(Buffer.from(plain)), encoded);
      assert.equal(base32Decode(encoded).toString(), plain);
    }
  });
  it('decodes what people type: lower case, spaces and padding', () => {
    assert.equal(base32Decode('mzxw 6ytb oi======').toString(), 'foobar');
  });
  it('refuses characters outside the alphabet', () => {
    assert.throws(() => base32Decode('MZXW1'), /base32/);
  });
  it('round-trips a 160-bit secret as 32 characters', () => {
    const secret = newTotpSecret();
    assert.match(secret, /^[A-Z2-7]{32}$/);
    assert.equal(base32Decode(secret).length, 20);
    assert.notEqual(newTotpSecret(), secret);
    assert.throws(() => newTotpSecret(Buffer.alloc(10)), /20 bytes/);
  });
});

describe('HOTP (RFC 4226)', () => {
  it('gives the Appendix D values for counters 0 to 9 (6 digits, dynamic truncation)', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    assert.deepEqual(
      expected.map((_, counter) => hotp(RFC_SEED, counter)),
      expected,
    );
  });
});

describe('TOTP (RFC 6238)', () => {
  // Appendix B, SHA-1 rows: time in seconds, the step T, and the 8-digit TOTP. 8 digits exercise the truncation
  // past the 6 Harbour uses, including leading zeros (07081804).
  const appendixB: [number, number, string][] = [
    [59, 0x1, '94287082'],
    [1111111109, 0x23523ec, '07081804'],
    [1111111111, 0x23523ed, '14050471'],
    [1234567890, 0x273ef07, '89005924'],
    [2000000000, 0x3f940aa, '69279037'],
    [20000000000, 0x27bc86aa, '65353130'],
  ];
  for (const [seconds, step, code] of appendixB) {
    it(`gives ${code} at ${seconds} s (T = 0x${step.toString(16).toUpperCase()})`, () => {
      assert.equal(totpStep(seconds * 1000), step);
      assert.equal(totpAt(RFC_SECRET, new Date(seconds * 1000), 8), code);
      // The 6-digit code is the same number's last 6 digits.
      assert.equal(totpAt(RFC_SECRET, seconds * 1000), code.slice(2));
    });
  }
  it('steps every 30 seconds from the Unix epoch', () => {
    assert.equal(TOTP_STEP_SECONDS, 30);
    assert.equal(totpStep(29_999), 0);
    assert.equal(totpStep(30_000), 1);
  });
});

describe('verifying a code: the window and the replay rule', () => {
  const secret = newTotpSecret();
  const now = new Date('2026-06-04T09:05:10Z');
  const step = totpStep(now);

  it('accepts the current step and answers which step matched', () => {
    assert.deepEqual(verifyTotp(secret, totpForStep(secret, step), now, null), { ok: true, step });
  });
  it('accepts the previous and the next step (one step of clock drift)', () => {
    assert.deepEqual(verifyTotp(secret, totpForStep(secret, step - 1), now, null), { ok: true, step: step - 1 });
    assert.deepEqual(verifyTotp(secret, totpForStep(secret, step + 1), now, null), { ok: true, step: step + 1 });
  });
  it('refuses codes two steps away on either side', () => {
    for (const offset of [-2, 2]) {
      const code = totpForStep(secret, step + offset);
      // A code that happens to equal one inside the window would be accepted, as it would be by any verifier.
      if ([-1, 0, 1].some((inside) => totpForStep(secret, step + inside) === code)) continue;
      assert.deepEqual(verifyTotp(secret, code, now, null), { ok: false, reason: 'wrong' });
    }
  });
  it('refuses a code for a step already used, and any earlier step in the window', () => {
    const code = totpForStep(secret, step);
    assert.deepEqual(verifyTotp(secret, code, now, step), { ok: false, reason: 'replayed' });
    assert.deepEqual(verifyTotp(secret, totpForStep(secret, step - 1), now, step), { ok: false, reason: 'replayed' });
    assert.deepEqual(verifyTotp(secret, totpForStep(secret, step + 1), now, step), { ok: true, step: step + 1 });
    assert.deepEqual(verifyTotp(secret, code, now, step - 1), { ok: true, step });
  });
  it('accepts spaces and hyphens, and refuses anything that is not 6 digits', () => {
    const code = totpForStep(secret, step);
    assert.equal(verifyTotp(secret, `${code.slice(0, 3)} ${code.slice(3)}`, now, null).ok, true);
    assert.equal(verifyTotp(secret, `${code.slice(0, 3)}-${code.slice(3)}`, now, null).ok, true);
    for (const bad of ['', '12345', '1234567', 'abcdef', `${code}0`]) assert.deepEqual(verifyTotp(secret, bad, now, null), { ok: false, reason: 'malformed' });
  });
  it('refuses a code made from another secret', () => {
    const other = newTotpSecret();
    const code = totpForStep(other, step);
    if ([-1, 0, 1].some((offset) => totpForStep(secret, step + offset) === code)) return;
    assert.deepEqual(verifyTotp(secret, code, now, null), { ok: false, reason: 'wrong' });
  });
});

describe('showing the secret', () => {
  it('groups it in fours for typing', () => {
    assert.equal(secretForTyping('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'), 'JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP');
  });
  it('builds the otpauth URI authenticator apps scan, with the account name escaped', () => {
    const uri = otpauthUri({ secret: 'JBSWY3DPEHPK3PXP', issuer: 'Harbour', account: 'jo+work@council.example' });
    assert.equal(uri, 'otpauth://totp/Harbour:jo%2Bwork%40council.example?secret=JBSWY3DPEHPK3PXP&issuer=Harbour&algorithm=SHA1&digits=6&period=30');
  });
});

describe('recovery codes', () => {
  it(`makes ${RECOVERY_CODE_COUNT} different codes of 10 base32 characters in two groups`, () => {
    const codes = newRecoveryCodes();
    assert.equal(codes.length, 10);
    assert.equal(new Set(codes).size, 10);
    for (const code of codes) assert.match(code, /^[a-z2-7]{5}-[a-z2-7]{5}$/);
  });
  it('uses 50 bits of each random draw: different bytes give different codes', () => {
    let n = 0;
    const codes = newRecoveryCodes((size) => Buffer.alloc(size, n++));
    assert.equal(new Set(codes).size, 10);
  });
  it('reads what people type: case, spaces and hyphens do not matter; other characters do', () => {
    assert.equal(normaliseRecoveryCode(' K7MQ2 XW4RA '), 'k7mq2xw4ra');
    assert.equal(normaliseRecoveryCode('k7mq2-xw4ra'), 'k7mq2xw4ra');
    assert.equal(normaliseRecoveryCode('k7mq2-xw4r1'), null);
    assert.equal(normaliseRecoveryCode('k7mq2'), null);
  });
  it('stores a salted hash, never the code, and matches only that code', () => {
    const [code, other] = newRecoveryCodes();
    const stored = hashRecoveryCode(code!);
    assert.match(stored, /^[0-9a-f]{8}\.[0-9a-f]{64}$/);
    assert.ok(!stored.includes(code!.replace('-', '')));
    assert.notEqual(hashRecoveryCode(code!), stored, 'each hash has its own salt');
    assert.equal(recoveryCodeMatches(code!.toUpperCase().replace('-', ' '), stored), true);
    assert.equal(recoveryCodeMatches(other!, stored), false);
    assert.equal(recoveryCodeMatches('not a code', stored), false);
    assert.equal(recoveryCodeMatches(code!, 'garbage'), false);
  });
});

describe('the limit on wrong codes (NIST SP 800-63B 5.2.2)', () => {
  it('allows at most 100 wrong codes since the last right one', () => {
    assert.equal(TOTP_FAILURE_LIMIT, 100);
    assert.equal(totpAttemptsExhausted(0), false);
    assert.equal(totpAttemptsExhausted(99), false);
    assert.equal(totpAttemptsExhausted(100), true);
    assert.equal(totpAttemptsExhausted(250), true);
  });
});
