import * as assert from 'assert';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { citedKeys, zoteroCite, zoteroIsRunning } from '../../src/core/zotero/cayw';

// A loopback stand-in for Zotero's local server, answering as Better BibTeX's content/cayw.ts does.
type Handler = (request: http.IncomingMessage, response: http.ServerResponse) => void;

interface FakeZotero {
  port: number;
  requests: URL[];
  close(): Promise<void>;
}

async function fakeZotero(handler: Handler): Promise<FakeZotero> {
  const requests: URL[] = [];
  const server = http.createServer((request, response) => {
    requests.push(new URL(request.url ?? '/', 'http://127.0.0.1'));
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers like BBT: the probe says `ready`, a pick gives `citation` (empty when the picker is closed). */
function betterBibtex(citation: string): Handler {
  return (request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/better-bibtex/cayw') {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('No endpoint found');
    } else if (url.searchParams.get('probe')) {
      response.writeHead(200, { 'Content-Type': 'text/plain' }).end('ready');
    } else {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(citation);
    }
  };
}

/** A port on which nothing listens: bind one, then release it. */
async function closedPort(): Promise<number> {
  const server = await fakeZotero(() => undefined);
  await server.close();
  return server.port;
}

describe('Zotero CAYW client', () => {
  let server: FakeZotero | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('probes with ?probe=true and reads `ready` as running', async () => {
    server = await fakeZotero(betterBibtex(''));
    assert.strictEqual(await zoteroIsRunning({ port: server.port }), true);
    assert.strictEqual(server.requests[0].pathname, '/better-bibtex/cayw');
    assert.strictEqual(server.requests[0].searchParams.get('probe'), 'true');
  });

  it('does not call Zotero running while Better BibTeX is still starting', async () => {
    server = await fakeZotero((_request, response) => response.writeHead(200).end('starting'));
    assert.strictEqual(await zoteroIsRunning({ port: server.port }), false);
  });

  it('says not running when nothing listens on the port', async () => {
    const port = await closedPort();
    assert.strictEqual(await zoteroIsRunning({ port }), false);
    const result = await zoteroCite({ port });
    assert.strictEqual(result.ok, false);
    assert.ok(!result.ok && result.reason === 'not-running', JSON.stringify(result));
    assert.ok(!result.ok && !result.message.includes('\n'));
    assert.match(!result.ok ? result.message : '', new RegExp(`127\\.0\\.0\\.1:${port}`));
  });

  it('asks for a bracketed pandoc citation and returns its text and keys', async () => {
    server = await fakeZotero(betterBibtex('[@smith2010; @doe2020, p. 4]'));
    const result = await zoteroCite({ port: server.port });
    assert.deepStrictEqual(result, { ok: true, text: '[@smith2010; @doe2020, p. 4]', keys: ['smith2010', 'doe2020'] });
    const query = server.requests[0].searchParams;
    assert.strictEqual(query.get('format'), 'pandoc');
    assert.strictEqual(query.get('brackets'), '1');
    assert.strictEqual(query.get('probe'), null);
  });

  it('leaves brackets out when asked, and reads LaTeX commands for the LaTeX formats', async () => {
    server = await fakeZotero(betterBibtex('@smith2010'));
    await zoteroCite({ port: server.port, brackets: false });
    assert.strictEqual(server.requests[0].searchParams.get('brackets'), null);

    await server.close();
    server = await fakeZotero(betterBibtex('\\autocite[see][12]{smith2010,doe2020}'));
    const result = await zoteroCite({ port: server.port, format: 'biblatex' });
    assert.deepStrictEqual(result, { ok: true, text: '\\autocite[see][12]{smith2010,doe2020}', keys: ['smith2010', 'doe2020'] });
    assert.strictEqual(server.requests[0].searchParams.get('format'), 'biblatex');
    assert.strictEqual(server.requests[0].searchParams.get('brackets'), null);
  });

  it('treats an empty answer as the user closing the picker', async () => {
    server = await fakeZotero(betterBibtex(''));
    const result = await zoteroCite({ port: server.port });
    assert.ok(!result.ok && result.reason === 'cancelled', JSON.stringify(result));
  });

  it('reports an HTTP 500 from Better BibTeX with the first line of its message only', async () => {
    server = await fakeZotero((_request, response) =>
      response.writeHead(500, { 'Content-Type': 'application/text' }).end('CAYW failed: No such formatter "pandox"\nError: at pick (cayw.ts:12)'),
    );
    const result = await zoteroCite({ port: server.port });
    assert.ok(!result.ok && result.reason === 'error', JSON.stringify(result));
    assert.match(!result.ok ? result.message : '', /HTTP 500.*No such formatter/);
    assert.doesNotMatch(!result.ok ? result.message : '', /\n|at pick/);
  });

  it('explains a 404 as Zotero without Better BibTeX', async () => {
    server = await fakeZotero((_request, response) => response.writeHead(404).end('No endpoint found'));
    const result = await zoteroCite({ port: server.port });
    assert.ok(!result.ok && result.reason === 'error');
    assert.match(!result.ok ? result.message : '', /Better BibTeX/);
  });

  it('gives up on a server that never answers after timeoutMs', async () => {
    server = await fakeZotero(() => undefined);
    const started = Date.now();
    const result = await zoteroCite({ port: server.port, timeoutMs: 200 });
    const elapsed = Date.now() - started;
    assert.ok(!result.ok && result.reason === 'timeout', JSON.stringify(result));
    assert.ok(elapsed >= 190 && elapsed < 2000, `took ${elapsed} ms`);
    assert.strictEqual(await zoteroIsRunning({ port: server.port, timeoutMs: 100 }), false);
  });

  it('stops reading a huge answer and drops it', async () => {
    let sent = 0;
    let clientLeft = false;
    server = await fakeZotero((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      response.on('close', () => (clientLeft = true));
      const block = Buffer.alloc(64 * 1024, '@');
      const pump = () => {
        while (!clientLeft && sent < 50 * 1024 * 1024) {
          sent += block.length;
          if (!response.write(block)) return void response.once('drain', pump);
        }
        response.end();
      };
      pump();
    });
    const result = await zoteroCite({ port: server.port });
    assert.ok(!result.ok && result.reason === 'error', JSON.stringify(result).slice(0, 200));
    assert.match(!result.ok ? result.message : '', /larger than 64 KiB/);
    assert.ok(sent < 20 * 1024 * 1024, `the client read all ${sent} bytes`);
  });

  it('drops an answer that is not UTF-8 or holds control characters', async () => {
    server = await fakeZotero((_request, response) => response.writeHead(200).end(Buffer.from([0x5b, 0x40, 0xff, 0xfe, 0x5d])));
    const latin = await zoteroCite({ port: server.port });
    assert.ok(!latin.ok && latin.reason === 'error' && /UTF-8/.test(latin.message), JSON.stringify(latin));

    await server.close();
    server = await fakeZotero(betterBibtex('[@a]\u001b[2J'));
    const escape = await zoteroCite({ port: server.port });
    assert.ok(!escape.ok && escape.reason === 'error' && /control characters/.test(escape.message), JSON.stringify(escape));
  });

  it('refuses keys with a bidi override or a line break inside', async () => {
    for (const citation of ['[@safe\u202egnp.exe]', '[@{a\nb}]', '[@a; @{x\u2066y}]']) {
      await server?.close();
      server = await fakeZotero(betterBibtex(citation));
      const result = await zoteroCite({ port: server.port });
      assert.ok(!result.ok && result.reason === 'error' && /could type/.test(result.message), JSON.stringify(result));
      assert.ok(!/[\u202e\u2066\n]/.test(result.ok ? '' : result.message), 'the message shows the character escaped');
    }
    await server?.close();
    server = await fakeZotero(betterBibtex('[@zoë2020; @{a:b}]'));
    assert.deepStrictEqual(await zoteroCite({ port: server.port }), { ok: true, text: '[@zoë2020; @{a:b}]', keys: ['zoë2020', 'a:b'] });
  });

  it('reports a connection the server cuts as an error, not as Zotero missing', async () => {
    server = await fakeZotero((request) => request.socket.destroy());
    const result = await zoteroCite({ port: server.port });
    assert.ok(!result.ok && result.reason === 'error', JSON.stringify(result));
  });

  it('can be cancelled while the picker is open', async () => {
    server = await fakeZotero(() => undefined);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const result = await zoteroCite({ port: server.port, signal: controller.signal });
    assert.ok(!result.ok && result.reason === 'cancelled', JSON.stringify(result));
  });

  it('reads keys from every pandoc citation form the picker writes', () => {
    assert.deepStrictEqual(citedKeys('[see @a1; -@b:2, p. 4; @{c d}, chap. 2 and more]', 'pandoc'), ['a1', 'b:2', 'c d']);
    assert.deepStrictEqual(citedKeys('@smith2010.', 'pandoc'), ['smith2010']);
    assert.deepStrictEqual(citedKeys('mail me at x@y.org', 'pandoc'), []);
    assert.deepStrictEqual(citedKeys('\\cite[p. 1]{a}\\citeyear{b, c}', 'latex'), ['a', 'b', 'c']);
  });
});
