/** The portal's style sheet (served at /static/portal.css; no external fonts or images). */
import { FOCUS_CSS, REFLOW_CSS } from '../../web/pageCss.js';

export const PORTAL_CSS = `
:root{--red:#c8102e;--navy:#123d7a;--blue:#1f5fbf;--bg:#f4f6fa;--line:#d5dbe6;--text:#1b2430;--muted:#5b6675;--ok:#1e7a3c;--focus:#f2b705}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;color:var(--text);background:var(--bg)}
a{color:var(--blue)}
${FOCUS_CSS}
.demo{background:#fff4d6;color:#6b4e00;text-align:center;font-size:14px;padding:4px}
header.top{background:linear-gradient(90deg,var(--red),#a50d25);color:#fff}
header.top .in{max-width:1040px;margin:0 auto;display:flex;align-items:center;gap:16px;padding:12px 16px}
.emblem{width:52px;height:52px;border-radius:50%;background:#f7d117;display:flex;align-items:center;justify-content:center;color:var(--red);font-size:30px;flex:none}
.brand b{display:block;font-size:20px;letter-spacing:.3px;text-transform:uppercase}
.brand span{font-size:13px;opacity:.9}
nav.main{background:var(--navy)}
nav.main ul{max-width:1040px;margin:0 auto;display:flex;flex-wrap:wrap;gap:4px;list-style:none;padding:0 16px}
nav.main a,nav.main button{display:block;color:#fff;text-decoration:none;padding:10px 12px;background:none;border:0;font:inherit;cursor:pointer}
nav.main a:hover,nav.main button:hover{background:rgba(255,255,255,.12)}
nav.main .right{margin-left:auto}
main{max-width:1040px;margin:24px auto;padding:0 16px}
.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:24px;margin-bottom:20px}
h1{font-size:24px;color:var(--navy);margin:0 0 16px}
h2{font-size:19px;color:var(--navy);margin:20px 0 10px}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(220px,1fr));gap:12px}
.method{display:block;border:1px solid var(--line);border-radius:8px;padding:16px;text-decoration:none;color:var(--text);background:#fbfcfe}
.method:hover{border-color:var(--blue)}
.method b{display:block;color:var(--navy);margin-bottom:4px}
.method small{color:var(--muted)}
form.stack{max-width:520px}
.field{margin-bottom:14px}
.field label{display:block;font-weight:600;margin-bottom:4px}
.field .req{color:var(--red)}
.field input{width:100%;padding:9px 10px;border:1px solid #aab4c3;border-radius:4px;font:inherit}
.field input[aria-invalid=true]{border-color:var(--red)}
.hint{font-size:13px;color:var(--muted);margin-top:2px}
.ferr{font-size:14px;color:var(--red);margin-top:2px}
.captcha{display:flex;gap:10px;align-items:center;margin:4px 0}
.captcha svg{border:1px solid var(--line);border-radius:4px}
button.primary{background:var(--red);color:#fff;border:0;border-radius:4px;padding:10px 20px;font:inherit;font-weight:600;cursor:pointer}
button.secondary{background:#fff;color:var(--navy);border:1px solid var(--navy);border-radius:4px;padding:9px 16px;font:inherit;cursor:pointer}
.actions{display:flex;gap:10px;flex-wrap:wrap;align-items:center}
.msg{border-radius:6px;padding:12px 14px;margin-bottom:14px;white-space:pre-line}
.msg.error{background:#fdecee;border:1px solid #f3b7bf;color:#8a1020}
.msg.info{background:#e8f0fc;border:1px solid #b9cff2;color:#163e7a}
.msg.success{background:#e7f5ec;border:1px solid #a9d9b9;color:var(--ok)}
.notice{background:#fff8e1;border:1px solid #f0d27a;border-radius:6px;padding:12px 14px;margin-bottom:16px}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:8px;border-bottom:1px solid var(--line);vertical-align:top}
th{color:var(--muted);font-weight:600}
code{background:#eef1f6;padding:1px 4px;border-radius:3px}
footer{max-width:1040px;margin:0 auto 24px;padding:0 16px;color:var(--muted);font-size:13px}
${REFLOW_CSS}
@media (max-width:600px){.emblem{width:40px;height:40px;font-size:22px}}
`;
