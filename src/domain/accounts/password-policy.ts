// NCSC password guidance: length over complexity, no composition rules, refuse common and guessable choices.
import { COMMON_PASSWORDS } from './common-passwords.ts';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

export type PasswordRefusal = { code: string; message: string };

export function checkPassword(password: string, context: { email?: string; displayName?: string } = {}): PasswordRefusal | null {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return { code: 'too-short', message: `Password must be ${MIN_PASSWORD_LENGTH} characters or more. Three random words make a strong, memorable password.` };
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    return { code: 'too-long', message: `Password must be ${MAX_PASSWORD_LENGTH} characters or fewer` };
  }
  const lower = password.toLowerCase();
  const squashed = lower.replace(/[^a-z0-9]/g, '');
  if (COMMON_PASSWORDS.has(lower) || COMMON_PASSWORDS.has(squashed) || COMMON_PASSWORDS.has(squashed.replace(/\d+$/, ''))) {
    return { code: 'common', message: 'Password is too common. Choose a password that other people are unlikely to use, such as three random words.' };
  }
  if (new Set(password).size <= 3) {
    return { code: 'repetitive', message: 'Password must not be made of one or two repeated characters' };
  }
  if (isSequence(lower)) {
    return { code: 'sequence', message: 'Password must not be a simple sequence such as 123456 or abcdef' };
  }
  const localPart = context.email?.split('@')[0]?.toLowerCase();
  if (localPart && localPart.length >= 4 && lower.includes(localPart)) {
    return { code: 'personal', message: 'Password must not contain your e-mail address' };
  }
  const names = (context.displayName ?? '').toLowerCase().split(/\s+/).filter((n) => n.length >= 4);
  if (names.some((name) => lower.includes(name)) && password.length < 20) {
    return { code: 'personal', message: 'Password must not be based on your name' };
  }
  return null;
}

function isSequence(value: string): boolean {
  if (value.length < 6) return false;
  let ascending = true;
  let descending = true;
  for (let i = 1; i < value.length; i++) {
    const step = value.charCodeAt(i) - value.charCodeAt(i - 1);
    if (step !== 1) ascending = false;
    if (step !== -1) descending = false;
  }
  return ascending || descending;
}
