/**
 * The National Public Service Portal as a strict double, in both deployment shapes of the
 * contracts document: the direct adapter (login, then one endpoint taking `{session, madonvi,
 * service, ...}`; §1-§5) and a provincial proxy (one URL per operation, bare arrays, the session
 * hidden behind a bearer token; §2.1, §3, §5). A call that breaks the contract is refused the way
 * the portal signals errors (`error_code` ≠ 0 and a message) and recorded as a violation.
 */
import express from 'express';
import type { Check, Problem } from './contract/validator.js';
import { explain } from './contract/validator.js';
import {
  dongBoChecks,
  dossierFlags,
  loginRequest,
  lookupRequest,
  procedureListRequest,
  procedureRequest,
  progressProxyRequest,
  progressRequest,
  stepFlags,
} from './contract/portal.contract.js';
import type { Answer, Double } from './double.js';

interface PortalAccount {
  username: string;
  password: string;
  /** madonvi: the unit the account sends for */
  unit: string;
}

export interface PortalDoubleOptions {
  accounts: PortalAccount[];
  /** the server's session lifetime [open]; default 30 minutes */
  sessionTtlMs: number;
  /** when set, the `dstcode` header every call must carry (§1.1) */
  dstcode?: string;
  /** the proxy's bearer token; when unset the proxy takes any caller */
  proxyToken?: string;
  /** how `error_code` is typed on the wire [open §8.4]: as in the composed examples (0 and "3"), or always one type */
  errorCodes: 'mixed' | 'string' | 'number';
  /** TraCuuHoSo's list key [open §4]: `result` (OpenCPS) or `data` (ministry adapter) */
  lookupListKey: 'result' | 'data';
  /** require the fields only TD sends (default); false accepts OpenCPS's shape and flags them [open §8.9] */
  requireNewerFields: boolean;
  paths: typeof PORTAL_PATHS;
}

/** [open §8.1] The real paths are not in the sources; these are the double's (and the hub's defaults). */
export const PORTAL_PATHS = {
  login: '/mapi/login',
  api: '/mapi/g',
  proxy: {
    insert: '/lgsp/dvcqg/DongBoHoSoMC/Insert',
    update: '/lgsp/dvcqg/DongBoHoSoMC/Update',
    progress: '/lgsp/dvcqg/CapNhatTienDoHoSoMC',
    lookup: '/lgsp/dvcqg/TraCuuHoSo',
    procedure: '/lgsp/dvcqg/LayThuTuc',
    procedureList: '/lgsp/dvcqg/LayDanhSachTTHC',
  },
};

/** [open §8.2, §8.3] The double's own error codes for what the sources do not name. */
const PORTAL_ERRORS = { invalid: '-1', session: '-2', missing: '-4', exists: '3' };

export function portalRoutes(
  d: Double,
  o: PortalDoubleOptions,
  catalog: () => Array<Record<string, unknown>>,
): express.Router {
  const router = express.Router();
  const dongBo = dongBoChecks(o.requireNewerFields);
  let sessions = new Map<string, { unit: string; expires: number }>();
  const code = (c: number | string) =>
    o.errorCodes === 'string' ? String(c) : o.errorCodes === 'number' ? Number(c) : c;
  const ok = (message: string, extra: Record<string, unknown> = {}): Answer => ({
    json: { error_code: code(0), message, ...extra },
  });
  const fail = (c: string, message: string): Answer => ({ json: { error_code: code(c), message } });
  const refuse = (service: string, problems: Problem[]): Answer => {
    d.violation('portal', service, problems);
    return fail(PORTAL_ERRORS.invalid, `Dữ liệu không hợp lệ: ${explain(problems)}`);
  };
  const headerProblems = (req: express.Request): Problem[] => {
    const out: Problem[] = [];
    if (!String(req.headers['content-type'] ?? '').includes('application/json'))
      out.push({ path: 'header Content-Type', section: '§1.1', message: 'must be application/json' });
    if (o.dstcode && req.headers['dstcode'] !== o.dstcode)
      out.push({ path: 'header dstcode', section: '§1.1', message: `must be ${o.dstcode}` });
    return out;
  };

  // ---- state changes shared by both shapes -------------------------------------------------
  function syncDossiers(items: Array<Record<string, unknown>>, updating: boolean): Answer {
    for (const item of items) {
      const exists = d.store.dossiers.has(String(item['MaHoSo']));
      if (!updating && exists) return fail(PORTAL_ERRORS.exists, `Hồ sơ ${String(item['MaHoSo'])} đã tồn tại`);
      if (updating && !exists)
        return fail(PORTAL_ERRORS.missing, `Hồ sơ ${String(item['MaHoSo'])} chưa có trên Cổng, không thể cập nhật`);
    }
    for (const [i, item] of items.entries()) {
      d.flag('portal', 'DongBoHoSoMC', dossierFlags(item, i));
      d.store.dossiers.set(String(item['MaHoSo']), item);
    }
    return ok('Đồng bộ hồ sơ thành công');
  }
  function addSteps(steps: Array<Record<string, unknown>>): void {
    d.flag('portal', 'CapNhatTienDoHoSoMC', stepFlags(steps));
    for (const [i, s] of steps.entries()) {
      if (!d.store.dossiers.has(String(s['MaHoSo'])))
        d.flag('portal', 'CapNhatTienDoHoSoMC', [
          { path: `/data/${i}/MaHoSo`, section: '§3', message: 'a step for a dossier the portal does not hold [open]' },
        ]);
      const key = JSON.stringify(s);
      if (d.store.steps.some((x) => JSON.stringify(x) === key)) d.store.repeatedSteps++;
      else d.store.steps.push(s);
    }
  }
  const lookup = (mahoso: string) => {
    const x = d.store.dossiers.get(mahoso);
    const items = x
      ? [
          {
            MaHoSo: x['MaHoSo'],
            MaTTHC: x['MaTTHC'],
            TrangThaiHoSo: x['TrangThaiHoSo'],
            NgayTiepNhan: x['NgayTiepNhan'],
            NgayHenTra: x['NgayHenTra'],
            DonViXuLy: x['DonViXuLy'],
          },
        ]
      : [];
    return { [o.lookupListKey]: items };
  };
  const procedure = (maTTHC: string) => catalog().filter((p) => p['MATTHC'] === maTTHC);
  const procedureList = () => catalog().map((p) => ({ ID: p['ID'], MATTHC: p['MATTHC'], TENTTHC: p['TENTTHC'] }));

  // ---- the direct adapter ---------------------------------------------------------------------
  router.post(o.paths.login, express.json({ limit: '64kb' }), (req, res) =>
    d.serve(
      'login',
      res,
      (m) => fail(PORTAL_ERRORS.invalid, m),
      () => {
        const problems = [...headerProblems(req), ...loginRequest(req.body)];
        if (problems.length) return refuse('login', problems);
        const { username, password } = req.body as { username: string; password: string };
        const account = o.accounts.find((a) => a.username === username && a.password === password);
        if (!account) return fail(PORTAL_ERRORS.session, 'Sai tên đăng nhập hoặc mật khẩu');
        const session = `${d.newId()}${d.newId()}`;
        sessions.set(session, { unit: account.unit, expires: Date.now() + o.sessionTtlMs });
        return ok('Thành công', { session });
      },
    ),
  );

  const direct: Record<string, { check: Check; run(body: Record<string, any>): Answer }> = {
    DongBoHoSoMC: { check: dongBo.direct, run: (b) => syncDossiers(b['data'], b['isUpdating'] === 'True') },
    CapNhatTienDoHoSoMC: {
      check: progressRequest,
      run: (b) => (addSteps(b['data']), ok('Cập nhật tiến độ thành công')),
    },
    TraCuuHoSo: { check: lookupRequest, run: (b) => ({ json: { error_code: code(0), ...lookup(b['mahoso']) } }) },
    LayThuTuc: {
      check: procedureRequest,
      run: (b) => ({ json: { error_code: code(0), result: procedure(b['maTTHC']) } }),
    },
    LayDanhSachTTHC: {
      check: procedureListRequest,
      run: () => ({ json: { error_code: code(0), result: procedureList() } }),
    },
  };
  router.post(o.paths.api, express.json({ limit: '10mb' }), async (req, res) => {
    const body = (req.body ?? {}) as Record<string, any>;
    const service = String(body['service'] ?? '');
    const session = sessions.get(String(body['session'] ?? ''));
    if (!session || session.expires < Date.now())
      return void res.json(fail(PORTAL_ERRORS.session, 'Phiên làm việc không hợp lệ hoặc đã hết hạn').json);
    await d.serve(
      service,
      res,
      (m) => fail('99', m),
      () => {
        const op = direct[service];
        if (!op)
          return refuse(service || '(none)', [
            { path: '/service', section: '§2.1', message: `service "${service}" không được hỗ trợ` },
          ]);
        d.received(service, 'direct', { ...body, session: undefined });
        const problems = [...headerProblems(req), ...op.check(body)];
        if (body['madonvi'] !== session.unit)
          problems.push({ path: '/madonvi', section: '§1.3', message: `the account sends for ${session.unit}` });
        return problems.length ? refuse(service, problems) : op.run(body);
      },
    );
  });

  // ---- the provincial proxy -------------------------------------------------------------------
  const authorised = (req: express.Request, res: express.Response) => {
    if (!o.proxyToken || req.headers.authorization === `Bearer ${o.proxyToken}`) return true;
    res.status(401).json({ error_code: code(401), message: 'Unauthorized' });
    return false;
  };
  /** Some proxies wrap the portal's answer as a JSON string in `message` (§5). */
  const wrapped = (inner: unknown): Answer => ({ json: { message: JSON.stringify(inner) } });
  for (const [path, updating] of [
    [o.paths.proxy.insert, false],
    [o.paths.proxy.update, true],
  ] as const) {
    router.post(path, express.json({ limit: '10mb' }), async (req, res) => {
      if (!authorised(req, res)) return;
      await d.serve(
        'DongBoHoSoMC',
        res,
        (m) => ({ json: { error_code: '99', message: m } }),
        () => {
          d.received('DongBoHoSoMC', 'proxy', req.body, path);
          const problems = [...headerProblems(req), ...dongBo.proxy(req.body)];
          if (problems.length) return refuse('DongBoHoSoMC', problems);
          const a = syncDossiers(req.body, updating).json as { error_code: unknown; message: string };
          return { json: { error_code: String(a.error_code), message: a.message } }; // the C# DTOs: strings
        },
      );
    });
  }
  router.post(o.paths.proxy.progress, express.json({ limit: '10mb' }), async (req, res) => {
    if (!authorised(req, res)) return;
    // the proxy answers plain text; success is the substring "thành công" (§3)
    await d.serve(
      'CapNhatTienDoHoSoMC',
      res,
      (m) => ({ text: `Lỗi: ${m}` }),
      () => {
        d.received('CapNhatTienDoHoSoMC', 'proxy', req.body);
        const problems = [...headerProblems(req), ...progressProxyRequest(req.body)];
        if (problems.length) {
          d.violation('portal', 'CapNhatTienDoHoSoMC', problems);
          return { text: `Lỗi: dữ liệu không hợp lệ: ${explain(problems)}` };
        }
        addSteps(req.body);
        return { text: 'Cập nhật tiến độ thành công' };
      },
    );
  });
  const getter = (path: string, service: string, param: string | null, run: (v: string) => unknown) =>
    router.get(path, async (req, res) => {
      if (!authorised(req, res)) return;
      await d.serve(
        service,
        res,
        (m) => wrapped({ error_code: 99, message: m }),
        () => {
          d.received(service, 'proxy', req.query);
          const v = param ? req.query[param] : '';
          if (param && (typeof v !== 'string' || !v)) {
            d.violation('portal', service, [{ path: `?${param}`, section: '§5', message: `thiếu tham số ${param}` }]);
            return wrapped({ error_code: Number(PORTAL_ERRORS.invalid), message: `thiếu tham số ${param}` });
          }
          return wrapped({ error_code: 0, ...(run(String(v)) as object) });
        },
      );
    });
  getter(o.paths.proxy.procedure, 'LayThuTuc', 'maTTHC', (v) => ({ result: procedure(v) }));
  getter(o.paths.proxy.procedureList, 'LayDanhSachTTHC', null, () => ({ result: procedureList() }));
  getter(o.paths.proxy.lookup, 'TraCuuHoSo', 'mahoso', (v) => lookup(v));

  router.post('/__sandbox/expire-sessions', (_req, res) => {
    sessions = new Map();
    res.json({ ok: true });
  });
  return router;
}
