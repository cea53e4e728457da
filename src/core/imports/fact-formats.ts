import { googleAds, metaAds, tiktokAds } from './formats/ads.ts';
import { activities, inquiries } from './formats/field.ts';
import { googleAdsKeywords } from './formats/keywords.ts';
import type { FactFormat } from './format.ts';

/** Fact-producing import formats by the name used on the command line. */
export const FACT_FORMATS: Record<string, FactFormat> = {
  'meta-ads': metaAds,
  'tiktok-ads': tiktokAds,
  'google-ads': googleAds,
  'google-ads-keywords': googleAdsKeywords,
  activities,
  inquiries,
};
