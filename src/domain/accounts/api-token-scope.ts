// What a personal API token may do beyond the person's own access (issue 16): a read-only token never writes, and a
// token limited to some cases never opens another. The person's access is still checked on every request as well.

export type TokenScope = { scope: 'read-only' | 'read-write'; caseIds: readonly string[] | null };

export type TokenRefusal = { code: 'token-read-only' | 'token-case-limit'; title: string; detail: string };

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The case an API path is about (/api/v1/cases/{caseId} and below), matched as the router does (any letter case). */
export function caseIdOfApiPath(path: string): string | null {
  const match = /^\/api\/v1\/cases\/([^/]+)/i.exec(path);
  if (!match) return null;
  // A malformed id is refused by the route itself (404); it cannot name one of the token's cases either.
  return UUID.test(match[1]!) ? match[1]!.toLowerCase() : match[1]!;
}

/** Null when the token's scope allows the request; otherwise why not. */
export function tokenRefusal(token: TokenScope, method: string, path: string): TokenRefusal | null {
  if (token.scope === 'read-only' && !READS.has(method.toUpperCase())) {
    return { code: 'token-read-only', title: 'This token is read-only', detail: 'The token was made to read only. Create a read-write token on your account page to make changes.' };
  }
  if (token.caseIds) {
    const caseId = caseIdOfApiPath(path);
    if (caseId !== null && !token.caseIds.includes(caseId)) {
      return { code: 'token-case-limit', title: 'This token cannot open this case', detail: 'The token is limited to some cases and this is not one of them.' };
    }
  }
  return null;
}
