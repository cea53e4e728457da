import { CHANNELS } from '../../campaign/schema/channel.ts';
import { UNATTRIBUTED } from '../../metrics/model.ts';
import { RowError, type FactFormat } from '../format.ts';

/** A field team's activity sheet: events and attendance, radio spots and listeners, flyers. */
export const activities: FactFormat = {
  source: 'activities',
  label: 'field activity sheet',
  columns: {
    day: ['date', 'day'],
    channel: ['channel'],
    audience: ['audience', 'target group'],
    attendees: ['attendees', 'participants'],
    estimatedReach: ['estimated reach', 'estimated listeners', 'reach'],
    flyers: ['flyers distributed', 'flyers'],
  },
  required: ['day', 'channel', 'audience'],
  toFacts(row, ctx) {
    const ids = ctx.campaign.audiences.map((a) => a.id);
    const audienceRaw = row.text('audience');
    if (audienceRaw && !ids.includes(audienceRaw))
      throw new RowError(
        row.header('audience'),
        audienceRaw,
        `expected an audience id of the campaign: ${ids.join(', ')}`,
      );
    const channel = row.oneOf('channel', CHANNELS);
    const base = {
      day: row.day('day'),
      channel,
      audience: audienceRaw || UNATTRIBUTED,
      language: '',
      detail: '',
    };
    const out = [];
    if (row.text('attendees'))
      out.push({ ...base, metric: 'event-attendees' as const, value: row.number('attendees') });
    if (row.text('estimatedReach')) {
      const metric =
        channel === 'radio' || channel === 'tv' ? ('estimated-listeners' as const) : ('reach' as const);
      out.push({ ...base, metric, value: row.number('estimatedReach') });
    }
    if (row.text('flyers'))
      out.push({ ...base, metric: 'flyers-distributed' as const, value: row.number('flyers') });
    return out;
  },
};

/** A contact point's daily log of inquiries by channel and topic. */
export const inquiries: FactFormat = {
  source: 'inquiries',
  label: 'contact point inquiry log',
  columns: {
    day: ['date', 'day'],
    contactPoint: ['contact point', 'contact_point'],
    channel: ['channel'],
    topic: ['topic', 'subject'],
    count: ['count', 'inquiries', 'number'],
  },
  required: ['day', 'count'],
  toFacts(row, ctx) {
    const points = ctx.campaign.contactPoints;
    const pointId = row.text('contactPoint');
    const point = pointId
      ? points.find((p) => p.id === pointId)
      : points.length === 1
        ? points[0]
        : undefined;
    if (pointId && !point)
      throw new RowError(
        row.header('contactPoint'),
        pointId,
        `expected a contact point id of the campaign: ${points.map((p) => p.id).join(', ')}`,
      );
    // Inquiries belong to an audience only when one audience lives in the contact point's country.
    const local = point ? ctx.campaign.audiences.filter((a) => a.countries.includes(point.country)) : [];
    return [
      {
        day: row.day('day'),
        channel: row.text('channel').toLowerCase() || 'other',
        audience: local.length === 1 ? local[0]!.id : UNATTRIBUTED,
        language: '',
        detail: row.text('topic').toLowerCase(),
        metric: 'inquiries' as const,
        value: row.number('count'),
      },
    ];
  },
};
