export {
  assessOffer,
  OFFER_PLATFORMS,
  OFFER_SIGNS,
  WARNING_THRESHOLD,
  type OfferOutcome,
  type OfferPlatform,
} from './signs.ts';
export {
  countOfferReports,
  deleteOfferReportsBefore,
  getOfferReport,
  insertOfferReport,
  listOfferReports,
  OFFER_REPORTS_PER_PAGE,
  recordOfferCheck,
  type OfferReport,
  type OfferReportCount,
  type OfferReportInput,
} from './store.ts';
export {
  deleteExpiredOfferReports,
  retentionCutoff,
  startOfferRetention,
  type OfferRetention,
  type RetentionJob,
} from './retention.ts';
export { summariseOffers, type OfferSummary } from './summary.ts';
export { createBurstDetector, textKey, type BurstDetector } from './bursts.ts';
export {
  listOfferBursts,
  markOfferBurst,
  setOfferReportsAside,
  type OfferBurstRow,
  type OfferReportShelf,
} from '../metrics/queries/offer-reports.ts';
export { claimFromReport } from './claim.ts';
export { OfferReportFormSchema, OfferCheckFormSchema, parseOfferForm } from './forms.ts';
export {
  offerCheckView,
  offerEndpoints,
  offerReportView,
  offerResultPages,
  type OfferCheckView,
  type OfferEndpoints,
  type OfferReportView,
} from './view.ts';
