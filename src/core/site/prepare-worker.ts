/**
 * Worker thread entry: checks the campaigns and draws the flyers' QR codes off the main thread, so a
 * build does this work while Astro is still starting up. Posts `{ check }` as soon as the campaigns are
 * loaded (the content loader waits for it), then `{ qr }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { checkSite } from './check.ts';
import { flyerQrShapes } from './prepare.ts';

const { root, locales, site } = workerData as { root: string; locales: string; site: string };
const check = checkSite(root, locales);
parentPort!.postMessage({ check });
parentPort!.postMessage({ qr: flyerQrShapes(check, site) });
