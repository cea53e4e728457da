/**
 * The documents' styles (report, plan), inlined into each page: a report handed on as a file must
 * stand alone, and the PDF printer makes no network request. Logical properties (`inline-start`, `start`)
 * so the same rules lay Arabic out right to left.
 */
export const REPORT_CSS = `.figures .primary{grid-column:span 2}@media (max-width:48rem){.figures .primary{grid-column:auto}}
.decide h2{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.figure .tests{color:#3d4654;font-size:.9rem}.decide .figures{margin:.5rem 0;gap:.5rem}.decide .figure{padding:.5rem .7rem}details.fold>summary{cursor:pointer}details.fold>summary h2{display:inline;font-size:1.25rem}
.supports-lists{display:grid;grid-template-columns:1fr 1fr;gap:1rem}.supports h3{margin:.25rem 0;font-size:1rem}.supports ul{margin:.25rem 0;padding-inline-start:1.2rem}
.contents ul{columns:3;margin:.25rem 0;padding:0;list-style:none}
body{font:11pt/1.5 system-ui,sans-serif;color:#14181f;max-width:64rem;margin:1.5rem auto;padding:0 1rem}
table{border-collapse:collapse;width:100%;margin:.75rem 0}caption{text-align:start;font-weight:600;padding:.25rem 0}
th,td{border:1px solid #cfd6df;padding:.3rem .5rem;text-align:start;vertical-align:top;overflow-wrap:break-word}.num{white-space:nowrap}.table-scroll{overflow-x:auto;max-width:100%}td{font-variant-numeric:tabular-nums}
thead th{background:#f2f5f9}@page{size:A4;margin:14mm}h2,h3{break-after:avoid}table{break-inside:auto}tr{break-inside:avoid}
a{color:#0b5cad}nav ul{list-style:none;padding:0;display:flex;gap:1rem;flex-wrap:wrap;align-items:center}
.meta{color:#3d4654}.figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:.75rem;margin:1rem 0;padding:0}
.figure{border:1px solid #cfd6df;border-radius:.4rem;padding:.6rem .8rem;list-style:none;break-inside:avoid}
.figure h3{font-size:.95rem;margin:0 0 .25rem}.figure .value{font-size:1.35rem;font-weight:700;margin:0;font-variant-numeric:tabular-nums}
.figure p{margin:.2rem 0}.verdict-pass{color:#0a6b3d}.verdict-warn{color:#7a4d00}.verdict-fail{color:#a00000}
figure.chart{margin:1.25rem 0;break-inside:avoid}figure.chart figcaption{font-weight:600;margin-bottom:.25rem}
.chart-body{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:1rem;align-items:start}
.chart-body>*{min-width:0}.chart-canvas{position:relative;min-width:0}.chart-canvas canvas{display:block}.chart-body table{margin:0;font-size:.85rem}
figure.wide .chart-body{grid-template-columns:1fr}@media (max-width:48rem){.chart-body{grid-template-columns:1fr}}
@media print{a{color:inherit}}
/* The document lays its charts out the same on screen and on A4 (two abreast, each table under its
   chart, a wide one across), so that what chart.js drew at the printer's width is what prints. */
@media (min-width:40rem){.document section.charts{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:0 1rem;grid-auto-flow:dense;align-items:start}.document section.charts>h2,.document section.charts>figure.across{grid-column:1/-1}.document #chart-reach{grid-row:span 2}.document .chart-body{grid-template-columns:minmax(0,1fr)}}
.print-only{display:none}.legend{display:flex;flex-wrap:wrap;gap:.25rem 1rem;padding:0;margin:.25rem 0;list-style:none;font-size:.85rem}
.swatch{display:inline-block;width:.8rem;height:.8rem;margin-inline-end:.3rem;vertical-align:-.1rem;border:1px solid #14181f}.swatch.point{border-radius:50%}.swatch.marker{width:.2rem}.swatch.line{height:.2rem;vertical-align:.2rem}
@media print{body{font-size:7.5pt;line-height:1.3;margin:0;max-width:none;padding:0}.first-page{break-after:page}details.fold>summary{list-style:none}h1{font-size:1.45rem;margin:0 0 .25rem}h2,details.fold>summary h2{font-size:1.05rem;margin:.5rem 0 .2rem}h3{font-size:.95rem;margin:.4rem 0 .15rem}p{margin:.2rem 0}.figure .value{font-size:1.15rem}table{margin:.25rem 0}caption{padding:.1rem 0}th,td{padding:.1rem .3rem}figure.chart{margin:.5rem 0}.print-omit{display:none}.print-only{display:block}.table-scroll{overflow:visible}details.fold>.table-scroll:has(>table[data-cols="2"]){display:inline-block;vertical-align:top;width:calc(50% - .5rem);margin-inline-end:.5rem}ul{margin:.2rem 0}}`;

/** The dashboards add their forms and navigation to the documents' styles. */
export const DASHBOARD_CSS = `${REPORT_CSS}
.skip{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}.skip:focus{position:static;width:auto;height:auto;clip-path:none}
header.bar{display:flex;flex-wrap:wrap;justify-content:space-between;gap:.5rem 1rem;align-items:center;border-bottom:1px solid #cfd6df;margin-bottom:1rem}
form.login{display:grid;gap:.5rem;max-width:20rem}input,select,textarea{font:inherit;padding:.4rem;max-width:100%;box-sizing:border-box}button{font:inherit;padding:.4rem .8rem}.error{color:#a00000}
form.inline{display:inline}form.languages{display:flex;gap:.25rem;align-items:center;flex-wrap:wrap}form.languages button[aria-current]{font-weight:700}
form.filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:end;margin:1rem 0}form.filters div{display:grid;grid-template-columns:minmax(0,auto);max-width:100%;min-width:0}
details{margin:.5rem 0}`;
