/**
 * The payment platform double against §6: the composed INIT, QUERY and callback reply are
 * accepted (checksums recomputed with a test key over §6.2's pre-images); broken variants are
 * refused with MaLoi ≠ 00 and recorded, and start nothing.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PAYMENT_PATHS, startSandbox, type RunningSandbox } from '../../src/sandbox/sandbox.server.js';
import { CALLBACK_REPLY, INIT, INIT_PARTNER, QUERY } from '../fixtures/contracts/composed-examples.js';

const KEY = 'test-key-for-the-composed-examples';
/** §6.2 by hand: values joined by "|", the key after a last "|", SHA-256 lower hex. */
const sum = (values: unknown[]) =>
  createHash('sha256')
    .update([...values.map(String), KEY].join('|'), 'utf8')
    .digest('hex');
const initSum = (m: any) =>
  sum([
    m.LoaiBanTin,
    m.PhienBan,
    m.MaDoiTac,
    m.MaThamChieu,
    m.SoTien,
    m.LoaiHinhThanhToan,
    m.MaKenhThanhToan,
    m.MaThietBi,
    m.NgonNgu,
    m.MaTienTe,
    m.MaNganHang,
    m.ThongTinGiaoDich,
    m.ThoiGianGD,
    m.Ip,
  ]);
const signed = (m: any) => ({ ...m, MaXacThuc: initSum(m) });

let sandbox: RunningSandbox;
let hub: http.Server;
let reply: (callback: any) => unknown = () => ({});
const post = async (path: string, body: unknown) =>
  (
    await fetch(`${sandbox.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
  ).json() as Promise<any>;
const clone = <T>(v: T): T => structuredClone(v);

beforeAll(async () => {
  sandbox = await startSandbox(0, { payment: { partnerCode: INIT_PARTNER, secretKey: KEY, proxyToken: 'lgsp-token' } });
  // a stand-in for the hub's callback endpoint, answering as the test says
  hub = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => res.setHeader('content-type', 'application/json').end(JSON.stringify(reply(JSON.parse(raw)))));
  });
  await new Promise<void>((r) => hub.listen(0, '127.0.0.1', r));
  sandbox.setHubUrl(`http://127.0.0.1:${(hub.address() as AddressInfo).port}`);
});
afterAll(async () => {
  await sandbox?.close();
  hub?.close();
});
beforeEach(() => {
  sandbox.store.violations.length = 0;
  sandbox.store.flags.length = 0;
  sandbox.store.payments.clear();
  sandbox.store.ledger.length = 0;
});

describe('§6.1 INIT', () => {
  it('starts the composed example and answers MaLoi 00 with the payment URL', async () => {
    const answer = await post(PAYMENT_PATHS.init, signed(INIT));
    expect(answer).toMatchObject({
      MaLoi: '00',
      MaThamChieu: INIT.MaThamChieu,
      UrlThanhToan: expect.stringContaining('/pay/'),
    });
    expect(sandbox.store.violations).toEqual([]);
    // its reference has 21 characters: OpenCPS keeps 20, TD allows 255 [open], so it is a flag
    expect(sandbox.store.flags.map((f) => f.path)).toEqual(['/MaThamChieu']);
    // the same reference again is refused
    expect((await post(PAYMENT_PATHS.init, signed(INIT))).MaLoi).not.toBe('00');
  });

  it('answers behind a provincial proxy as a JSON string in message', async () => {
    const r = await fetch(`${sandbox.url}${PAYMENT_PATHS.proxyInit}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer lgsp-token' },
      body: JSON.stringify(signed(INIT)),
    });
    const answer = (await r.json()) as { error_code: string; message: string };
    expect(answer.error_code).toBe('0');
    expect(JSON.parse(answer.message)).toMatchObject({ MaLoi: '00', UrlThanhToan: expect.any(String) });
  });

  const broken: Array<[string, (m: any) => void, RegExp]> = [
    ['LoaiBanTin "PAY"', (m) => (m.LoaiBanTin = 'PAY'), /LoaiBanTin/],
    ['PhienBan "1.0.0"', (m) => (m.PhienBan = '1.0.0'), /PhienBan/],
    ['NgonNgu "vi"', (m) => (m.NgonNgu = 'vi'), /NgonNgu/],
    ['an empty MaNganHang', (m) => (m.MaNganHang = ''), /MaNganHang/],
    ['a loopback Ip', (m) => (m.Ip = '127.0.0.1'), /Ip/],
    ['SoTien with decimals', (m) => (m.SoTien = '75000.5'), /SoTien/],
    ['a MaThamChieu over 255 characters', (m) => (m.MaThamChieu = 'x'.repeat(256)), /MaThamChieu/],
    ['ThoiGianGD not yyyyMMddHHmmss', (m) => (m.ThoiGianGD = '2025-03-01 15:05:12'), /ThoiGianGD/],
    ['a receipt without the dossier code', (m) => delete m.ThongTinBienLai.MaHoSo, /MaHoSo/],
    ['a receipt without the agency', (m) => (m.ThongTinBienLai.MaDonVi = ''), /MaDonVi/],
    ['a receipt without the procedure', (m) => delete m.ThongTinBienLai.MaTTHC, /MaTTHC/],
    ["a receipt without the payer's address", (m) => delete m.ThongTinBienLai.DiaChiNguoiNop, /DiaChiNguoiNop/],
    ["a receipt without the payer's ID", (m) => (m.ThongTinBienLai.SoCMNDNguoiNop = ''), /SoCMNDNguoiNop/],
    ['a receipt without payment lines', (m) => (m.ThongTinBienLai.DSKhoanNop = []), /DSKhoanNop/],
    ["a fine receipt without the fine's data", (m) => (m.ThongTinBienLai.MaDichVu = '1'), /SoQD|KhoBac|TenNguoiViPham/],
    ['a field of its own', (m) => (m.ThongTinBienLai.MaThanhToan = 'abc'), /MaThanhToan/],
  ];
  for (const [what, breakIt, words] of broken) {
    it(`refuses ${what}`, async () => {
      const m = clone(INIT) as any;
      breakIt(m);
      const answer = await post(PAYMENT_PATHS.init, signed(m));
      expect(answer.MaLoi).not.toBe('00');
      expect(answer.MoTaLoi).toMatch(words);
      expect(
        sandbox.store.violations.some((v) => v.section.startsWith('§6') && words.test(`${v.path} ${v.message}`)),
        JSON.stringify(sandbox.store.violations),
      ).toBe(true);
      expect(sandbox.store.payments.size).toBe(0);
    });
  }

  it('refuses a checksum over another order or key', async () => {
    const answer = await post(PAYMENT_PATHS.init, { ...INIT, MaXacThuc: sum([INIT.LoaiBanTin, INIT.MaDoiTac]) });
    expect(answer).toMatchObject({ MaLoi: '07' });
    expect(sandbox.store.payments.size).toBe(0);
  });
});

describe('§6.3 QUERY', () => {
  const query = (m: any) => ({
    ...m,
    MaXacThuc: sum([m.LoaiBanTin, m.PhienBan, m.MaDoiTac, m.MaThamChieu, m.ThoiGianGD]),
  });
  it('answers the composed query with the transaction state, and refuses a query timed now instead of at INIT', async () => {
    await post(PAYMENT_PATHS.init, signed(INIT));
    expect(await post(PAYMENT_PATHS.query, query(QUERY))).toMatchObject({
      MaLoi: '00',
      TrangThaiGD: '3',
      SoTien: 75000,
    });
    const late = await post(PAYMENT_PATHS.query, query({ ...QUERY, ThoiGianGD: '20250301160000' }));
    expect(late.MaLoi).not.toBe('00');
  });
});

describe("§6.3 the callback and the client's reply", () => {
  it("accepts the composed reply (with the callback's MaXacThuc echoed), and records a non-standard one", async () => {
    await post(PAYMENT_PATHS.init, signed(INIT));
    reply = (cb) => ({ ...CALLBACK_REPLY, ThoiGianGD: cb.ThoiGianGD, MaXacThuc: cb.MaXacThuc });
    const { answers } = await post('/__sandbox/payment/complete', { reference: INIT.MaThamChieu });
    expect(answers[0]).toMatchObject({ MaLoi: '00' });
    expect(sandbox.store.violations).toEqual([]);

    reply = () => ({ return_code: -1, return_msg: 'không tìm thấy' });
    await post('/__sandbox/payment/complete', { reference: INIT.MaThamChieu });
    expect(sandbox.store.violations.map((v) => v.section)).toContain('§6.4');
    sandbox.store.violations.length = 0;

    reply = (cb) => ({ ...CALLBACK_REPLY, ThoiGianGD: cb.ThoiGianGD, MaXacThuc: 'recomputed' });
    await post('/__sandbox/payment/complete', { reference: INIT.MaThamChieu });
    expect(sandbox.store.violations.map((v) => v.path)).toContain('/MaXacThuc');
  });

  it("signs its callback over §6.2's CONFIRM order with SoTien as an integer", async () => {
    await post(PAYMENT_PATHS.init, signed(INIT));
    let seen: any;
    reply = (cb) => ((seen = cb), { ...CALLBACK_REPLY, ThoiGianGD: cb.ThoiGianGD, MaXacThuc: cb.MaXacThuc });
    await post('/__sandbox/payment/complete', { reference: INIT.MaThamChieu });
    expect(seen.SoTien).toBe(75000);
    expect(seen.MaXacThuc).toBe(
      sum([
        seen.LoaiBanTin,
        seen.MaLoi,
        seen.MaDoiTac,
        seen.MaThamChieu,
        seen.SoTien,
        seen.MaTienTe,
        seen.MaGiaoDich,
        seen.MaNganHang,
        seen.ThoiGianGD,
        seen.ThongTinGiaoDich,
      ]),
    );
  });
});
