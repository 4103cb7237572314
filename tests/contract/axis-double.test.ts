/** The document axis double against §7: the SDK's operations, authenticated, with their keys and values. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_AXIS, startSandbox, type RunningSandbox } from '../../src/sandbox/sandbox.server.js';

let sandbox: RunningSandbox;
const sample = (name: string) => readFileSync(new URL(`../fixtures/edxml/${name}`, import.meta.url), 'utf8');
const call = async (op: string, body: unknown, auth = SANDBOX_AXIS) =>
  (
    await fetch(`${sandbox.url}/vxp/${op}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', systemid: auth.systemId, secret: auth.secret },
      body: JSON.stringify(body),
    })
  ).json() as Promise<any>;

beforeAll(async () => {
  sandbox = await startSandbox(0);
});
afterAll(() => sandbox?.close());

describe('§7 the document axis', () => {
  it('sends a real package and a status packet, each with its messagetype', async () => {
    expect(
      await call('sendEdoc', {
        header: { from: SANDBOX_AXIS.systemId, servicetype: 'eDoc', messagetype: 'edoc' },
        content: sample('edoc_new.edxml'),
      }),
    ).toMatchObject({ status: 'OK', docID: expect.any(String) });
    expect(
      await call('sendEdoc', {
        header: { from: SANDBOX_AXIS.systemId, servicetype: 'eDoc', messagetype: 'status' },
        content: sample('status_acceptance_03.edxml'),
      }),
    ).toMatchObject({ status: 'OK' });
    expect(sandbox.store.violations).toEqual([]);
  });

  it('polls, fetches and acknowledges', async () => {
    const id = (
      (await (
        await fetch(`${sandbox.url}/__sandbox/axis/inbox`, { method: 'POST', body: sample('edoc_new.edxml') })
      ).json()) as { id: string }
    ).id;
    const list = await call('getReceivedEdocList', { header: { servicetype: 'eDoc', messagetype: 'edoc' } });
    expect(list).toEqual({ status: 'OK', errorDesc: '', knobsticks: [{ id, messagetype: 'edoc' }] });
    expect(
      (await call('getReceivedEdocList', { header: { servicetype: 'eDoc', messagetype: 'status' } })).knobsticks,
    ).toEqual([]);
    expect((await call('getEdoc', { header: { docId: id } })).data).toBe(sample('edoc_new.edxml'));
    expect(await call('updateStatus', { header: { docId: id, status: 'done' } })).toMatchObject({ status: 'OK' });
    expect(
      (await call('getReceivedEdocList', { header: { servicetype: 'eDoc', messagetype: 'edoc' } })).knobsticks,
    ).toEqual([]);
  });

  const broken: Array<[string, string, unknown, RegExp]> = [
    ["docId as a number (the SDK sample's bug)", 'updateStatus', { header: { docId: 12, status: 'done' } }, /docId/],
    ['a status outside processing/done/fail', 'updateStatus', { header: { docId: 'x', status: 'ok' } }, /status/],
    [
      'a servicetype other than eDoc',
      'getReceivedEdocList',
      { header: { servicetype: 'edoc', messagetype: 'edoc' } },
      /servicetype/,
    ],
    [
      'a malformed package',
      'sendEdoc',
      { header: { from: 'x', servicetype: 'eDoc', messagetype: 'edoc' }, content: sample('malformed_edoc.edxml') },
      /well-formed/,
    ],
    [
      'a status packet sent as a document',
      'sendEdoc',
      {
        header: { from: 'x', servicetype: 'eDoc', messagetype: 'edoc' },
        content: sample('status_acceptance_03.edxml'),
      },
      /status packet/,
    ],
  ];
  for (const [what, op, body, words] of broken) {
    it(`refuses ${what}`, async () => {
      sandbox.store.violations.length = 0;
      const answer = await call(op, body);
      expect(answer.status).toBe('FAIL');
      expect(answer.errorDesc).toMatch(words);
      expect(sandbox.store.violations[0]?.section).toBe('§7');
    });
  }

  it('refuses a caller without the system id and secret', async () => {
    expect(
      (
        await call(
          'getReceivedEdocList',
          { header: { servicetype: 'eDoc', messagetype: 'edoc' } },
          { systemId: SANDBOX_AXIS.systemId, secret: 'wrong' },
        )
      ).status,
    ).toBe('FAIL');
  });
});
