/**
 * A typed client of the hub: an agency's inbox, listed, then followed live.
 *
 *   npm run codegen                       # types from the committed SDL into examples/inbox/gql
 *   npm run build
 *   HUB=http://127.0.0.1:4000 TOKEN="Bearer …" node dist/examples/inbox/inbox.js
 *
 * TOKEN is an officer's token (`npm run token -- --role OFFICER --agency 000.00.00.H24`) or an
 * agency system's key (`ApiKey lth_…`). Every result below is typed from the schema: a field that
 * is renamed or removed there fails `npm run typecheck` here.
 */
import { print } from 'graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { graphql } from './gql/index.js';
import type { ResultOf, TypedDocumentNode } from '@graphql-typed-document-node/core';

const HUB = (process.env['HUB'] ?? 'http://127.0.0.1:4000').replace(/\/graphql$/, '');
const TOKEN = process.env['TOKEN'] ?? '';

const Inbox = graphql(`
  query Inbox($first: Int!, $after: String) {
    inbox(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          status
          createdAt
          document {
            subject
            sender {
              code
              name
            }
          }
        }
      }
    }
  }
`);

const InboxLive = graphql(`
  subscription InboxLive {
    deliveryChanged {
      change
      delivery {
        id
        status
        document {
          subject
          sender {
            code
          }
        }
      }
    }
  }
`);

/** One typed request over HTTP: the document's result type, or the errors thrown. */
export async function request<R, V>(doc: TypedDocumentNode<R, V>, variables: V): Promise<R> {
  const res = await fetch(`${HUB}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: TOKEN },
    body: JSON.stringify({ query: print(doc), variables }),
  });
  const body = (await res.json()) as { data?: R; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  if (body.errors?.length)
    throw new Error(body.errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('; '));
  return body.data!;
}

/** Every delivery of the inbox, newest first, page by page. */
export async function listInbox(pageSize = 50) {
  const all = [];
  let after: string | null = null;
  for (;;) {
    const { inbox }: ResultOf<typeof Inbox> = await request(Inbox, { first: pageSize, after });
    all.push(...inbox.edges.map((e) => e.node));
    if (!inbox.pageInfo.hasNextPage) return { total: inbox.totalCount, deliveries: all };
    after = inbox.pageInfo.endCursor ?? null;
  }
}

/**
 * Calls `onChange` for each delivery of the agency as it changes, until the returned stop is called.
 * Events are notices: one sent while the socket was down is not replayed, so `onReconnected` is
 * the moment to read the inbox again.
 */
export function followInbox(
  onChange: (change: ResultOf<typeof InboxLive>['deliveryChanged']) => void,
  onReconnected: () => void = () => undefined,
): () => void {
  let connections = 0;
  const client = createClient({
    url: `${HUB.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: TOKEN },
    on: { connected: () => void (connections++ > 0 && onReconnected()) },
  });
  const stop = client.subscribe<ResultOf<typeof InboxLive>>(
    { query: print(InboxLive) },
    {
      next: (r) => {
        if (r.data) onChange(r.data.deliveryChanged);
      },
      error: (err) => console.error('live updates stopped:', err),
      complete: () => undefined,
    },
  );
  return () => {
    stop();
    void client.dispose();
  };
}

// run as a script: follow, then list (nothing that changes in between is missed); list again after a reconnection
if (process.argv[1]?.endsWith('inbox.js')) {
  const show = async () => {
    const { total, deliveries } = await listInbox();
    console.log(`${total} deliveries in the inbox`);
    for (const d of deliveries.slice(0, 10))
      console.log(`  ${d.status}  ${d.document.sender.code}  ${d.document.subject}`);
  };
  followInbox(
    (c) => console.log(`${c.change}  ${c.delivery.status}  ${c.delivery.document.subject}`),
    () => void show(),
  );
  await show();
  console.log('following the inbox live (Ctrl-C to stop)…');
}
