/**
 * The floor the hub is compared with: a minimal HTTP server answering the benchmark's queries
 * with the same JSON as the hub's GraphQL `data`, each with one hand-written SQL statement
 * (json_agg over the page and its relations). No authentication, no limits, no audit: what the
 * same answer costs with nothing but PostgreSQL and `pg`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';

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

export interface RawServer {
  url: string;
  close(): Promise<void>;
}

export async function startRawServer(databaseUrl: string, poolSize = 10): Promise<RawServer> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://raw');
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
    },
  };
}
