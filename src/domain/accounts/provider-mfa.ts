// Whether an identity provider's ID token says the person used more than one factor (issue 16): an `amr` value
// (RFC 8176, e.g. mfa, otp, hwk) or an `acr` value that the council's provider documents as multi-factor.
// Anything else, including no claim at all, is not: Harbour then asks for its own second factor.
export function providerAssertsMfa(claims: { amr?: unknown; acr?: unknown }, accepted: { mfaAmr: readonly string[]; mfaAcr: readonly string[] }): boolean {
  const amr = Array.isArray(claims.amr) ? claims.amr.filter((v): v is string => typeof v === 'string') : [];
  if (amr.some((value) => accepted.mfaAmr.includes(value))) return true;
  return typeof claims.acr === 'string' && accepted.mfaAcr.includes(claims.acr);
}
