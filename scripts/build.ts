// `npm run build`: Astro's build, with Astro's telemetry off unless ASTRO_TELEMETRY_DISABLED says
// otherwise (readers' pages are built offline; nothing should phone home). The campaigns are checked by
// the build's integration (src/lib/load-site.ts) before anything is written.
process.env['ASTRO_TELEMETRY_DISABLED'] ??= '1';
const { build } = await import('astro');
await build({});
export {};
