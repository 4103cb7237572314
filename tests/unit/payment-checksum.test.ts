/**
 * The checksums against vectors computed outside the hub (Python's hashlib over the strings
 * domain.md describes), so a change of field order, separator or key position fails here.
 */
import { describe, expect, it } from 'vitest';
import {
  paygovCallbackChecksum,
  paygovChecksumMatches,
  paygovRequestChecksum,
} from '../../src/integrations/payment/paygov.checksum.js';
import {
  CALLBACK_FIELDS,
  REQUEST_FIELDS,
  checksum,
  checksumMatches,
} from '../../src/integrations/payment/platform.checksum.js';

const keys = { accessKey: 'sandbox-paygov-access', secretKey: 'sandbox-paygov-secret-key' };
const order = { partnerCode: 'LTH-HAIPHONG', orderId: 'LT0001ABCDEF12345678', requestCode: 'RQ01', amount: '58000' };

describe('PayGov checksum', () => {
  it('is SHA-256 of secretKey + accessKey + partnerCode + orderId + requestCode + amount', () => {
    expect(paygovRequestChecksum(order, keys)).toBe('4fcf2fdba09fb72c8e8517049095dae7aecfa68bec6ced030952beab38dcc579');
  });

  it("signs the callback's outcome too (transactionNo, payDate, errorCode), and refuses any change", () => {
    const callback = { ...order, transactionNo: '9384736', payDate: '20261128101530', errorCode: '00' };
    const signed = { ...callback, checksum: 'e6e21e62635e20e44a1de2f13c00dce20822be7cf683188f8df85c61382c113b' };
    expect(paygovCallbackChecksum(callback, keys)).toBe(signed.checksum);
    expect(paygovChecksumMatches(paygovCallbackChecksum(signed, keys), signed)).toBe(true);
    for (const change of [
      { errorCode: '24' },
      { amount: '5800' },
      { orderId: 'LT0001ABCDEF12345679' },
      { checksum: signed.checksum.toUpperCase().slice(0, 63) },
    ]) {
      const tampered = { ...signed, ...change };
      expect(paygovChecksumMatches(paygovCallbackChecksum(tampered, keys), tampered)).toBe(false);
    }
    expect(
      paygovChecksumMatches(paygovCallbackChecksum(signed, { ...keys, secretKey: 'another-secret-key-0' }), signed),
    ).toBe(false);
  });
});

describe('national payment platform MaXacThuc', () => {
  const request = {
    LoaiBanTin: 'PAY',
    PhienBan: '1.0.0',
    MaDoiTac: 'LTH-HAIPHONG',
    MaThamChieu: 'LT0001ABCDEF12345678',
    SoTien: '58000',
    LoaiHinhThanhToan: 'PAY',
    MaKenhThanhToan: '1',
    MaThietBi: '1',
    NgonNgu: 'vi',
    MaTienTe: 'VND',
    MaNganHang: '',
    ThongTinGiaoDich: 'Lệ phí hộ tịch',
    ThoiGianGD: '20261128100000',
    Ip: '127.0.0.1',
  };

  it('joins the request fields in order with pipes, the key last', () => {
    expect(checksum(REQUEST_FIELDS, request, 'sandbox-payment-secret-key')).toBe(
      '5876b0833f049a7278ddf7e0b612b0f6495d336431a9f439963e9eac39b7856e',
    );
  });

  it('puts ThoiGianGD before ThongTinGiaoDich in the callback, and refuses a changed amount', () => {
    const callback = {
      LoaiBanTin: 'PAY',
      MaLoi: '00',
      MaDoiTac: 'LTH-HAIPHONG',
      MaThamChieu: 'LT0001ABCDEF12345678',
      SoTien: '58000',
      MaTienTe: 'VND',
      MaGiaoDich: 'GD0001',
      MaNganHang: 'VCB',
      ThoiGianGD: '20261128100000',
      ThongTinGiaoDich: 'Lệ phí hộ tịch',
    };
    const signed = { ...callback, MaXacThuc: '416bc7420b1311ac4ef748288c50c93a2f00b1e2eeab6215a38c9997dd48cec9' };
    expect(checksumMatches(CALLBACK_FIELDS, signed, 'sandbox-payment-secret-key')).toBe(true);
    expect(checksumMatches(CALLBACK_FIELDS, { ...signed, SoTien: '5800' }, 'sandbox-payment-secret-key')).toBe(false);
  });
});
