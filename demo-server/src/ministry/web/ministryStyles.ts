/** The ministry portal's style sheet (served at /static/ministry.css; no external fonts or images). */
import { FOCUS_CSS, REFLOW_CSS } from '../../web/pageCss.js';

export const MINISTRY_CSS = `
:root{--green:#0b5d3b;--deep:#083f29;--gold:#e4b419;--red:#b3122a;--bg:#f3f5f2;--line:#d3dbd4;--text:#18221c;--muted:#58665d;--ok:#1e7a3c;--focus:var(--gold)}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;color:var(--text);background:var(--bg)}
a{color:#14653f}
${FOCUS_CSS}
.demo{background:#fff4d6;color:#6b4e00;text-align:center;font-size:14px;padding:4px}
header.top{background:linear-gradient(90deg,var(--green),var(--deep));color:#fff;border-bottom:4px solid var(--gold)}
header.top .in{max-width:1040px;margin:0 auto;display:flex;align-items:center;gap:16px;padding:12px 16px}
.badge{width:52px;height:52px;border-radius:50%;background:var(--red);border:3px solid var(--gold);display:flex;align-items:center;justify-content:center;color:var(--gold);font-size:28px;flex:none}
.brand b{display:block;font-size:20px;letter-spacing:.3px;text-transform:uppercase}
.brand span{font-size:13px;opacity:.9}
nav.main{background:var(--deep)}
nav.main ul{max-width:1040px;margin:0 auto;display:flex;flex-wrap:wrap;gap:4px;list-style:none;padding:0 16px}
nav.main a,nav.main button{display:block;color:#fff;text-decoration:none;padding:10px 12px;background:none;border:0;font:inherit;cursor:pointer}
nav.main a:hover,nav.main button:hover{background:rgba(255,255,255,.12)}
nav.main .right{margin-left:auto}
main{max-width:1040px;margin:24px auto;padding:0 16px}
.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:24px;margin-bottom:20px}
h1{font-size:24px;color:var(--deep);margin:0 0 16px}
h2{font-size:19px;color:var(--deep);margin:20px 0 10px}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(240px,1fr));gap:12px}
.choice{display:block;border:1px solid var(--line);border-radius:8px;padding:16px;text-decoration:none;color:var(--text);background:#fbfdfb}
.choice:hover{border-color:var(--green)}
.choice b{display:block;color:var(--deep);margin-bottom:4px}
form.stack{max-width:520px}
.field{margin-bottom:14px}
.field label{display:block;font-weight:600;margin-bottom:4px}
.field input{width:100%;padding:9px 10px;border:1px solid #a9b6ad;border-radius:4px;font:inherit}
button.primary,a.primary{display:inline-block;background:var(--green);color:#fff;border:0;border-radius:4px;padding:10px 20px;font:inherit;font-weight:600;cursor:pointer;text-decoration:none}
button.secondary{background:#fff;color:var(--deep);border:1px solid var(--deep);border-radius:4px;padding:9px 16px;font:inherit;cursor:pointer}
.actions{display:flex;gap:10px;flex-wrap:wrap;align-items:center}
.msg{border-radius:6px;padding:12px 14px;margin-bottom:14px}
.msg.error{background:#fdecee;border:1px solid #f3b7bf;color:#8a1020}
.msg.info{background:#e9f3ee;border:1px solid #b8d8c6;color:#0b4a2f}
.msg.success{background:#e7f5ec;border:1px solid #a9d9b9;color:var(--ok)}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:8px;border-bottom:1px solid var(--line);vertical-align:top}
th{color:var(--muted);font-weight:600}
code{background:#eef2ee;padding:1px 4px;border-radius:3px}
footer{max-width:1040px;margin:0 auto 24px;padding:0 16px;color:var(--muted);font-size:13px}
${REFLOW_CSS}
@media (max-width:600px){.badge{width:40px;height:40px;font-size:20px}}
`;
