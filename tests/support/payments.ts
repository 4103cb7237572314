/** The gateways' callbacks as the hub expects them, signed with the hub's keys unless told otherwise, and POSTed over HTTP. */
import { paygovCallbackChecksum, type PayGovKeys } from '../../src/integrations/payment/paygov.checksum.js';
import { CALLBACK_FIELDS, checksum } from '../../src/integrations/payment/platform.checksum.js';
import type { TestHub } from './hub.js';

/** The national platform's IPN (MaXacThuc over CALLBACK_FIELDS); `fields` must name MaThamChieu and SoTien. */
export function platformCallback(hub: TestHub, fields: Record<string, unknown>, key = hub.config.payment.secretKey) {
  const body = {
    LoaiBanTin: 'PAY',
    MaLoi: '00',
    MaDoiTac: hub.config.payment.partnerCode,
    MaTienTe: 'VND',
    MaGiaoDich: 'GD0001',
    MaNganHang: 'VCB',
    ThoiGianGD: '20261128100000',
    ThongTinGiaoDich: 'thanh toan',
    ...fields,
  };
  return { ...body, MaXacThuc: checksum(CALLBACK_FIELDS, body, key) };
}

/** PayGov's callback; `fields` must name orderId, requestCode and amount. */
export function paygovCallback<F extends Record<string, unknown>>(
  hub: TestHub,
  fields: F,
  keys: PayGovKeys = hub.config.paygov,
) {
  const body = {
    partnerCode: hub.config.paygov.partnerCode,
    transactionNo: '880001',
    payDate: '20261128101530',
    errorCode: '00',
    ...fields,
  };
  return { ...body, checksum: paygovCallbackChecksum(body, keys) };
}

export const postPlatformCallback = async (hub: TestHub, body: Record<string, unknown>) =>
  (await (
    await fetch(`${hub.url}/callbacks/payment-platform`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
  ).json()) as { MaLoi: string; MoTaLoi: string };

export const postPaygovCallback = async (hub: TestHub, body: Record<string, unknown>) =>
  (await (
    await fetch(`${hub.url}/callbacks/paygov`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
  ).json()) as { errorCode: string; message: string };

/** What the payment platform's receipt needs of a payer besides the name (§6.5). */
export const PAYER = { payerIdNumber: '031190001234', payerAddress: 'Số 1 Lạch Tray, phường Ngô Quyền, Hải Phòng' };

/** What a fine's receipt needs besides the decision (§6.5, MaDichVu 1). */
export const FINE = {
  fineTypeCode: 'XPHC-GT',
  fineTypeName: 'Xử phạt vi phạm hành chính trong lĩnh vực giao thông',
  treasury: 'Kho bạc Nhà nước Hải Phòng',
  violationAt: '2026-11-20T02:30:00.000Z',
  violationPlace: 'Ngã tư Lạch Tray - Văn Cao',
  violatorName: 'Trần Văn Phạt',
};

/** The same, inline in a GraphQL input. */
export const PAYER_INLINE = `payerIdNumber: "${PAYER.payerIdNumber}", payerAddress: "${PAYER.payerAddress}"`;

/** Collection accounts for agencies that ask dossier fees (an ADMIN's setting, checked by requestPayment). */
export async function setCollectionAccounts(hub: TestHub, codes: string[]): Promise<void> {
  const admin = await hub.token({ role: 'ADMIN' });
  for (const [i, code] of codes.entries()) {
    const r = await hub.gql(
      `mutation($code: String!, $input: CollectionAccountInput!) { setCollectionAccount(agencyCode: $code, input: $input) { code } }`,
      { code, input: { account: `3511.0.10000${i}`, bankCode: '01201001', accountName: `Tài khoản thu ${code}` } },
      admin,
    );
    if (r.errors) throw new Error(JSON.stringify(r.errors));
  }
}
