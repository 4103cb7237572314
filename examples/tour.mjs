#!/usr/bin/env node
/**
 * The README's tour ("The tour, step by step"), call by call, against a hub `npm start` runs:
 *
 *   node examples/tour.mjs [http://127.0.0.1:4000]
 *
 * Run from the checkout (it signs its tokens with `npm run token`, which reads the development
 * secret `npm start` keeps under DATA_DIR). Every GraphQL document below is the README's, word
 * for word (tests/unit/readme-tour.test.ts checks that); CI runs this script on a fresh start.
 */
import { execFileSync } from 'node:child_process';

const HUB = (process.argv[2] ?? process.env.HUB ?? 'http://127.0.0.1:4000').replace(/\/graphql$/, '');
const WARD = '000.00.51.H24'; // Ủy ban nhân dân quận Hồng Bàng
const CITY = '000.00.00.H24'; // Ủy ban nhân dân thành phố Hải Phòng
const MINISTRY = '000.00.00.G12'; // Bộ Tài chính: outside the city, reached through the national axis

/** `npm run token`, as the README shows it. */
const token = (...args) =>
  `Bearer ${execFileSync('npm', ['run', '--silent', 'token', '--', ...args], { encoding: 'utf8' }).trim()}`;

async function gql(auth, query, variables = {}) {
  const res = await fetch(`${HUB}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: auth },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  if (body.errors) throw new Error(`${query.split('(')[0].trim()}: ${JSON.stringify(body.errors)}`);
  return body.data;
}

const step = (n, what, shown) => console.log(`${n}. ${what}\n   ${JSON.stringify(shown)}`);

/** Until `check` answers something (a worker's job takes a moment), at most a minute. */
async function until(check) {
  for (const t0 = Date.now(); Date.now() - t0 < 60_000; await new Promise((r) => setTimeout(r, 250))) {
    const v = await check();
    if (v) return v;
  }
  throw new Error('no answer within a minute: is `npm start` running, with its workers?');
}

// 1. Tokens for three people: an officer of the ward, one of the city, and a leader.
const ward = token('--role', 'OFFICER', '--agency', WARD);
const city = token('--role', 'OFFICER', '--agency', CITY);
const leader = token('--role', 'LEADER');
step(1, 'tokens signed', { ward: ward.slice(0, 20), city: city.slice(0, 20), leader: leader.slice(0, 20) });

// 2. The ward uploads an attachment: its address is its SHA-256.
const uploaded = await (
  await fetch(`${HUB}/attachments`, {
    method: 'POST',
    headers: { authorization: ward },
    body: new TextEncoder().encode('Báo cáo tình hình tháng 11 của quận Hồng Bàng'),
  })
).json();
step(2, 'attachment uploaded', uploaded);

// 3. The ward sends a document to the city and to a ministry.
const sent = await gql(
  ward,
  `mutation Send($input: SendDocumentInput!) {
  sendDocument(input: $input) { id deliveries { id recipient { code } } }
}`,
  {
    input: {
      idempotencyKey: `tour-${Date.now()}`,
      recipientCodes: [CITY, MINISTRY],
      codeNumber: '125',
      codeNotation: 'UBND-VP',
      typeCode: 1,
      typeName: 'Công văn',
      subject: 'Báo cáo tình hình tháng 11',
      promulgationDate: '2026-11-20',
      attachments: [{ sha256: uploaded.sha256, name: 'bao-cao.txt' }],
    },
  },
);
step(3, 'document sent', sent.sendDocument);

// 4. The city reads its inbox and says the document arrived (01).
const inbox = await gql(
  city,
  `query Inbox {
  inbox(first: 5) { totalCount edges { node { id status document { subject sender { code } } } } }
}`,
);
const delivery = inbox.inbox.edges.find((e) => e.node.document.subject === 'Báo cáo tình hình tháng 11').node;
await gql(
  city,
  `mutation Report($input: DeliveryStatusInput!) {
  reportDeliveryStatus(input: $input) { delivery { id status } }
}`,
  { input: { deliveryId: delivery.id, status: 'ARRIVED' } },
);
step(4, 'the city reported 01 (arrived)', { inbox: inbox.inbox.totalCount, delivery: delivery.id });

// 5. The ward follows its document: each delivery's status and history.
const followed = await gql(
  ward,
  `query Follow($id: ID!) {
  document(id: $id) { deliveries { recipient { code } status history { code at } } }
}`,
  { id: sent.sendDocument.id },
);
step(5, 'deliveries as the sender sees them', followed.document.deliveries);

// 6. The ward receives a dossier, online, for a procedure of the catalog (with its fee).
const submitted = await gql(
  ward,
  `mutation Submit($input: SubmitDossierInput!) {
  submitDossier(input: $input) { code status dueAt procedure { name fees { kind amount } } }
}`,
  {
    input: {
      procedureCode: '1.001193',
      channel: 'ONLINE',
      applicant: { type: 'CITIZEN', name: 'Nguyễn Thị Dân', idNumber: '031190001234', phone: '0912345678' },
    },
  },
);
step(6, 'dossier received', submitted.submitDossier);

// 7. The ward asks for the fee; a worker starts the payment on the national payment platform.
const requested = await gql(
  ward,
  `mutation Pay($input: RequestPaymentInput!) {
  requestPayment(input: $input) { id status amount }
}`,
  {
    input: {
      kind: 'CHARGE',
      amount: 8000,
      payerName: 'Nguyễn Thị Dân',
      payerAddress: 'Số 1 Hoàng Văn Thụ, Hồng Bàng, Hải Phòng',
      dossierCode: submitted.submitDossier.code,
    },
  },
);
const payment = await until(async () => {
  const read = await gql(
    ward,
    `query Payments($dossier: String!) {
  payments(dossierCode: $dossier, first: 5) { edges { node { id status payUrl } } }
}`,
    { dossier: submitted.submitDossier.code },
  );
  const p = read.payments.edges.find((e) => e.node.id === requested.requestPayment.id)?.node;
  return p?.status === 'PENDING' && p;
});
step(7, 'payment started: the payer opens payUrl', payment);

// 8. The payer pays on the sandbox's page (what its "Thanh toán" button posts); the platform calls the hub back.
await fetch(payment.payUrl, { method: 'POST', body: new URLSearchParams({ outcome: 'success' }) });
const paid = await until(async () => {
  const read = await gql(
    ward,
    `query Dossier($code: String!) {
  dossier(code: $code) { code status payments { status amount } }
}`,
    { code: submitted.submitDossier.code },
  );
  return read.dossier.payments.some((p) => p.status === 'PAID') && read.dossier;
});
step(8, 'paid', paid);

// 9. A leader reads the KPI report for this year.
const year = new Date().getFullYear();
const kpi = await gql(
  leader,
  `query Kpi($from: Date!, $to: Date!) {
  kpiReport(from: $from, to: $to) { rows { level received online onlineRate { value target met } } }
}`,
  { from: `${year}-01-01`, to: `${year}-12-31` },
);
step(9, 'KPI report', kpi.kpiReport.rows);
console.log('The tour is complete.');
