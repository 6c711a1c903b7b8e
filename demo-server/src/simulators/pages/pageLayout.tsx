/** @jsxRuntime automatic */
/** @jsxImportSource preact */
/** The frame of every simulator page: Vietnamese first, English labels, readable on a phone. */
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ComponentChildren, VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { createClientBundles } from '../../web/clientBundles.js';

/** The page script that watches a waiting page for news (same path from src/ and from dist/). */
const pageScripts = createClientBundles({
  'page-watch.js': fileURLToPath(new URL('../../../src/web/client/pageWatch.ts', import.meta.url)),
});

/** Serves the pages' script at /static/page-watch.js. */
export function registerPageScripts(app: FastifyInstance): void {
  app.get('/static/page-watch.js', async (_req, reply) =>
    reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(await pageScripts.get('page-watch.js')),
  );
}

/**
 * A page that waits for news (a request on the phone, a new message): the page script checks the same
 * address every `seconds` and changes the page only when `key` changed (no timed refresh, WCAG 2.2.1).
 */
export interface PageWatch {
  seconds: number;
  key: string;
}

const STYLE = `
body{font-family:system-ui,"Segoe UI",Roboto,Arial,sans-serif;margin:0;background:#f4f6f8;color:#1b1f24;line-height:1.45}
header{background:#b71c1c;color:#fff;padding:12px 20px}
header a{color:#fff}
main{padding:16px 20px;max-width:1100px;margin:auto}
h1{font-size:1.3rem;margin:0}
h2{font-size:1.1rem;margin-top:1.6em}
.en{color:#5f6b7a;font-size:.9em}
header .en{color:#ffd8d8}
table{border-collapse:collapse;width:100%;background:#fff;margin:8px 0}
th,td{border:1px solid #d0d7de;padding:6px 8px;text-align:left;vertical-align:top;font-size:.92rem}
th{background:#eef1f4}
code{background:#eef1f4;padding:1px 4px;border-radius:3px}
.notice{background:#fff8e1;border:1px solid #f0c36d;padding:8px 12px;border-radius:6px;margin:8px 0}
.ok{background:#e8f5e9;border-color:#81c784}
.err{background:#ffebee;border-color:#e57373}
.phone{max-width:380px;margin:16px auto;background:#111;border-radius:32px;padding:18px 14px}
.screen{background:#fff;border-radius:18px;padding:14px;min-height:520px}
.card{border:1px solid #d0d7de;border-radius:10px;padding:10px;margin:10px 0;background:#fafbfc}
.display{white-space:pre-wrap;font-size:1.02rem;margin:6px 0 10px}
input[type=password],input[type=text]{font-size:1.2rem;padding:6px;width:9em;letter-spacing:.2em}
button{font-size:1rem;padding:7px 14px;margin:4px 4px 0 0;border-radius:6px;border:1px solid #888;cursor:pointer}
button.primary{background:#1565c0;color:#fff;border-color:#0d47a1}
button.danger{background:#fff;color:#b71c1c;border-color:#b71c1c}
pre{white-space:pre-wrap;margin:0;font-family:inherit}
a:focus,button:focus,input:focus,select:focus,textarea:focus,summary:focus{outline:3px solid #1b1f24;outline-offset:2px;box-shadow:0 0 0 2px #f2b705}
td,th,code,.display{overflow-wrap:anywhere}
input,select,textarea{max-width:100%;box-sizing:border-box}
.vh{position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:600px){main{padding:12px 8px}header{padding:10px 12px}table{display:block;overflow-x:auto;max-width:100%}.phone{padding:12px 8px}}
`;

export function PageLayout(props: {
  title: string;
  titleEn: string;
  watch?: PageWatch | undefined;
  children: ComponentChildren;
}): VNode {
  return (
    <html lang="vi">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {props.watch ? <script type="module" src="/static/page-watch.js" /> : null}
        <title>{`${props.title} – Kyso demo`}</title>
        {/* A constant of this module, not user input. */}
        <style dangerouslySetInnerHTML={{ __html: STYLE }} />
      </head>
      <body>
        <header>
          <h1>
            {props.title}{' '}
            <span class="en" lang="en">
              / {props.titleEn}
            </span>
          </h1>
          <a href="/">Hệ thống mô phỏng</a>{' '}
          <span class="en" lang="en">
            / Simulators home
          </span>
        </header>
        <main
          {...(props.watch
            ? { 'data-watch': String(props.watch.seconds), 'data-watch-key': props.watch.key }
            : {})}
        >
          {props.children}
        </main>
      </body>
    </html>
  );
}

export function En(props: { children: ComponentChildren }): VNode {
  return (
    <span class="en" lang="en">
      {' '}
      / {props.children}
    </span>
  );
}

/** Sends a full HTML page. */
export function sendPage(reply: FastifyReply, page: VNode, status = 200): FastifyReply {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(`<!doctype html>${renderToString(page)}`);
}
