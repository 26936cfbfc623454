// Personal API tokens: listing, making (shown once, only the hash kept), revoking, and the bearer check on each API
// request.
import { randomBytes } from 'node:crypto';
import { recordAudit } from '../audit/service.ts';
import type { AuditContext } from '../audit/service.ts';
import { apiTokensOf, casesByReference, insertApiToken, liveApiToken, revokeApiToken, touchApiToken } from './queries.ts';
import { API_TOKEN_MAX_DAYS, loadUser, sha256 } from './service-common.ts';
import type { AccountContext, ApiTokenAuthentication, ApiTokenScope } from './service-common.ts';

export function apiTokenUseCases({ db, now }: AccountContext) {
  return {
    listApiTokens: (userId: string) => apiTokensOf(db, userId),

    /** The cases a token may be limited to, by their references in upper case: the caller checks each may be opened. */
    casesByReference: (references: readonly string[]) => casesByReference(db, references),

    /**
     * The token is returned once; only its hash is kept. It expires after `expiresInDays` and carries its scope: the
     * caller has checked the person may open each of `caseIds` (null: every case they may open, as their access allows).
     */
    async createApiToken(
      userId: string,
      input: { name: string; expiresInDays: number; scope: ApiTokenScope; caseIds: string[] | null },
      audit: AuditContext,
    ): Promise<{ id: string; token: string; expiresAt: Date }> {
      if (!Number.isInteger(input.expiresInDays) || input.expiresInDays < 1 || input.expiresInDays > API_TOKEN_MAX_DAYS) throw new RangeError('expiry out of range');
      const secret = randomBytes(32).toString('base64url');
      const prefix = secret.slice(0, 6);
      const token = `hbr_${secret}`;
      const expiresAt = new Date(now().getTime() + input.expiresInDays * 86_400_000);
      const caseIds = input.caseIds && input.caseIds.length > 0 ? input.caseIds : null;
      return db.transaction().execute(async (trx) => {
        const row = await insertApiToken(trx, { user_id: userId, name: input.name, prefix, token_hash: sha256(token), expires_at: expiresAt, scope: input.scope, case_ids: caseIds });
        await recordAudit(trx, audit, { action: 'api-token.created', entityType: 'api-token', entityId: row.id, details: { expiresAt: expiresAt.toISOString(), scope: input.scope, caseIds } });
        return { id: row.id, token, expiresAt };
      });
    },

    async revokeApiToken(userId: string, tokenId: string, audit: AuditContext): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        const row = await revokeApiToken(trx, userId, tokenId, now());
        if (row) await recordAudit(trx, audit, { action: 'api-token.revoked', entityType: 'api-token', entityId: tokenId });
        return Boolean(row);
      });
    },

    async authenticateApiToken(token: string): Promise<ApiTokenAuthentication> {
      if (!token.startsWith('hbr_')) return { state: 'none' };
      const row = await liveApiToken(db, sha256(token));
      if (!row) return { state: 'none' };
      const at = now();
      if (row.expires_at <= at) return { state: 'expired', expiredAt: row.expires_at };
      const user = await loadUser(db, row.user_id);
      if (!user || !user.active) return { state: 'none' };
      if (!row.last_used_at || at.getTime() - row.last_used_at.getTime() > 60_000) await touchApiToken(db, row.id, at);
      return { state: 'ok', user, scope: row.scope, caseIds: row.case_ids };
    },
  };
}
