import { DossierStatus } from '../../src/modules/dossier/dossier-codes.type.js';
import type { TestHub } from './hub.js';

/** The GraphQL name of each TrangThaiHoSo code (1 -> REGISTERED_ONLINE). */
export const STATUS_NAME: Record<number, string> = Object.fromEntries(
  Object.entries(DossierStatus).map(([name, code]) => [code, name]),
);

const DOSSIER_FIELDS = `code status statusCode statusName channel receivedAt dueAt effectiveDueAt finishedAt overdue summary
  procedure { code } receivingAgency { code } handlingAgency { code }
  applicant { type name idNumber phone email }
  steps { fromStatus status officerName department note }
  supplements { requestedAt completedAt } results { name sha256 }`;

export const SUBMIT = `mutation($input: SubmitDossierInput!) { submitDossier(input: $input) { ${DOSSIER_FIELDS} } }`;
export const MOVE = `mutation($code: String!, $input: DossierStepInput!) { moveDossier(code: $code, input: $input) { ${DOSSIER_FIELDS} } }`;

export async function createProcedure(hub: TestHub, admin: string, overrides: Record<string, unknown> = {}) {
  const r = await hub.gql(
    `mutation($input: ProcedureInput!) { upsertProcedure(input: $input) { id code } }`,
    {
      input: {
        code: '1.001193',
        name: 'Đăng ký khai sinh',
        fieldCode: 'HT',
        fieldName: 'Hộ tịch',
        processingDays: 5,
        onlineLevel: 4,
        onlineType: 'FULL',
        validFrom: '2020-01-01',
        fees: [{ kind: 'CHARGE', amount: 8000, description: 'Lệ phí đăng ký' }],
        agencyCodes: ['000.00.51.H24', '000.00.52.H24'],
        ...overrides,
      },
    },
    admin,
  );
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data.upsertProcedure;
}

export const applicant = {
  type: 'CITIZEN',
  name: 'Nguyễn Thị Dân',
  idNumber: '031190001234',
  phone: '0912 345 678',
  email: 'dan@example.vn',
};
