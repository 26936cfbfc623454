// TEMPORARY dev helper (to be deleted): loads N children into a named database and leaves it.
import pg from 'pg';
import { sql } from 'kysely';
import { openPostgres } from '../src/platform/database/connection.ts';
import { migrateToLatest } from '../src/platform/database/migrate.ts';
import { generateChildren, loadChildren } from './generate-children.ts';
const name = 'harbour_matching_dev';
const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
await admin.connect();
await admin.query(`drop database if exists ${name} with (force)`);
await admin.query(`create database ${name}`);
await admin.end();
const h = openPostgres(`postgres://postgres@127.0.0.1:5432/${name}`, 2);
await migrateToLatest(h.db);
const t = Date.now();
await loadChildren(h.db, generateChildren(Number(process.argv[2] ?? 100000)));
await sql`vacuum analyze`.execute(h.db);
console.log('loaded in', Date.now() - t, 'ms');
await h.close();
