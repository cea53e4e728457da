import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { absolute, qrSvg, trackedLinks } from '../core/site/index.ts';
import { toCsv } from '../core/text.ts';
import { tiplineLinks } from '../core/tipline/links.ts';
import { parseArgs } from './args.ts';
import { campaignArg } from './campaign-arg.ts';

/**
 * counterpoint links <campaign> [--out folder] [--site https://…]: a CSV of every tracked link with its
 * channel and audience, and one SVG QR code per link, for field teams and printers.
 */
export async function runLinks(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const campaign = campaignArg(args.positional[0]);
  const site = args.get('site') ?? process.env['SITE_URL'] ?? 'http://localhost:4321';
  const out = args.get('out') ?? join('links', campaign.id);
  mkdirSync(join(out, 'qr'), { recursive: true });
  const links = trackedLinks(campaign);
  // With a tipline, every code can also start a chat (t.me/<bot>?start=<code>, wa.me/<number>?text=<code>);
  // a link of the `tipline` channel itself points at the chat, and its QR code too.
  const chat = campaign.tipline ? ['telegram', 'whatsapp'] : [];
  const rows: string[][] = [['code', 'url', 'channel', 'audience', 'language', 'declared', 'qr', ...chat]];
  for (const l of links) {
    const t = tiplineLinks(campaign, l.code);
    const chats = chat.map((p) => t[p as 'telegram' | 'whatsapp'] ?? '');
    const url = (l.channel === 'tipline' && (t.telegram ?? t.whatsapp)) || absolute(site, `/go/${l.code}`);
    const qrFile = `qr/${l.code}.svg`;
    writeFileSync(join(out, qrFile), qrSvg(url, `${campaign.title}: ${l.channel}, ${l.audience}`));
    rows.push([l.code, url, l.channel, l.audience, l.language, l.declared ? 'yes' : 'no', qrFile, ...chats]);
  }
  writeFileSync(join(out, 'links.csv'), toCsv(rows));
  console.log(
    `${out}/links.csv: ${links.length} tracked link(s) for ${campaign.id}, with a QR code each in ${out}/qr/ (site ${site})`,
  );
  return 0;
}
