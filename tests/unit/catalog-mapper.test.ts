/** LayThuTuc's procedure (§5) read into the catalog: both clients' value types, the online channel's time and fees. */
import { describe, expect, it } from 'vitest';
import { fromLayThuTuc } from '../../src/integrations/portal/catalog.mapper.js';
import { PROCEDURE } from '../fixtures/contracts/composed-examples.js';

describe('fromLayThuTuc', () => {
  it('reads the composed example', () => {
    expect(fromLayThuTuc(PROCEDURE)).toEqual({
      code: '1.001234.000.00.00.H99',
      portalId: '58213',
      name: 'Cấp giấy phép xây dựng nhà ở riêng lẻ',
      fieldCode: 'G05-XD02',
      fieldName: 'Quản lý hoạt động xây dựng',
      processingDays: 15,
      onlineLevel: 3,
      onlineType: 'PARTIAL',
      active: true,
      inForceSince: new Date('2015-01-01T00:00:00Z'),
      agencyCodes: ['000.00.12.H99'],
      resultCode: 'KQ.001234',
      fees: [{ kind: 'CHARGE', amount: 75000n, description: 'Lệ phí cấp phép', code: 'LP01' }],
    });
  });

  it('reads numbers sent as strings (TD) and hours as working days', () => {
    const p = structuredClone(PROCEDURE) as any;
    p.TRANGTHAI = '1';
    p.CACHTHUCTHUCHIEN = [
      {
        KENH: '1',
        THOIGIAN: [
          {
            THOIGIANGIAIQUYET: '20',
            DONVITINH: 'Giờ làm việc',
            PHILEPHI: [{ MAPHILEPHI: 'P', SOTIEN: '150000', MOTA: 'Phí thẩm định' }],
          },
        ],
      },
    ];
    expect(fromLayThuTuc(p)).toMatchObject({
      processingDays: 3,
      onlineLevel: 2,
      onlineType: 'NONE',
      active: true,
      fees: [{ kind: 'FEE', amount: 150000n, code: 'P' }],
    });
  });

  it('names what it cannot read', () => {
    const p = structuredClone(PROCEDURE) as any;
    p.CACHTHUCTHUCHIEN[0].THOIGIAN[0].DONVITINH = 'Tháng';
    expect(() => fromLayThuTuc(p)).toThrow(/not in days or hours/);
    expect(() => fromLayThuTuc({ ...PROCEDURE, MATTHC: 'x' })).toThrow(/MATTHC is not a procedure code/);
    expect(() => fromLayThuTuc({ ...PROCEDURE, LINHVUCTHUCHIEN: [] })).toThrow(/MALINHVUC/);
  });
});
