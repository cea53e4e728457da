export { formatDays } from './hours.ts';
export {
  buildLandingView,
  languageLinks,
  type ContactView,
  type Fragment,
  type LandingView,
  type LanguageLink,
} from './landing.ts';
export { absolute, paths, shareLinks, telHref, whatsappHref, type ShareLink } from './links.ts';
export { published, publishedInOrder } from './prepare.ts';
export { qrShape, qrSvg, type QrShape } from './qr.ts';
export { beaconScript } from './beacon.ts';
export {
  audienceLanguage,
  generatedCode,
  negotiateLanguage,
  placementLinks,
  redirectPageHtml,
  trackedLinks,
  type TrackedLink,
} from './tracked-links.ts';
