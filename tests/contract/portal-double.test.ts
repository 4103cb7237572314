/**
 * The portal double against the contracts document: its composed examples are accepted, and
 * broken variants of each are refused in the portal's error form (`error_code` ≠ 0 and a message),
 * recorded as violations naming the section, and change nothing.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PORTAL_PATHS, startSandbox, type RunningSandbox } from '../../src/sandbox/sandbox.server.js';
import {
  DONG_BO,
  DSTCODE,
  LOGIN,
  LOGIN_ACCOUNT,
  LOOKUP,
  PROCEDURE,
  PROCEDURE_REQUEST,
  PROGRESS,
} from '../fixtures/contracts/composed-examples.js';

let sandbox: RunningSandbox;
let session: string;
const headers = { 'content-type': 'application/json', accept: 'application/json', charset: 'utf-8', dstcode: DSTCODE };
const post = async (path: string, body: unknown, h: Record<string, string> = headers) =>
  (
    await fetch(`${sandbox.url}${path}`, { method: 'POST', headers: h, body: JSON.stringify(body) })
  ).json() as Promise<any>;
const api = (body: Record<string, unknown>) => post(PORTAL_PATHS.api, { ...body, session });
const clone = <T>(v: T): T => structuredClone(v);
const violations = () => sandbox.store.violations;

beforeAll(async () => {
  sandbox = await startSandbox(0, {
    portal: { accounts: [LOGIN_ACCOUNT], dstcode: DSTCODE, proxyToken: 'proxy-token' },
  });
});
afterAll(() => sandbox?.close());
beforeEach(async () => {
  sandbox.store.violations.length = 0;
  sandbox.store.flags.length = 0;
  sandbox.store.dossiers.clear();
  sandbox.store.steps.length = 0;
  session = (await post(PORTAL_PATHS.login, LOGIN)).session;
});

/** Refused in the portal's form, recorded with its section, and nothing stored. */
async function expectRefused(body: Record<string, unknown>, section: string, words: RegExp) {
  const before = JSON.stringify([...sandbox.store.dossiers.entries(), sandbox.store.steps]);
  const answer = await api(body);
  expect(Number(answer.error_code)).not.toBe(0);
  expect(answer.message).toMatch(words);
  expect(
    violations().some((v) => v.section === section && words.test(`${v.path} ${v.message}`)),
    JSON.stringify(violations()),
  ).toBe(true);
  expect(JSON.stringify([...sandbox.store.dossiers.entries(), sandbox.store.steps])).toBe(before);
}

describe('§1 login', () => {
  it('answers the composed example with a session, error_code 0', async () => {
    expect(await post(PORTAL_PATHS.login, LOGIN)).toMatchObject({ error_code: 0, session: expect.any(String) });
  });
  it('refuses a wrong password, a missing field, and a call without the configured dstcode', async () => {
    expect(Number((await post(PORTAL_PATHS.login, { ...LOGIN, password: 'x' })).error_code)).not.toBe(0);
    expect(Number((await post(PORTAL_PATHS.login, { username: LOGIN.username })).error_code)).not.toBe(0);
    const noDst = await post(PORTAL_PATHS.login, LOGIN, { 'content-type': 'application/json' });
    expect(noDst.session).toBeUndefined();
    expect(violations().map((v) => v.path)).toContain('header dstcode');
  });
  it("refuses data calls with an unknown session, and a madonvi that is not the account's unit", async () => {
    expect(Number((await post(PORTAL_PATHS.api, { ...DONG_BO, session: 'nope' })).error_code)).not.toBe(0);
    await expectRefused({ ...clone(DONG_BO), madonvi: '000.00.00.H24' }, '§1.3', /madonvi/);
  });
});

describe('§2 DongBoHoSoMC', () => {
  it('accepts the composed example, answers "đã tồn tại" to the same insert, and takes it as an update', async () => {
    expect(await api(DONG_BO)).toMatchObject({ error_code: 0, message: expect.stringMatching(/thành công/) });
    const again = await api(DONG_BO);
    expect(String(again.error_code)).toBe('3');
    expect(again.message).toMatch(/đã tồn tại/);
    const update = clone(DONG_BO);
    update.isUpdating = 'True';
    update.data[0]!.TrangThaiHoSo = '9';
    expect(await api(update)).toMatchObject({ error_code: 0 });
    expect(sandbox.store.dossiers.get(DONG_BO.data[0]!.MaHoSo)).toMatchObject({ TrangThaiHoSo: '9' });
    expect(violations()).toEqual([]);
    expect(sandbox.store.flags).toEqual([]);
  });

  it('refuses an update of a dossier it does not hold', async () => {
    const update = { ...clone(DONG_BO), isUpdating: 'True' };
    expect(Number((await api(update)).error_code)).not.toBe(0);
    expect(sandbox.store.dossiers.size).toBe(0);
  });

  const broken: Array<[string, (b: any) => void, string, RegExp]> = [
    [
      'MucPhi (a number) instead of Gia',
      (b) => {
        b.data[0].DanhSachLePhi = [{ TenPhiLePhi: 'Lệ phí', MucPhi: 75000, LoaiPhiLePhi: '2' }];
      },
      '§2.4',
      /Gia|MucPhi/,
    ],
    [
      'Gia as a number',
      (b) => {
        b.data[0].DanhSachLePhi[0].Gia = 75000;
      },
      '§2.4',
      /Gia/,
    ],
    [
      'no MaPhiLePhi',
      (b) => {
        delete b.data[0].DanhSachLePhi[0].MaPhiLePhi;
      },
      '§2.4',
      /MaPhiLePhi/,
    ],
    [
      'MaGiayTo instead of the result fields',
      (b) => {
        b.data[0].DanhSachGiayToKetQua = [{ TenGiayTo: 'Giấy phép', MaGiayTo: 'abc' }];
      },
      '§2.3b',
      /MaGiayTo|DuongDanTepTinKetQua/,
    ],
    [
      'a supplement without NgayHenTraTruoc',
      (b) => {
        b.data[0].DanhSachHoSoBoSung = [
          {
            HoSoBoSungId: 1,
            NoiDungBoSung: 'x',
            NgayBoSung: '20250302080000',
            TrangThaiBoSung: false,
            NgayHenTraMoi: '',
          },
        ];
      },
      '§2.5',
      /NgayHenTraTruoc/,
    ],
    [
      "the hub's own PhienBan",
      (b) => {
        b.data[0].PhienBan = 3;
      },
      '§2.2',
      /PhienBan/,
    ],
    [
      'no TenLinhVuc',
      (b) => {
        delete b.data[0].TenLinhVuc;
      },
      '§2.2',
      /TenLinhVuc/,
    ],
    [
      'no HinhThuc',
      (b) => {
        delete b.data[0].HinhThuc;
      },
      '§2.2',
      /HinhThuc/,
    ],
    [
      'DuocThanhToanTrucTuyen ""',
      (b) => {
        b.data[0].DuocThanhToanTrucTuyen = '';
      },
      '§2.6',
      /DuocThanhToanTrucTuyen/,
    ],
    [
      'an ISO date',
      (b) => {
        b.data[0].NgayTiepNhan = '2025-03-01T08:30:00+07:00';
      },
      '§2.2',
      /NgayTiepNhan/,
    ],
    [
      'a date that does not exist',
      (b) => {
        b.data[0].NgayHenTra = '20250230170000';
      },
      '§2.2',
      /NgayHenTra/,
    ],
    [
      'a status outside 1-10',
      (b) => {
        b.data[0].TrangThaiHoSo = '11';
      },
      '§2.6',
      /TrangThaiHoSo/,
    ],
    [
      'a status as a number',
      (b) => {
        b.data[0].TrangThaiHoSo = 4;
      },
      '§2.6',
      /TrangThaiHoSo/,
    ],
    [
      'isUpdating as a boolean',
      (b) => {
        b.isUpdating = false;
      },
      '§2.1',
      /isUpdating/,
    ],
    [
      'data as one object',
      (b) => {
        b.data = b.data[0];
      },
      '§2.1',
      /data/,
    ],
    [
      'an empty summary',
      (b) => {
        b.data[0].TrichYeuHoSo = '';
      },
      '§2.2',
      /TrichYeuHoSo/,
    ],
    [
      'a summary over 1000 characters',
      (b) => {
        b.data[0].TrichYeuHoSo = 'x'.repeat(1001);
      },
      '§2.2',
      /TrichYeuHoSo/,
    ],
    [
      'no DinhDanhCHS',
      (b) => {
        delete b.data[0].DinhDanhCHS;
      },
      '§2.2',
      /DinhDanhCHS/,
    ],
    [
      'a submitted file without a download URL',
      (b) => {
        b.data[0].TaiLieuNop[0].DuongDanTaiTepTin = 'files/55120';
      },
      '§2.3',
      /DuongDanTaiTepTin/,
    ],
  ];
  for (const [what, breakIt, section, words] of broken) {
    it(`refuses ${what}`, async () => {
      const body = clone(DONG_BO) as any;
      breakIt(body);
      await expectRefused(body, section, words);
    });
  }
});

describe("OpenCPS's shape (§8.9)", () => {
  it("refuses a dossier without TD's newer fields by default, and flags them when told OpenCPS's shape is enough", async () => {
    const openCps = clone(DONG_BO) as any;
    for (const f of [
      'SoGiayToChuHoSo',
      'NoiNopHoSo',
      'HoSoCoThanhPhanSoHoa',
      'TaiKhoanDuocXacThucVoiVNeID',
      'DuocThanhToanTrucTuyen',
      'DinhDanhCHS',
      'NgayNopHoSo',
      'DSKetNoiCSDL',
    ])
      delete openCps.data[0][f];
    await expectRefused(openCps, '§2.2', /DinhDanhCHS/);
    const lenient = await startSandbox(0, {
      portal: { accounts: [LOGIN_ACCOUNT], dstcode: DSTCODE, requireNewerFields: false },
    });
    try {
      const post2 = async (path: string, body: unknown) =>
        (
          await fetch(`${lenient.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) })
        ).json() as Promise<any>;
      const s2 = (await post2(PORTAL_PATHS.login, LOGIN)).session;
      expect(await post2(PORTAL_PATHS.api, { ...openCps, session: s2 })).toMatchObject({ error_code: 0 });
      expect(lenient.store.flags.map((f) => f.section)).toContain('§8.9');
    } finally {
      await lenient.close();
    }
  });
});

describe('§3 CapNhatTienDoHoSoMC', () => {
  it('accepts the composed example and keeps each step once', async () => {
    await api(DONG_BO);
    expect(await api(PROGRESS)).toMatchObject({ error_code: 0, message: expect.stringMatching(/thành công/) });
    expect(await api(PROGRESS)).toMatchObject({ error_code: 0 });
    expect(sandbox.store.steps).toHaveLength(2);
    expect(violations()).toEqual([]);
  });
  const broken: Array<[string, (b: any) => void, RegExp]> = [
    [
      'a step at the top level (no data[])',
      (b) => {
        Object.assign(b, b.data[0]);
        delete b.data;
      },
      /data|MaHoSo/,
    ],
    [
      'no NguoiXuLy',
      (b) => {
        delete b.data[0].NguoiXuLy;
      },
      /NguoiXuLy/,
    ],
    [
      'an empty NoiDungXuLy',
      (b) => {
        b.data[0].NoiDungXuLy = '';
      },
      /NoiDungXuLy/,
    ],
    [
      'ThoiDiemXuLy with seconds missing',
      (b) => {
        b.data[0].ThoiDiemXuLy = '202503010830';
      },
      /ThoiDiemXuLy/,
    ],
    [
      'isUpdating, which this service has not',
      (b) => {
        b.isUpdating = 'False';
      },
      /isUpdating/,
    ],
  ];
  for (const [what, breakIt, words] of broken) {
    it(`refuses ${what}`, async () => {
      const body = clone(PROGRESS) as any;
      breakIt(body);
      await expectRefused(body, '§3', words);
    });
  }
});

describe('§4 TraCuuHoSo and §5 LayThuTuc', () => {
  it('finds a dossier by lower-case mahoso, and answers an empty result otherwise', async () => {
    expect(await api(LOOKUP)).toEqual({ error_code: 0, result: [] });
    await api(DONG_BO);
    expect(await api(LOOKUP)).toMatchObject({ error_code: 0, result: [{ MaHoSo: LOOKUP.mahoso, TrangThaiHoSo: '4' }] });
    await expectRefused({ ...LOOKUP, mahoso: undefined, MaHoSo: LOOKUP.mahoso }, '§4', /mahoso|MaHoSo/);
  });
  it('answers LayThuTuc with result[] in upper case, and refuses MaTTHC spelt as in dossiers', async () => {
    await fetch(`${sandbox.url}/__sandbox/catalog`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([PROCEDURE]),
    });
    expect(await api(PROCEDURE_REQUEST)).toEqual({ error_code: 0, result: [PROCEDURE] });
    expect(await api({ ...PROCEDURE_REQUEST, service: 'LayDanhSachTTHC', maTTHC: undefined })).toEqual({
      error_code: 0,
      result: [{ ID: '58213', MATTHC: PROCEDURE.MATTHC, TENTTHC: PROCEDURE.TENTTHC }],
    });
    await expectRefused({ ...PROCEDURE_REQUEST, maTTHC: undefined, MaTTHC: PROCEDURE.MATTHC }, '§5', /maTTHC|MaTTHC/);
  });
});

describe('the provincial proxy shape', () => {
  const proxy = { 'content-type': 'application/json', authorization: 'Bearer proxy-token', dstcode: DSTCODE };
  it('takes a bare array on the insert URL, answers "đã tồn tại" there once it holds the dossier, and updates on the update URL', async () => {
    const item = clone(DONG_BO.data[0]!);
    expect(await post(PORTAL_PATHS.proxy.insert, [item], proxy)).toMatchObject({
      error_code: '0',
      message: expect.stringMatching(/thành công/),
    });
    expect(await post(PORTAL_PATHS.proxy.insert, [item], proxy)).toMatchObject({
      error_code: '3',
      message: expect.stringMatching(/đã tồn tại/),
    });
    expect(await post(PORTAL_PATHS.proxy.update, [{ ...item, TrangThaiHoSo: '9' }], proxy)).toMatchObject({
      error_code: '0',
    });
    expect(sandbox.store.dossiers.get(item.MaHoSo)).toMatchObject({ TrangThaiHoSo: '9' });
    // the envelope is the direct shape's, not the proxy's
    expect(Number((await post(PORTAL_PATHS.proxy.insert, DONG_BO, proxy)).error_code)).not.toBe(0);
    // without the bearer token
    expect(
      (
        await fetch(`${sandbox.url}${PORTAL_PATHS.proxy.insert}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify([item]),
        })
      ).status,
    ).toBe(401);
  });
  it('answers progress in plain text, and LayThuTuc as a JSON string in message', async () => {
    await post(PORTAL_PATHS.proxy.insert, [DONG_BO.data[0]], proxy);
    const text = await (
      await fetch(`${sandbox.url}${PORTAL_PATHS.proxy.progress}`, {
        method: 'POST',
        headers: proxy,
        body: JSON.stringify(PROGRESS.data),
      })
    ).text();
    expect(text).toMatch(/thành công/);
    const bad = await (
      await fetch(`${sandbox.url}${PORTAL_PATHS.proxy.progress}`, {
        method: 'POST',
        headers: proxy,
        body: JSON.stringify([{ MaHoSo: 'x' }]),
      })
    ).text();
    expect(bad).not.toMatch(/thành công/);
    await fetch(`${sandbox.url}/__sandbox/catalog`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([PROCEDURE]),
    });
    const answer = (await (
      await fetch(`${sandbox.url}${PORTAL_PATHS.proxy.procedure}?maTTHC=${encodeURIComponent(PROCEDURE.MATTHC)}`, {
        headers: proxy,
      })
    ).json()) as { message: string };
    expect(JSON.parse(answer.message)).toEqual({ error_code: 0, result: [PROCEDURE] });
  });
});
