/** The portal client against answers a double does not give: a proxy's "không thành công", a lookup answered with data[]. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { UpstreamRefusedError } from '../../src/integrations/http.js';
import { createPortalClient } from '../../src/integrations/portal/portal.client.js';

let server: http.Server;
let answer = '';
let url = '';

beforeAll(async () => {
  server = http.createServer((_req, res) => res.end(answer));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server.close());

describe('the portal client', () => {
  it('reads a proxy\'s "không thành công" as a refusal, and "thành công" as success', async () => {
    const proxy = createPortalClient({ ...loadConfig({ NODE_ENV: 'test', PORTAL_SHAPE: 'proxy' }).portal, url });
    answer = 'Cập nhật tiến độ không thành công: hồ sơ không tồn tại';
    await expect(proxy.progress([{ MaHoSo: 'x' }])).rejects.toBeInstanceOf(UpstreamRefusedError);
    answer = 'Cập nhật tiến độ thành công';
    await expect(proxy.progress([{ MaHoSo: 'x' }])).resolves.toBeUndefined();
  });

  it("reads TraCuuHoSo's list under data as well as result (§4)", async () => {
    const direct = createPortalClient({ ...loadConfig({ NODE_ENV: 'test' }).portal, url });
    answer = JSON.stringify({ error_code: '0', session: 's', data: [{ MaHoSo: 'x' }] });
    expect(await direct.dossierExists('x')).toBe(true);
    answer = JSON.stringify({ error_code: 0, session: 's', result: [] });
    expect(await direct.dossierExists('x')).toBe(false);
  });
});
