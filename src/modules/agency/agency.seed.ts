/**
 * The demo directory: central agencies with their real codes (domain.md), Hải Phòng (H24, the
 * likely code), its departments, the districts dissolved on 2025-07-01 with their successors,
 * and current communes. Codes below H24 are demo codes until the city's directory is imported.
 * `seedDirectory` is idempotent: it upserts by code.
 */
import { codeParent } from '../../common/agency-code.js';
import { foldVietnamese } from '../../common/text.js';
import type { Db } from '../../db/client.js';
import type { AgencyLevel } from '../../generated/prisma/enums.js';
import { agencyRepository } from './agency.repository.js';

interface SeedAgency {
  code: string;
  name: string;
  level: AgencyLevel;
  /** defaults to the code's parent in the identifier hierarchy */
  parent?: string;
  validFrom?: string;
  validTo?: string;
  successor?: string;
}

const REFORM = '2025-07-01';
const HP = '000.00.00.H24';

const district = (n: string, name: string, successor: string): SeedAgency => ({
  code: `000.00.${n}.H24`,
  name,
  level: 'DISTRICT',
  validTo: REFORM,
  successor,
});
const commune = (n: string, name: string): SeedAgency => ({
  code: `000.00.${n}.H24`,
  name,
  level: 'COMMUNE',
  parent: HP,
  validFrom: REFORM,
});

export const SEED_AGENCIES: SeedAgency[] = [
  { code: '000.00.00.G22', name: 'Văn phòng Chính phủ', level: 'MINISTRY' },
  { code: '000.00.00.G12', name: 'Bộ Tài chính', level: 'MINISTRY' },
  { code: '000.00.18.G12', name: 'Tổng cục Thuế', level: 'MINISTRY' },
  { code: '000.00.00.H41', name: 'Ủy ban nhân dân tỉnh Nghệ An', level: 'PROVINCE' },
  { code: HP, name: 'Ủy ban nhân dân thành phố Hải Phòng', level: 'PROVINCE' },
  { code: '000.00.01.H24', name: 'Văn phòng Ủy ban nhân dân thành phố Hải Phòng', level: 'PROVINCE' },
  { code: '000.00.02.H24', name: 'Sở Tài chính thành phố Hải Phòng', level: 'PROVINCE' },
  { code: '000.00.03.H24', name: 'Sở Tư pháp thành phố Hải Phòng', level: 'PROVINCE' },
  { code: '000.00.04.H24', name: 'Sở Nội vụ thành phố Hải Phòng', level: 'PROVINCE' },
  { code: '000.00.05.H24', name: 'Sở Xây dựng thành phố Hải Phòng', level: 'PROVINCE' },
  { code: '000.00.06.H24', name: 'Sở Nông nghiệp và Môi trường thành phố Hải Phòng', level: 'PROVINCE' },
  { code: '000.00.07.H24', name: 'Sở Y tế thành phố Hải Phòng', level: 'PROVINCE' },
  { code: '000.00.08.H24', name: 'Sở Giáo dục và Đào tạo thành phố Hải Phòng', level: 'PROVINCE' },
  { code: '000.00.09.H24', name: 'Sở Khoa học và Công nghệ thành phố Hải Phòng', level: 'PROVINCE' },
  { code: '000.00.10.H24', name: 'Trung tâm Phục vụ hành chính công thành phố Hải Phòng', level: 'PROVINCE' },
  // Communes since the two-level reform, directly under the city.
  commune('51', 'Ủy ban nhân dân phường Hồng Bàng'),
  commune('52', 'Ủy ban nhân dân phường Ngô Quyền'),
  commune('53', 'Ủy ban nhân dân phường Lê Chân'),
  commune('54', 'Ủy ban nhân dân phường Hải An'),
  commune('55', 'Ủy ban nhân dân phường Kiến An'),
  commune('56', 'Ủy ban nhân dân phường Đồ Sơn'),
  commune('57', 'Ủy ban nhân dân phường Dương Kinh'),
  commune('58', 'Ủy ban nhân dân phường Thủy Nguyên'),
  commune('61', 'Ủy ban nhân dân xã An Lão'),
  commune('62', 'Ủy ban nhân dân xã Kiến Thụy'),
  commune('63', 'Ủy ban nhân dân xã Tiên Lãng'),
  commune('64', 'Ủy ban nhân dân xã Vĩnh Bảo'),
  commune('71', 'Ủy ban nhân dân đặc khu Cát Hải'),
  commune('72', 'Ủy ban nhân dân đặc khu Bạch Long Vĩ'),
  // Districts dissolved on 2025-07-01, each pointing at the commune that took over its seat.
  district('31', 'Ủy ban nhân dân quận Hồng Bàng', '000.00.51.H24'),
  district('32', 'Ủy ban nhân dân quận Ngô Quyền', '000.00.52.H24'),
  district('33', 'Ủy ban nhân dân quận Lê Chân', '000.00.53.H24'),
  district('34', 'Ủy ban nhân dân quận Hải An', '000.00.54.H24'),
  district('35', 'Ủy ban nhân dân quận Kiến An', '000.00.55.H24'),
  district('36', 'Ủy ban nhân dân quận Đồ Sơn', '000.00.56.H24'),
  district('37', 'Ủy ban nhân dân quận Dương Kinh', '000.00.57.H24'),
  district('38', 'Ủy ban nhân dân thành phố Thủy Nguyên', '000.00.58.H24'),
  district('39', 'Ủy ban nhân dân huyện An Lão', '000.00.61.H24'),
  district('40', 'Ủy ban nhân dân huyện Kiến Thụy', '000.00.62.H24'),
  district('41', 'Ủy ban nhân dân huyện Tiên Lãng', '000.00.63.H24'),
  district('42', 'Ủy ban nhân dân huyện Vĩnh Bảo', '000.00.64.H24'),
  district('43', 'Ủy ban nhân dân huyện Cát Hải', '000.00.71.H24'),
  district('44', 'Ủy ban nhân dân huyện Bạch Long Vĩ', '000.00.72.H24'),
  // Wards of the former districts, dissolved with them.
  {
    code: '000.01.31.H24',
    name: 'Ủy ban nhân dân phường Hoàng Văn Thụ',
    level: 'COMMUNE',
    validTo: REFORM,
    successor: '000.00.51.H24',
  },
  {
    code: '000.02.31.H24',
    name: 'Ủy ban nhân dân phường Minh Khai',
    level: 'COMMUNE',
    validTo: REFORM,
    successor: '000.00.51.H24',
  },
  {
    code: '000.01.32.H24',
    name: 'Ủy ban nhân dân phường Máy Tơ',
    level: 'COMMUNE',
    validTo: REFORM,
    successor: '000.00.52.H24',
  },
];

/**
 * Upsert the demo directory in a few batched statements (no long interactive transaction: a
 * loaded machine must not make it time out). Returns how many agencies it holds.
 */
export async function seedDirectory(db: Db): Promise<number> {
  const codes = new Set(SEED_AGENCIES.map((a) => a.code));
  const rows = SEED_AGENCIES.map((a) => {
    const parentCode = a.parent ?? codeParent(a.code) ?? null;
    if (parentCode && !codes.has(parentCode))
      throw new Error(`seed: the parent ${parentCode} of ${a.code} is not in the seed`);
    return {
      code: a.code,
      name: a.name,
      searchName: foldVietnamese(a.name),
      level: a.level,
      parentCode,
      validFrom: a.validFrom ?? '2020-01-01',
      validTo: a.validTo ?? null,
      successorCode: a.successor ?? null,
    };
  });
  await agencyRepository.upsertMany(db, rows);
  return SEED_AGENCIES.length;
}

/**
 * `npm start` with the bundled sandbox only: every agency without a collection account gets a
 * sandbox one, so a fee can be asked and paid on the sandbox's page at once. Never on a real platform.
 */
export async function seedSandboxCollectionAccounts(db: Db): Promise<number> {
  return db.$executeRaw`UPDATE agency SET collection_account = '9999.0.' || replace(code, '.', ''), collection_bank_code = 'SANDBOX', collection_account_name = 'Tài khoản thử (sandbox) — ' || name
    WHERE collection_account IS NULL`;
}
