// `npm run build`: Astro's build, with Astro's telemetry off unless ASTRO_TELEMETRY_DISABLED says
// otherwise (readers' pages are built offline; nothing should phone home). The campaigns are checked by
// the build's integration (src/lib/load-site.ts) before anything is written.
process.env['ASTRO_TELEMETRY_DISABLED'] ??= '1';
// The server build (`npm start`) serves what was last published, not the drafts authors have saved
// since (src/core/authoring/publish.ts); before the first publish, the campaigns folder.
if (process.env['COUNTERPOINT_MODE'] === 'server' && !process.env['COUNTERPOINT_CAMPAIGNS']) {
  const { liveCampaigns, publishDir } = await import('../src/core/authoring/publish.ts');
  const live = liveCampaigns(publishDir());
  if (live) process.env['COUNTERPOINT_CAMPAIGNS'] = live;
}
const { build } = await import('astro');
await build({});
export {};
