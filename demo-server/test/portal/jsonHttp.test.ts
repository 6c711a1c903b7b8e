/** The portal's JSON transport to the national systems and how simulatorsClient maps its outcomes. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JsonHttpError, jsonRequest } from '../../src/portal/externals/jsonHttp.js';
import { simulatorsClient } from '../../src/portal/externals/simulatorsClient.js';

let server: Server;
let base = '';
const seen: { method: string; url: string; body: string; contentType: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        body: Buffer.concat(chunks).toString('utf8'),
        contentType: String(req.headers['content-type'] ?? ''),
      });
      if (req.url === '/slow') return void setTimeout(() => res.end('{}'), 400);
      if (req.url === '/html') return void res.writeHead(200).end('<html>');
      if (req.url === '/missing') return void res.writeHead(404).end('{}');
      if (req.url === '/down') return void res.writeHead(503).end('{}');
      if (req.url === '/gateway-timeout') return void res.writeHead(504).end('{}');
      if (req.url === '/sms/send') return void res.writeHead(200).end('{"accepted":true}');
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"echo":1}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('jsonRequest', () => {
  it('POSTs JSON and reads the JSON answer; GET carries no body', async () => {
    expect(await jsonRequest(`${base}/x?a=1`, { method: 'POST', body: { a: 'ă' }, timeoutMs: 2000 })).toEqual(
      {
        status: 200,
        json: { echo: 1 },
      },
    );
    expect(seen.at(-1)).toMatchObject({ method: 'POST', url: '/x?a=1', body: '{"a":"ă"}' });
    expect(seen.at(-1)?.contentType).toBe('application/json');
    await jsonRequest(`${base}/y`, { method: 'GET', timeoutMs: 2000 });
    expect(seen.at(-1)).toMatchObject({ method: 'GET', url: '/y', body: '', contentType: '' });
  });

  it('a body that is not JSON is an answer without json', async () => {
    expect(await jsonRequest(`${base}/html`, { method: 'GET', timeoutMs: 2000 })).toEqual({
      status: 200,
      json: undefined,
    });
  });

  it('rejects with timeout when the answer is late, unavailable when nobody listens', async () => {
    await expect(jsonRequest(`${base}/slow`, { method: 'GET', timeoutMs: 100 })).rejects.toMatchObject({
      failure: 'timeout',
    });
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const e = await jsonRequest(`http://127.0.0.1:${port}/`, { method: 'GET', timeoutMs: 2000 }).catch(
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(JsonHttpError);
    expect((e as JsonHttpError).failure).toBe('unavailable');
  });
});

describe('simulatorsClient over jsonRequest', () => {
  it('maps 404, 5xx, 504, late answers and non-JSON to the failure values, never throwing', async () => {
    // gapMs 0: one POST /sms/send per message (batches: smsBatchClient.test.ts).
    const fast = simulatorsClient({ baseUrl: base, timeoutMs: 2000, smsBatch: { gapMs: 0, maxBatch: 1 } });
    expect(await fast.sendSms('0912345678', 'x')).toEqual({ ok: true, value: true });
    const at = (path: string, timeoutMs = 2000) =>
      simulatorsClient({
        baseUrl: base,
        timeoutMs,
        request: (_url, o) => jsonRequest(`${base}${path}`, o),
      }).verifyCitizen({ idNumber: '1', fullName: 'A', dateOfBirth: '01/01/2000' });
    expect(await at('/missing')).toEqual({ ok: false, failure: 'notFound' });
    expect(await at('/down')).toEqual({ ok: false, failure: 'unavailable' });
    expect(await at('/gateway-timeout')).toEqual({ ok: false, failure: 'timeout' });
    expect(await at('/slow', 100)).toEqual({ ok: false, failure: 'timeout' });
    expect(await at('/html')).toEqual({ ok: false, failure: 'invalidResponse' });
  });
});
