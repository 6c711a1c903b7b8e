/**
 * Style rules the two portals' sheets (/static/portal.css, /static/ministry.css) share word for word: the
 * keyboard focus ring and the small-screen reflow. Each sheet defines the colours these rules use in `:root`:
 * `--text` (the dark outline) and `--focus` (the ring inside it).
 */

/** Focus: a light ring inside a dark one, so that one of them stands out on light and on dark backgrounds. */
export const FOCUS_CSS = `a:focus,button:focus,input:focus,select:focus,textarea:focus,summary:focus,[tabindex]:focus{outline:3px solid var(--text);outline-offset:2px;box-shadow:0 0 0 2px var(--focus)}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:6px;z-index:10}`;

/**
 * Small screens (WCAG 1.4.10 reflow at 320 CSS px): the header, menu and cards shrink, long words and
 * addresses wrap, and a data table too wide for the screen scrolls inside itself instead of the page.
 * A sheet shrinks its own emblem in a media block of its own.
 */
export const REFLOW_CSS = `td,th,code,.msg,.hint{overflow-wrap:anywhere}
@media (max-width:600px){
header.top .in{padding:10px 12px;gap:10px}
.brand b{font-size:16px}
nav.main ul{padding:0 8px}
nav.main .right{margin-left:0}
main{margin:16px auto;padding:0 8px}
.card{padding:16px 12px}
table{display:block;overflow-x:auto;max-width:100%}
}`;
