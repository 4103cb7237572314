/**
 * The floor the hub is compared with: a minimal HTTP server answering the benchmark's queries
 * with the same JSON as the hub's GraphQL `data`, each with one hand-written SQL statement
 * (json_agg over the page and its relations), and writing the rows a submission writes. No
 * authentication, no limits, no checks: what the same work costs with nothing but PostgreSQL and `pg`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { createPrisma } from '../../src/db/client.js';
import { dossierIndicators } from '../../src/modules/kpi/kpi.repository.js';

/** A page of 50 dossiers, newest first, with procedure, receiving agency and payments (all agencies). */
const DOSSIERS = `
  SELECT json_build_object('dossiers', json_build_object('edges', coalesce(json_agg(json_build_object('node', json_build_object(
    'code', d.code, 'status', d.status, 'receivedAt', to_char(d.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'procedure', json_build_object('code', p.code, 'name', p.name),
    'receivingAgency', json_build_object('code', a.code, 'name', a.name),
    'payments', (SELECT coalesce(json_agg(json_build_object('amount', y.amount, 'status', y.status) ORDER BY y.created_at), '[]')
                 FROM payment y WHERE y.dossier_id = d.id)
  )) ORDER BY d.received_at DESC, d.id DESC), '[]'))) AS data
  FROM (SELECT * FROM dossier ORDER BY received_at DESC, id DESC LIMIT $1) d
  JOIN procedure p ON p.id = d.procedure_id JOIN agency a ON a.id = d.receiving_agency_id`;

/** A page of 50 of one agency's inbox, newest first, with document, sender and attachments. */
const INBOX = `
  SELECT json_build_object('inbox', json_build_object('edges', coalesce(json_agg(json_build_object('node', json_build_object(
    'status', v.status,
    'document', json_build_object('subject', d.subject, 'sender', json_build_object('code', s.code),
      'attachments', (SELECT coalesce(json_agg(json_build_object('name', t.name) ORDER BY t.position), '[]')
                      FROM attachment t WHERE t.document_id = d.id))
  )) ORDER BY v.created_at DESC, v.id DESC), '[]'))) AS data
  FROM (SELECT v.* FROM delivery v JOIN agency r ON r.id = v.recipient_id WHERE r.code = $2
        ORDER BY v.created_at DESC, v.id DESC LIMIT $1) v
  JOIN document d ON d.id = v.document_id JOIN agency s ON s.id = d.sender_id`;

/**
 * A dossier received: the rows `submitDossier` writes (its number, the dossier, its first step, its
 * portal sync state, an outbox row and an audit row), in one transaction.
 */
async function submit(pool: pg.Pool, agencyId: string, procedureId: string, n: number): Promise<string> {
  const c = await pool.connect();
  try {
    const day = new Date().toISOString().slice(2, 10).replaceAll('-', '');
    const seq = (
      await c.query(
        `INSERT INTO dossier_sequence (agency_id, day, last) VALUES ($1, $2, 1)
         ON CONFLICT (agency_id, day) DO UPDATE SET last = dossier_sequence.last + 1 RETURNING last`,
        [agencyId, `raw${day}`],
      )
    ).rows[0].last as number;
    const code = `RAW-${day}-${seq}-${n}`;
    await c.query('BEGIN');
    const id = (
      await c.query(
        `INSERT INTO dossier (id, code, procedure_id, receiving_agency_id, handling_agency_id, applicant_type, applicant_name,
           applicant_phone, channel, status, received_at, due_at, effective_due_at, created_by, created_at, updated_at)
         VALUES (gen_random_uuid(), $1, $2, $3, $3, 1, 'Nguyễn Văn A', '0912345678', 2, 1, now(), now() + interval '7 days',
           now() + interval '7 days', 'raw', now(), now()) RETURNING id`,
        [code, procedureId, agencyId],
      )
    ).rows[0].id as string;
    await c.query(
      `INSERT INTO dossier_event (id, dossier_id, status, actor_id, at, recorded_at, note)
       VALUES (gen_random_uuid(), $1, 1, 'raw', now(), now(), 'tiếp nhận')`,
      [id],
    );
    await c.query(`INSERT INTO portal_sync (dossier_id, updated_at) VALUES ($1, now())`, [id]);
    await c.query(`INSERT INTO outbox (job_name, payload, job_key) VALUES ('portal.syncDossier', $1, $2)`, [
      JSON.stringify({ dossierId: id }),
      `portal-${id}`,
    ]);
    await c.query(
      `INSERT INTO audit_pending (at, actor_type, actor_id, operation, target_ids, request_id, outcome)
       VALUES (now(), 'USER', 'raw', 'submitDossier', $1, $2, 'SUCCESS')`,
      [[code], `raw-${n}`],
    );
    await c.query('COMMIT');
    return code;
  } catch (err) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    c.release();
  }
}

export interface RawServer {
  url: string;
  close(): Promise<void>;
}

export async function startRawServer(databaseUrl: string, poolSize = 10): Promise<RawServer> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
  let submitted = 0;
  // the KPI floor: the hub's own statement for the dossier indicators (the report's main one), alone
  const prisma = createPrisma(databaseUrl, { max: poolSize });
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://raw');
    if (u.pathname === '/kpi') {
      dossierIndicators(prisma, new Date(u.searchParams.get('from')!), new Date(u.searchParams.get('to')!), null)
        .then((rows) =>
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: rows.length })),
        )
        .catch((err: Error) =>
          res
            .writeHead(500, { 'content-type': 'application/json' })
            .end(JSON.stringify({ errors: [{ message: err.message }] })),
        );
      return;
    }
    if (u.pathname === '/submit') {
      submit(pool, u.searchParams.get('agency')!, u.searchParams.get('procedure')!, ++submitted)
        .then((code) =>
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { code } })),
        )
        .catch((err: Error) =>
          res
            .writeHead(500, { 'content-type': 'application/json' })
            .end(JSON.stringify({ errors: [{ message: err.message }] })),
        );
      return;
    }
    const first = Number(u.searchParams.get('first') ?? 50);
    const sql = u.pathname === '/dossiers' ? DOSSIERS : u.pathname === '/inbox' ? INBOX : null;
    if (!sql) return void res.writeHead(404).end();
    const params = u.pathname === '/inbox' ? [first, u.searchParams.get('agency')] : [first];
    pool
      .query(sql, params)
      .then((r) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ data: r.rows[0].data }));
      })
      .catch((err: Error) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errors: [{ message: err.message }] }));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
      await prisma.$disconnect();
    },
  };
}
