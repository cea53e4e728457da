import type { TFunction } from 'i18next';
import type { LoadedCampaign } from '../campaign/loader.ts';
import type { OfferKind } from '../campaign/schema/offer.ts';
import { getLanguage } from '../i18n/languages.ts';
import { MAX_REPORT_TEXT, OfferReportFormSchema } from '../offers/forms.ts';
import { assessOffer, OFFER_SIGNS, type OfferOutcome } from '../offers/signs.ts';
import { buildLandingView, type LandingView } from '../site/landing.ts';
import type { TrackedLink } from '../site/tracked-links.ts';
import { htmlToChat } from './text.ts';

/** The platforms a tipline runs on. */
export const TIPLINE_PLATFORMS = ['telegram', 'whatsapp'] as const;
export type TiplinePlatform = (typeof TIPLINE_PLATFORMS)[number];

/**
 * What is kept of a conversation between two messages: the campaign, the language, the step, and the
 * tracked-link code that started it. Never a message's text, never an answer of the offer check (the
 * signs ticked so far travel in the buttons' ids, which the platform holds, not this server).
 */
export interface TiplineState {
  campaign: string;
  /** '' until the reader has chosen. */
  language: string;
  step: string;
  /** The tracked-link code the reader came with (`/start <code>`, or a wa.me text), or ''. */
  code: string;
}

/** What the reader sent: a typed text, or a tap on one of the buttons this machine offered. */
export type TiplineInput = { text: string } | { button: string };

/** One message to send: text, and buttons (tapped, they come back as `{ button: id }`) or links. */
export interface TiplineReply {
  text: string;
  buttons?: { id: string; label: string }[];
  links?: { label: string; url: string }[];
  /** The label of the button that opens a long list (WhatsApp's list messages need one). */
  choose?: string;
}

/** The aggregate counts one turn adds; the server stores them with the new state, atomically. */
export interface TiplineEffects {
  /** A conversation began: the reader chose a first language (after /start, or a first message). */
  started?: { code: string };
  /** The reader chose a language (first or another): a reader of that language today. */
  reader?: true;
  /** An offer check ended: counted exactly like the web form's (recordOfferCheck). */
  check?: { kind: OfferKind; outcome: OfferOutcome };
  /** The reader sent a report (the only text ever stored, in the offer-report store). */
  report?: { kind: OfferKind; platform: string; text: string };
  /** The contact point was handed over. */
  contact?: true;
}

export interface TiplineTurn {
  replies: TiplineReply[];
  state: TiplineState;
  effects: TiplineEffects;
}

/** Where readers say they saw an offer, in the tipline: WhatsApp lists hold at most ten rows. */
const REPORT_PLATFORMS = [
  'facebook',
  'instagram',
  'tiktok',
  'whatsapp',
  'telegram',
  'dating-app',
  'website',
  'in-person',
  'other',
] as const;
const BRANDS: Record<string, string> = {
  facebook: 'Facebook',
  instagram: 'Instagram',
  tiktok: 'TikTok',
  whatsapp: 'WhatsApp',
  telegram: 'Telegram',
};

/** Longest chat message this machine writes; both platforms take 4,096, short ones read better. */
const MESSAGE_CHARS = 1000;

export interface TiplineContext {
  platform: TiplinePlatform;
  /** Campaigns with a tipline on this platform, the default one first. */
  campaigns: readonly LoadedCampaign[];
  /** Tracked links by code: `/start <code>` says which post or flyer brought the reader. */
  links: ReadonlyMap<string, TrackedLink>;
  /** i18next's fixed-language function for a language. */
  t: (lang: string) => TFunction;
  /** The site's address (SITE_URL); chats show none of the page's own links, so any will do. */
  site?: string;
}

/**
 * Builds the conversation of a tipline: a pure function from (state, input) to replies, a new state and
 * the counts to record. Landing views are made once per campaign and language.
 */
export function createConversation(ctx: TiplineContext) {
  const byId = new Map(ctx.campaigns.map((c) => [c.campaign.id, c]));
  const views = new Map<string, LandingView>();
  const view = (c: LoadedCampaign, lang: string) => {
    const key = `${c.campaign.id}|${lang}`;
    let v = views.get(key);
    if (!v) views.set(key, (v = buildLandingView(c, lang, ctx.t(lang), ctx.site || 'http://localhost')));
    return v;
  };

  const languageMenu = (c: LoadedCampaign): TiplineReply => {
    const langs = c.campaign.languages.published;
    return {
      text: [...new Set(langs.map((l) => ctx.t(l)('tipline.language')))].join('\n'),
      buttons: langs.map((l) => ({ id: `lang:${l}`, label: getLanguage(l).endonym })),
      choose: ctx.t(c.campaign.languages.default)('tipline.choose'),
    };
  };

  const menu = (c: LoadedCampaign, lang: string): TiplineReply => {
    const t = ctx.t(lang);
    const page = c.pages[lang];
    const items: string[] = [];
    if (page?.messages.length) items.push('message');
    items.push('reality', 'alternatives');
    if (c.campaign.offerCheck) items.push('check');
    items.push('contact');
    if (c.campaign.offerReports) items.push('report');
    if (c.campaign.languages.published.length > 1) items.push('language');
    return {
      text: t('tipline.menu'),
      buttons: items.map((i) => ({ id: `m:${i}`, label: t(`tipline.menu.${i}`) })),
      choose: t('tipline.choose'),
    };
  };

  const chunks = (text: string): TiplineReply[] => {
    const out: string[] = [];
    for (const para of text.split('\n\n')) {
      const last = out.at(-1);
      if (last !== undefined && last.length + para.length + 2 <= MESSAGE_CHARS)
        out[out.length - 1] = `${last}\n\n${para}`;
      else out.push(para.length > MESSAGE_CHARS ? `${para.slice(0, MESSAGE_CHARS - 1)}…` : para);
    }
    return out.filter((s) => s.trim()).map((text) => ({ text }));
  };

  const section = (c: LoadedCampaign, lang: string, id: string): TiplineReply[] => {
    const v = view(c, lang);
    const s = v.sections.find((x) => x.id === id);
    const out = s ? chunks(`*${s.heading}*\n\n${htmlToChat(s.html)}`) : [];
    if (id === 'alternatives' && v.measures.length)
      out.push(
        ...chunks(
          v.measures
            .map((m) => [m.title.text, m.description?.text, m.href].filter(Boolean).join('\n'))
            .join('\n\n'),
        ),
      );
    return out;
  };

  const contact = (c: LoadedCampaign, lang: string): TiplineReply[] => {
    const t = ctx.t(lang);
    const v = view(c, lang);
    return [
      { text: t('contact.heading') },
      ...v.contacts.map((p) => {
        const lines = [`*${p.organisation.text}*`];
        if (p.call) lines.push(`${p.call.before}${p.call.number}${p.call.after}`);
        if (p.hours.length) lines.push(`${t('contact.hours')}: ${p.hours.join('; ')}`);
        if (p.languages) lines.push(`${t('contact.languages')}: ${p.languages}`);
        return {
          text: lines.join('\n'),
          ...(p.whatsapp && { links: [{ label: p.whatsapp.label, url: p.whatsapp.href }] }),
        };
      }),
    ];
  };

  const question = (lang: string, kind: OfferKind, i: number, mask: number): TiplineReply => {
    const t = ctx.t(lang);
    const signs = OFFER_SIGNS[kind];
    return {
      text: t('tipline.check.question', {
        n: i + 1,
        total: signs.length,
        sign: t(`offer.sign.${signs[i]}`),
      }),
      buttons: [
        { id: `a:${kind}:${i}:${mask}:y`, label: t('tipline.yes') },
        { id: `a:${kind}:${i}:${mask}:n`, label: t('tipline.no') },
      ],
    };
  };

  const kindMenu = (c: LoadedCampaign, lang: string, prefix: string, prompt: string): TiplineReply => {
    const t = ctx.t(lang);
    const kinds =
      prefix === 'ck' ? c.campaign.offerCheck!.kinds : (['job', 'marriage', 'study', 'visa'] as const);
    return {
      text: t(prompt),
      buttons: kinds.map((k) => ({ id: `${prefix}:${k}`, label: t(`offer.kind.${k}`) })),
      choose: t('tipline.choose'),
    };
  };

  /** A new conversation: the campaign the code belongs to (else the default), its language menu. */
  const begin = (code: string): TiplineTurn => {
    const link = ctx.links.get(code);
    const c = (link && byId.get(link.campaign)) ?? ctx.campaigns[0]!;
    const known = link && link.campaign === c.campaign.id ? code : '';
    return {
      replies: [languageMenu(c)],
      state: { campaign: c.campaign.id, language: '', step: 'language', code: known },
      effects: {},
    };
  };

  /** `/start`, `/start <code>`, `start`, or a tracked-link code alone (a wa.me link's text). */
  const startCode = (text: string): string | undefined => {
    const m = /^\/?start(?:[ =](\S{1,64}))?$/i.exec(text.trim());
    if (m) return m[1] ?? '';
    const word = text.trim();
    return ctx.links.has(word) ? word : undefined;
  };

  return function step(state: TiplineState | undefined, input: TiplineInput): TiplineTurn {
    if ('text' in input) {
      const code = startCode(input.text);
      if (code !== undefined) return begin(code);
    }
    const c = state && byId.get(state.campaign);
    if (!state || !c) {
      // No conversation today (a new day, or the process restarted: chat hashes use the day's salt held
      // in memory): a tap on a language button from an earlier message still chooses that language.
      const fresh = begin('');
      if ('button' in input && input.button.startsWith('lang:')) return step(fresh.state, input);
      return fresh;
    }
    const stay = (replies: TiplineReply[], effects: TiplineEffects = {}, step = state.step): TiplineTurn => ({
      replies,
      state: { ...state, step },
      effects,
    });
    const lang = state.language;
    const published = c.campaign.languages.published;
    if (state.step === 'language' || !published.includes(lang)) {
      const chosen = 'button' in input && /^lang:(.+)$/.exec(input.button)?.[1];
      if (!chosen || !published.includes(chosen)) return stay([languageMenu(c)], {}, 'language');
      const t = ctx.t(chosen);
      return {
        replies: [{ text: `${t('tipline.welcome')}\n\n*${view(c, chosen).headline}*` }, menu(c, chosen)],
        state: { ...state, language: chosen, step: 'menu' },
        // Choosing another language later is the same conversation, and a reader of that language too.
        effects: state.language ? { reader: true } : { started: { code: state.code }, reader: true },
      };
    }
    const t = ctx.t(lang);
    const reportText = /^report-text:([a-z]+):([a-z-]+)$/.exec(state.step);
    if (reportText && 'text' in input) {
      const form = OfferReportFormSchema.safeParse({
        c: c.campaign.id,
        l: lang,
        kind: reportText[1],
        platform: reportText[2],
        text: input.text,
      });
      if (!form.success) return stay([{ text: t('tipline.report.text', { max: MAX_REPORT_TEXT }) }]);
      return stay(
        [{ text: t('offer.report.sent') }, menu(c, lang)],
        { report: { kind: form.data.kind, platform: form.data.platform, text: form.data.text } },
        'menu',
      );
    }
    if ('text' in input) {
      // Inside the check, a typed answer cannot be told apart from a comment: the buttons carry it.
      if (state.step.startsWith('check:')) return stay([{ text: t('tipline.useButtons') }]);
      return stay([menu(c, lang)], {}, 'menu');
    }
    const id = input.button;
    const item = /^m:([a-z]+)$/.exec(id)?.[1];
    switch (item) {
      case 'message': {
        const v = view(c, lang);
        return stay(
          [...v.messages.flatMap((m) => chunks(`*${m.title}*\n\n${htmlToChat(m.html)}`)), menu(c, lang)],
          {},
          'menu',
        );
      }
      case 'reality':
      case 'alternatives':
        return stay([...section(c, lang, item), menu(c, lang)], {}, 'menu');
      case 'contact':
        return stay([...contact(c, lang), menu(c, lang)], { contact: true }, 'menu');
      case 'language':
        return stay([languageMenu(c)], {}, 'language');
      case 'check': {
        const kinds = c.campaign.offerCheck?.kinds ?? [];
        if (kinds.length === 1) return stay([question(lang, kinds[0]!, 0, 0)], {}, `check:${kinds[0]}:0`);
        if (kinds.length) return stay([kindMenu(c, lang, 'ck', 'tipline.check.kind')], {}, 'check-kind');
        break;
      }
      case 'report':
        if (c.campaign.offerReports)
          return stay([kindMenu(c, lang, 'rk', 'tipline.report.kind')], {}, 'report-kind');
        break;
    }
    const checkKind = /^ck:([a-z]+)$/.exec(id)?.[1] as OfferKind | undefined;
    if (state.step === 'check-kind' && checkKind && c.campaign.offerCheck?.kinds.includes(checkKind))
      return stay([question(lang, checkKind, 0, 0)], {}, `check:${checkKind}:0`);
    const answer = /^a:([a-z]+):(\d+):(\d+):([yn])$/.exec(id);
    if (answer && state.step === `check:${answer[1]}:${answer[2]}`) {
      const kind = answer[1] as OfferKind;
      const i = Number(answer[2]);
      const signs = OFFER_SIGNS[kind];
      const mask = (Number(answer[3]) & ((1 << signs.length) - 1)) | (answer[4] === 'y' ? 1 << i : 0);
      if (i + 1 < signs.length)
        return stay([question(lang, kind, i + 1, mask)], {}, `check:${kind}:${i + 1}`);
      // The outcome comes from the same function as the web form's, over the signs ticked.
      const outcome = assessOffer(
        kind,
        signs.filter((_, j) => mask & (1 << j)),
      );
      return stay(
        [
          { text: `*${t('offer.result.title')}*\n\n${t(`offer.result.${outcome}`)}` },
          ...contact(c, lang),
          menu(c, lang),
        ],
        { check: { kind, outcome }, contact: true },
        'menu',
      );
    }
    // A button of an earlier question (tapped again) changes nothing.
    if (answer) return stay([]);
    const reportKind = /^rk:([a-z]+)$/.exec(id)?.[1];
    if (state.step === 'report-kind' && reportKind && OFFER_SIGNS[reportKind as OfferKind])
      return stay(
        [
          {
            text: t('offer.report.platform'),
            buttons: REPORT_PLATFORMS.map((p) => ({
              id: `rp:${p}`,
              label: BRANDS[p] ?? t(`offer.platform.${p}`),
            })),
            choose: t('tipline.choose'),
          },
        ],
        {},
        `report-platform:${reportKind}`,
      );
    const reportPlatform = /^rp:([a-z-]+)$/.exec(id)?.[1];
    const platformStep = /^report-platform:([a-z]+)$/.exec(state.step);
    if (platformStep && reportPlatform && (REPORT_PLATFORMS as readonly string[]).includes(reportPlatform))
      return stay(
        [{ text: t('tipline.report.text', { max: MAX_REPORT_TEXT }) }],
        {},
        `report-text:${platformStep[1]}:${reportPlatform}`,
      );
    return stay([menu(c, lang)], {}, 'menu');
  };
}

export type Conversation = ReturnType<typeof createConversation>;
