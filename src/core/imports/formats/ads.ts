import { UNATTRIBUTED } from '../../metrics/model.ts';
import { audienceForAd, type FactFormat, type Row } from '../format.ts';

type Metrics = Partial<
  Record<'impressions' | 'reach' | 'spend' | 'link-clicks' | 'video-views' | 'video-completions', string>
>;

function metricFacts(
  row: Row,
  map: Metrics,
  base: { day: string; channel: string; audience: string; language: string; detail: string },
) {
  const out = [];
  for (const [metric, field] of Object.entries(map)) {
    if (field && row.has(field))
      out.push({ ...base, metric: metric as keyof Metrics, value: row.number(field) });
  }
  return out;
}

const detailOf = (row: Row) => [row.text('age'), row.text('gender').toLowerCase()].filter(Boolean).join(' ');

/** Meta Ads Manager "Export table data": a row per day × ad set (× age × gender × platform…). */
export const metaAds: FactFormat = {
  source: 'meta-ads',
  label: 'Meta Ads Manager export',
  columns: {
    day: ['day', 'date', 'reporting starts'],
    adSet: ['ad set name', 'ad set', 'adset name'],
    age: ['age'],
    gender: ['gender'],
    region: ['region'],
    platform: ['platform', 'publisher platform'],
    reach: ['reach'],
    impressions: ['impressions'],
    spend: ['amount spent', 'spend', 'amount spent (eur)'],
    linkClicks: ['link clicks'],
    thruPlays: ['thruplays'],
    videoPlays: ['3-second video plays', 'video plays'],
    currency: ['currency'],
  },
  required: ['day', 'adSet'],
  anyOf: ['reach', 'impressions', 'spend', 'linkClicks'],
  currency: 'currency',
  skip: (cells) => /^total/i.test(cells[0] ?? ''),
  toFacts(row, ctx) {
    const platform = row.text('platform').toLowerCase();
    const channel = platform.includes('instagram') ? 'instagram' : 'facebook';
    const base = {
      day: row.day('day'),
      channel,
      audience:
        audienceForAd(ctx.campaign, 'meta', {
          name: row.text('adSet'),
          age: row.text('age'),
          gender: row.text('gender'),
          region: row.text('region'),
        }) ?? UNATTRIBUTED,
      language: '',
      detail: detailOf(row),
    };
    return metricFacts(
      row,
      {
        reach: 'reach',
        impressions: 'impressions',
        spend: 'spend',
        'link-clicks': 'linkClicks',
        'video-completions': 'thruPlays',
        'video-views': 'videoPlays',
      },
      base,
    );
  },
};

/** TikTok Ads Manager custom report by day (and age, gender). */
export const tiktokAds: FactFormat = {
  source: 'tiktok-ads',
  label: 'TikTok Ads Manager report',
  columns: {
    day: ['by day', 'date', 'stat time day', 'day'],
    adGroup: ['ad group name', 'ad group'],
    age: ['age'],
    gender: ['gender'],
    region: ['region', 'location'],
    spend: ['cost', 'spend', 'total cost'],
    impressions: ['impressions'],
    reach: ['reach'],
    clicks: ['clicks (destination)', 'clicks', 'destination clicks'],
    videoViews: ['video views'],
    completions: ['video views at 100%', 'video completions'],
    currency: ['currency'],
  },
  required: ['day'],
  anyOf: ['reach', 'impressions', 'spend', 'clicks'],
  currency: 'currency',
  skip: (cells) => /^total/i.test(cells[0] ?? ''),
  toFacts(row, ctx) {
    const base = {
      day: row.day('day'),
      channel: 'tiktok',
      audience:
        audienceForAd(ctx.campaign, 'tiktok', {
          name: row.text('adGroup'),
          age: row.text('age'),
          gender: row.text('gender'),
          region: row.text('region'),
        }) ?? UNATTRIBUTED,
      language: '',
      detail: detailOf(row),
    };
    return metricFacts(
      row,
      {
        reach: 'reach',
        impressions: 'impressions',
        spend: 'spend',
        'link-clicks': 'clicks',
        'video-views': 'videoViews',
        'video-completions': 'completions',
      },
      base,
    );
  },
};

/** Google Ads report download: a title and date-range preamble, then a table with "Total" rows. */
export const googleAds: FactFormat = {
  source: 'google-ads',
  label: 'Google Ads report',
  columns: {
    day: ['day', 'date'],
    adGroup: ['ad group', 'ad group name'],
    region: ['region', 'location'],
    campaignType: ['campaign type', 'advertising channel type'],
    impressions: ['impr.', 'impressions'],
    clicks: ['clicks'],
    spend: ['cost'],
    views: ['views', 'video views'],
    currency: ['currency code', 'currency'],
  },
  required: ['day'],
  anyOf: ['impressions', 'clicks', 'spend'],
  currency: 'currency',
  skip: (cells) => cells.some((c) => /^total/i.test(c.trim())),
  toFacts(row, ctx) {
    const type = row.text('campaignType').toLowerCase();
    const base = {
      day: row.day('day'),
      channel: type.includes('video') || type.includes('youtube') ? 'youtube' : 'search',
      audience:
        audienceForAd(ctx.campaign, 'google', { name: row.text('adGroup'), region: row.text('region') }) ??
        UNATTRIBUTED,
      language: '',
      detail: '',
    };
    return metricFacts(
      row,
      { impressions: 'impressions', 'link-clicks': 'clicks', spend: 'spend', 'video-views': 'views' },
      base,
    );
  },
};
