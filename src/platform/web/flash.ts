// One-time messages carried across a Post/Redirect/Get in the session row (sessions.flash), so a success
// message never travels in the URL.
import { createHash } from 'node:crypto';
import type { Request } from 'express';
import type { Db } from '../database/connection.ts';

export type Flash = { success: string };

const sessionKey = (token: string) => createHash('sha256').update(token).digest('hex');

export async function setFlash(db: Db, req: Request, flash: Flash): Promise<void> {
  if (!req.sessionToken) return;
  await db.updateTable('sessions').set({ flash: JSON.stringify(flash) }).where('id_hash', '=', sessionKey(req.sessionToken)).execute();
}

export async function takeFlash(db: Db, req: Request): Promise<Flash | null> {
  if (!req.sessionToken) return null;
  const idHash = sessionKey(req.sessionToken);
  const row = await db.selectFrom('sessions').select('flash').where('id_hash', '=', idHash).executeTakeFirst();
  if (!row?.flash) return null;
  await db.updateTable('sessions').set({ flash: null }).where('id_hash', '=', idHash).execute();
  const success = (row.flash as Record<string, unknown>).success;
  return typeof success === 'string' ? { success } : null;
}
