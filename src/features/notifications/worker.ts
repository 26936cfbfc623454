// Drains the outbox: each pending e-mail is sent once, by one worker, even with several Harbour instances
// (FOR UPDATE SKIP LOCKED). E-mails carry a subject and a link into Harbour, never the record itself.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import type { Db } from '../../platform/database/connection.ts';
import { logger } from '../../platform/logger.ts';
import { activeUserEmail, claimOutboxBatch, markOutboxFailed, markOutboxProcessed } from './queries.ts';

export type Mailer = { send(message: { to: string; subject: string; text: string }): Promise<void>; kind: 'smtp' | 'file' };

export const MAX_ATTEMPTS = 8;

/** SMTP when SMTP_URL is set; otherwise each message is written as a file under the data directory. */
export function createMailer(options: { smtpUrl: string | null; from: string; dataDir: string }): Mailer {
  if (options.smtpUrl) {
    const transport: Transporter = nodemailer.createTransport(options.smtpUrl);
    return { kind: 'smtp', send: async (m) => void (await transport.sendMail({ from: options.from, ...m })) };
  }
  const dir = join(options.dataDir, 'mail');
  return {
    kind: 'file',
    send: async (m) => {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      writeFileSync(join(dir, `${Date.now()}-${Math.random().toString(36).slice(2, 8)}.json`), JSON.stringify({ from: options.from, ...m }, null, 2), { mode: 0o600 });
    },
  };
}

type Payload = { userId?: string; to?: string; subject?: string; link?: string | null; reference?: string; template?: string };

function body(payload: Payload, publicUrl: string): string {
  if (payload.template === 'public-outcome') {
    return `Thank you for telling us about your concern (reference ${payload.reference}). It has been looked at by the children's social care team.\n\nWe cannot tell you what was decided about the child.`;
  }
  const link = payload.link ? `${publicUrl}${payload.link}` : publicUrl;
  return `You have a new item in Harbour.\n\nSign in to see it: ${link}\n\nThis e-mail does not contain the record. Do not forward it.`;
}

export async function drainOutbox(db: Db, mailer: Mailer, options: { publicUrl: string; now: () => Date; batch?: number }): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  await db.transaction().execute(async (trx) => {
    const rows = await claimOutboxBatch<Payload>(trx, options.now(), MAX_ATTEMPTS, options.batch ?? 20);
    for (const row of rows) {
      try {
        if (row.kind !== 'email') throw new Error(`unknown outbox kind ${row.kind}`);
        const to = row.payload.to ?? (row.payload.userId ? await activeUserEmail(trx, row.payload.userId) : undefined);
        if (to) await mailer.send({ to, subject: row.payload.subject ?? 'Harbour', text: body(row.payload, options.publicUrl) });
        await markOutboxProcessed(trx, row.id, { processed_at: options.now(), attempts: row.attempts + 1, last_error: to ? null : 'no active recipient' });
        sent++;
      } catch (error) {
        failed++;
        // Back off: 1, 2, 4 … minutes. The error's kind only: its text may quote an address.
        const delayMs = 60_000 * 2 ** row.attempts;
        await markOutboxFailed(trx, row.id, { attempts: row.attempts + 1, last_error: error instanceof Error ? error.name : 'error', available_at: new Date(options.now().getTime() + delayMs) });
        logger.warn({ outboxId: row.id, attempts: row.attempts + 1 }, 'outbox delivery failed');
      }
    }
  });
  return { sent, failed };
}

export function startOutboxWorker(db: Db, mailer: Mailer, options: { publicUrl: string; now: () => Date; intervalMs?: number }) {
  let current: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (current) return;
    current = drainOutbox(db, mailer, options)
      .catch((error: unknown) => logger.error({ err: error instanceof Error ? error.name : 'error' }, 'outbox worker failed'))
      .finally(() => (current = null));
  }, options.intervalMs ?? 5_000);
  timer.unref();
  /** Stops the timer and waits for a drain in progress, so the database can close cleanly after. */
  return async () => {
    clearInterval(timer);
    await current;
  };
}
