/**
 * Header names reduced to a comparable form: lower case, no currency suffix "(EUR)", no Kobo group
 * path "group_x/" and no ODK group prefix "group_x-", single spaces.
 */
export function normaliseHeader(raw: string): { key: string; currency?: string } {
  let h = raw.replace(/^\uFEFF/, '').trim();
  let currency: string | undefined;
  const cur = /\s*\(([A-Z]{3})\)\s*$/.exec(h);
  if (cur) {
    currency = cur[1];
    h = h.slice(0, cur.index);
  }
  if (h.includes('/')) h = h.slice(h.lastIndexOf('/') + 1);
  return {
    key: h
      .toLowerCase()
      .replace(/[\s_]+/g, ' ')
      .trim(),
    ...(currency && { currency }),
  };
}

/** ODK Central joins groups with "-": "group_admin-survey_round". Strips known group prefixes. */
export function stripOdkGroup(key: string): string {
  const m = /^(?:group|grp|g)[ a-z0-9]*-(.+)$/.exec(key);
  return m ? m[1]! : key;
}
