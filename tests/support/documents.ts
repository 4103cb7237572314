/** Helpers for document tests: a valid send input, uploads, and the GraphQL selections reused. */
import { randomUUID } from 'node:crypto';
import { DeliveryEventCode } from '../../src/modules/document/document-codes.type.js';
import type { TestHub } from './hub.js';

/** The GraphQL name of each edXML status code ('01' -> ARRIVED), for reportDeliveryStatus's `status`. */
export const EVENT: Record<string, string> = Object.fromEntries(
  Object.entries(DeliveryEventCode).map(([name, code]) => [code, name]),
);

export const COMMUNE = '000.00.51.H24'; // phường Hồng Bàng
export const COMMUNE_B = '000.00.52.H24'; // phường Ngô Quyền
export const CITY = '000.00.00.H24';
export const MINISTRY = '000.00.00.G12';

export const DOC_FIELDS = `id edxmlDocumentId codeNumber codeNotation subject version revokedAt businessDocType
  sender { code }
  attachments { name sha256 size contentType downloadPath }
  deliveries { id status statusCode pendingChange takenBackAt revoked recipient { code } history { code note staffName agency { code } } }`;

export const SEND = `mutation($input: SendDocumentInput!) { sendDocument(input: $input) { ${DOC_FIELDS} } }`;
export const REPORT = `mutation($input: DeliveryStatusInput!) { reportDeliveryStatus(input: $input) { delivery { id status statusCode pendingChange takenBackAt } event { id code status meaning } } }`;

let counter = 0;
export function sendInput(overrides: Record<string, unknown> = {}) {
  counter += 1;
  return {
    idempotencyKey: randomUUID(),
    recipientCodes: [CITY],
    codeNumber: String(100 + counter),
    codeNotation: 'UBND-VP',
    typeCode: 1,
    typeName: 'Công văn',
    subject: `Báo cáo tình hình số ${counter}`,
    content: 'Nội dung báo cáo',
    promulgationPlace: 'Hải Phòng',
    promulgationDate: '2026-11-20',
    signerFullName: 'Trần Văn Ký',
    signerPosition: 'Chủ tịch',
    ...overrides,
  };
}

export async function upload(hub: TestHub, auth: string, bytes: Buffer): Promise<{ status: number; body: any }> {
  const res = await fetch(`${hub.url}/attachments`, {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/octet-stream' },
    body: new Uint8Array(bytes),
  });
  return { status: res.status, body: await res.json() };
}

export async function download(
  hub: TestHub,
  auth: string,
  sha256: string,
): Promise<{ status: number; bytes: Buffer; headers: Headers }> {
  const res = await fetch(`${hub.url}/attachments/${sha256}`, { headers: { authorization: auth } });
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()), headers: res.headers };
}
