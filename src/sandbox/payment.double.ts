/**
 * The national payment platform (§6) and PayGov (domain.md) as strict doubles: INIT and QUERY
 * checked field by field and by checksum, a payment URL that opens a payer's page, and the
 * gateways' signed callbacks to the hub, whose replies are checked too (§6.3, §6.4).
 */
import express from 'express';
import {
  CONFIRM_ORDER,
  INIT_ORDER,
  LIST_ORDER,
  QUERY_ORDER,
  checksumOf,
  callbackReply,
  initFlags,
  initRequest,
  listRequest,
  paygovCallbackSum,
  paygovInitRequest,
  paygovRequestSum,
  queryRequest,
  type PayGovKeys,
  type PlatformExpectations,
} from './contract/payment.contract.js';
import { explain, portalTimestamp, type Problem } from './contract/validator.js';
import type { Answer, Double } from './double.js';

export interface PaymentDoubleOptions {
  /** MaDoiTac and its secret key */
  partnerCode: string;
  secretKey: string;
  /** the fixed values INIT must carry (default: the contract's) */
  expect: PlatformExpectations;
  /** LoaiBanTin of the callback [open §6.3]; the composed example's placeholder by default */
  callbackMessageType: string;
  /** the proxy shape's bearer token (TD behind an LGSP, §6) */
  proxyToken?: string;
  paygov: { partnerCode: string } & PayGovKeys;
  paths: typeof PAYMENT_PATHS;
}

/** [open §8.10] The platform's real paths are not in the sources. */
export const PAYMENT_PATHS = {
  init: '/payment/init',
  query: '/payment/query',
  transactions: '/payment/transactions',
  proxyInit: '/lgsp/payment/init',
  paygovInit: '/paygov/init',
  /** where the gateways call the hub back */
  hubPlatformCallback: '/callbacks/payment-platform',
  hubPaygovCallback: '/callbacks/paygov',
};

const sameHex = (a: unknown, b: string) => String(a ?? '').toLowerCase() === b;

export function paymentRoutes(d: Double, o: PaymentDoubleOptions): express.Router {
  const router = express.Router();
  const refuse = (service: string, problems: Problem[], code = '01'): Answer => {
    d.violation('payment', service, problems);
    return { json: { MaLoi: code, MoTaLoi: `Dữ liệu không hợp lệ: ${explain(problems)}` } };
  };

  function init(body: Record<string, any>): Answer {
    const problems = initRequest(body);
    for (const [f, v] of Object.entries(o.expect))
      if (body[f] !== undefined && body[f] !== v)
        problems.push({ path: `/${f}`, section: '§6.1', message: `must be "${v}", not ${JSON.stringify(body[f])}` });
    if (body['MaDoiTac'] !== undefined && body['MaDoiTac'] !== o.partnerCode)
      problems.push({ path: '/MaDoiTac', section: '§6.1', message: 'unknown partner' });
    if (problems.length) return refuse('INIT', problems);
    if (!sameHex(body['MaXacThuc'], checksumOf(INIT_ORDER, body, o.secretKey)))
      return refuse('INIT', [{ path: '/MaXacThuc', section: '§6.2', message: 'Sai mã xác thực' }], '07');
    const ref = String(body['MaThamChieu']);
    if (d.store.payments.has(ref)) return { json: { MaLoi: '09', MoTaLoi: `MaThamChieu ${ref} đã tồn tại` } };
    d.flag('payment', 'INIT', initFlags(body));
    d.store.payments.set(ref, body);
    return {
      json: {
        MaLoi: '00',
        MoTaLoi: 'Thành công',
        LoaiBanTin: body['LoaiBanTin'],
        MaDoiTac: body['MaDoiTac'],
        MaThamChieu: ref,
        UrlThanhToan: `${d.baseUrl()}/pay/${encodeURIComponent(ref)}`,
      },
    };
  }

  router.post(o.paths.init, express.json({ limit: '256kb' }), (req, res) =>
    d.serve(
      'payment.init',
      res,
      (m) => ({ json: { MaLoi: '99', MoTaLoi: m } }),
      () => {
        d.received('payment.init', 'direct', req.body);
        return init(req.body ?? {});
      },
    ),
  );
  // behind a provincial proxy: a bearer token, and the answer as a JSON string in `message` (§6.3)
  router.post(o.paths.proxyInit, express.json({ limit: '256kb' }), (req, res) => {
    if (o.proxyToken && req.headers.authorization !== `Bearer ${o.proxyToken}`)
      return void res.status(401).json({ error_code: '401', message: 'Unauthorized' });
    return d.serve(
      'payment.init',
      res,
      (m) => ({ json: { error_code: '99', message: m } }),
      () => {
        d.received('payment.init', 'proxy', req.body);
        const inner = init(req.body ?? {}).json as Record<string, unknown>;
        return {
          json: { error_code: inner['MaLoi'] === '00' ? '0' : String(inner['MaLoi']), message: JSON.stringify(inner) },
        };
      },
    );
  });

  router.post(o.paths.query, express.json({ limit: '64kb' }), (req, res) =>
    d.serve(
      'payment.query',
      res,
      (m) => ({ json: { MaLoi: '99', MoTaLoi: m } }),
      () => {
        const b = (req.body ?? {}) as Record<string, any>;
        d.received('payment.query', 'direct', b);
        const problems = queryRequest(b);
        if (problems.length) return refuse('QUERY', problems);
        if (!sameHex(b['MaXacThuc'], checksumOf(QUERY_ORDER, b, o.secretKey)))
          return refuse('QUERY', [{ path: '/MaXacThuc', section: '§6.2', message: 'Sai mã xác thực' }], '07');
        const started = d.store.payments.get(String(b['MaThamChieu']));
        if (!started) return { json: { MaLoi: '02', MoTaLoi: 'Không tìm thấy giao dịch' } };
        if (b['ThoiGianGD'] !== started['ThoiGianGD'])
          return refuse('QUERY', [{ path: '/ThoiGianGD', section: '§6.3', message: 'must be the original INIT time' }]);
        const settled = d.store.ledger.find((l) => l.MaThamChieu === b['MaThamChieu']);
        const state = !settled ? '3' : settled.TrangThai === '00' ? '1' : '4';
        return {
          json: {
            MaLoi: '00',
            MoTaLoi: 'Thành công',
            LoaiBanTin: 'QUERY',
            MaDoiTac: o.partnerCode,
            MaThamChieu: b['MaThamChieu'],
            ThoiGianGD: b['ThoiGianGD'],
            SoTien: Number(started['SoTien']),
            MaTienTe: 'VND',
            MaGiaoDich: settled?.MaGiaoDich ?? '',
            MaNganHang: settled ? 'NCB' : '',
            ThongTinGiaoDich: started['ThongTinGiaoDich'],
            TrangThaiGD: state,
          },
        };
      },
    ),
  );

  // the day's transactions, for reconciliation [open: not in the contracts document]
  router.post(o.paths.transactions, express.json({ limit: '64kb' }), (req, res) =>
    d.serve(
      'payment.transactions',
      res,
      (m) => ({ json: { MaLoi: '99', MoTaLoi: m } }),
      () => {
        const b = (req.body ?? {}) as Record<string, any>;
        d.received('payment.transactions', 'direct', b);
        const problems = listRequest(b);
        if (problems.length) return refuse('transactions', problems);
        if (!sameHex(b['MaXacThuc'], checksumOf(LIST_ORDER, b, o.secretKey)))
          return refuse('transactions', [{ path: '/MaXacThuc', section: '§6.2', message: 'Sai mã xác thực' }], '07');
        return { json: { MaLoi: '00', DanhSach: d.store.ledger.filter((t) => t.Ngay === b['Ngay']) } };
      },
    ),
  );

  // PayGov through a provincial gateway (domain.md): an order, answered with a payment URL
  router.post(o.paths.paygovInit, express.json({ limit: '64kb' }), (req, res) =>
    d.serve(
      'paygov.init',
      res,
      (m) => ({ json: { errorCode: '99', message: m } }),
      () => {
        const b = (req.body ?? {}) as Record<string, any>;
        d.received('paygov.init', 'direct', b);
        const problems = paygovInitRequest(b);
        if (b['partnerCode'] !== undefined && b['partnerCode'] !== o.paygov.partnerCode)
          problems.push({ path: '/partnerCode', section: 'domain.md', message: 'unknown partner' });
        if (problems.length) {
          d.violation('paygov', 'init', problems);
          return { json: { errorCode: '08', message: explain(problems) } };
        }
        if (!sameHex(b['checksum'], paygovRequestSum(b, o.paygov)))
          return { json: { errorCode: '07', message: 'Sai checksum' } };
        if (d.store.paygov.has(b['orderId'])) return { json: { errorCode: '09', message: 'orderId đã tồn tại' } };
        d.store.paygov.set(b['orderId'], b);
        return {
          json: {
            errorCode: '00',
            message: 'Thành công',
            payUrl: `${d.baseUrl()}/paygov/pay/${encodeURIComponent(b['orderId'])}`,
          },
        };
      },
    ),
  );

  /** The payer paid (or gave up): the gateway calls the hub back, signed; its replies are checked. */
  async function deliver(reference: string, success: boolean): Promise<Array<Record<string, unknown>>> {
    const hub = d.hubUrl();
    if (!hub) throw new Error('the sandbox does not know the hub (setHubUrl)');
    const now = new Date();
    const platform = d.store.payments.get(reference);
    const order = d.store.paygov.get(reference);
    let url: string;
    let body: Record<string, unknown>;
    if (platform) {
      body = {
        LoaiBanTin: o.callbackMessageType,
        MaLoi: success ? '00' : '24',
        MaDoiTac: platform['MaDoiTac'],
        MaThamChieu: reference,
        SoTien: Number(platform['SoTien']),
        MaTienTe: 'VND',
        MaGiaoDich: `PP${d.newId()}`,
        MaNganHang: 'NCB',
        ThoiGianGD: portalTimestamp(now),
        ThongTinGiaoDich: platform['ThongTinGiaoDich'],
      };
      body['MaXacThuc'] = checksumOf(CONFIRM_ORDER, body, o.secretKey);
      url = `${hub}${o.paths.hubPlatformCallback}`;
      if (success)
        d.store.ledger.push({
          MaThamChieu: reference,
          MaGiaoDich: String(body['MaGiaoDich']),
          SoTien: String(body['SoTien']),
          TrangThai: '00',
          Ngay: portalTimestamp(now).slice(0, 8),
        });
    } else if (order) {
      body = {
        partnerCode: order['partnerCode'],
        orderId: reference,
        requestCode: order['requestCode'],
        amount: order['amount'],
        transactionNo: d.newId(),
        payDate: portalTimestamp(now),
        errorCode: success ? '00' : '24',
      };
      body['checksum'] = paygovCallbackSum(body, o.paygov);
      url = `${hub}${o.paths.hubPaygovCallback}`;
    } else {
      throw new Error(`no payment ${reference} was started here`);
    }
    const answers: Array<Record<string, unknown>> = [];
    for (let i = 0; i < Math.max(1, d.faults['payment.callback']?.repeat ?? 1); i++) {
      const r = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const reply = (await r.json().catch(() => ({}))) as Record<string, unknown>;
      answers.push(reply);
      if (platform) {
        const problems = callbackReply(reply);
        if ('return_code' in reply)
          problems.unshift({
            path: '/return_code',
            section: '§6.4',
            message: 'a non-standard reply ({return_code, return_msg}) instead of the MaLoi shape',
          });
        if (reply['MaXacThuc'] !== undefined && reply['MaXacThuc'] !== body['MaXacThuc'])
          problems.push({ path: '/MaXacThuc', section: '§6.3', message: "must echo the callback's MaXacThuc" });
        for (const f of ['MaDoiTac', 'MaThamChieu', 'ThoiGianGD'])
          if (reply[f] !== undefined && reply[f] !== body[f])
            problems.push({ path: `/${f}`, section: '§6.3', message: `must echo the callback's ${f}` });
        if (problems.length) d.violation('payment', 'callback.reply', problems);
      }
    }
    return answers;
  }

  const page = (title: string, content: string) =>
    `<!doctype html><html lang="vi"><meta charset="utf-8"><title>${title}</title><body style="font-family:sans-serif;max-width:40em;margin:2em auto"><h1>${title}</h1>${content}<p><small>Sandbox — không phải cổng thanh toán thật</small></p></body></html>`;
  const escapeHtml = (v: unknown) => String(v ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  for (const prefix of ['/pay', '/paygov/pay']) {
    router.get(`${prefix}/:ref`, (req, res) => {
      const ref = req.params['ref'] ?? '';
      const started = d.store.payments.get(ref) ?? d.store.paygov.get(ref);
      if (!started) return void res.status(404).send(page('Không tìm thấy giao dịch', ''));
      const amount = Number(started['SoTien'] ?? started['amount']).toLocaleString('vi-VN');
      res.send(
        page(
          'Thanh toán',
          `<p>Mã tham chiếu <b>${escapeHtml(ref)}</b>: <b>${escapeHtml(amount)} đ</b></p>
        <form method="post"><button name="outcome" value="success">Thanh toán</button> <button name="outcome" value="failure">Hủy giao dịch</button></form>`,
        ),
      );
    });
    router.post(`${prefix}/:ref`, express.urlencoded({ extended: false }), async (req, res) => {
      try {
        const answers = await deliver(req.params['ref'] ?? '', req.body?.outcome === 'success');
        res.send(page('Kết quả', `<pre>${escapeHtml(JSON.stringify(answers, null, 2))}</pre>`));
      } catch (err) {
        res.status(400).send(page('Lỗi', escapeHtml((err as Error).message)));
      }
    });
  }
  /** A test pays (or fails) a started payment: the gateway calls the hub back, signed. */
  router.post('/__sandbox/payment/complete', express.json(), async (req, res) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    try {
      res.json({ answers: await deliver(String(b['reference'] ?? ''), b['success'] !== false) });
    } catch (err) {
      res.status(400).json({ error: (err as Error).message });
    }
  });
  /** A test books a transaction on the platform's ledger without a callback. */
  router.post('/__sandbox/payment/settle', express.json(), (req, res) => {
    const b = (req.body ?? {}) as Record<string, string>;
    d.store.ledger.push({
      MaThamChieu: b['MaThamChieu']!,
      MaGiaoDich: b['MaGiaoDich'] ?? '',
      SoTien: String(b['SoTien']),
      TrangThai: b['TrangThai'] ?? '00',
      Ngay: b['Ngay']!,
    });
    res.json({ ok: true });
  });
  router.get('/__sandbox/payment/ledger', (_req, res) => void res.json(d.store.ledger));
  router.get('/__sandbox/payments', (_req, res) => void res.json(Object.fromEntries(d.store.payments)));
  router.get('/__sandbox/paygov', (_req, res) => void res.json(Object.fromEntries(d.store.paygov)));
  return router;
}
