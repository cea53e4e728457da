/** URL paths of the public site. Every page links through these, so a route change is one edit. */
export const paths = {
  chooser: () => '/',
  language: (lang: string) => `/${lang}/`,
  landing: (lang: string, id: string) => `/${lang}/${id}/`,
  print: (lang: string, id: string) => `/${lang}/${id}/print/`,
};

/** Absolute URL on the site (share links, QR codes and hreflang need absolute addresses). */
export function absolute(site: string, path: string): string {
  return new URL(path, site.endsWith('/') ? site : `${site}/`).href;
}

const digits = (phone: string) => phone.replace(/[^0-9+]/g, '');

/** tel: link for tap-to-call. @example telHref('+221 33 000 00 00') // 'tel:+221330000000' */
export function telHref(phone: string): string {
  return `tel:${digits(phone)}`;
}

/** WhatsApp click-to-chat link (wa.me wants the number without + or spaces). */
export function whatsappHref(phone: string): string {
  return `https://wa.me/${digits(phone).replace('+', '')}`;
}

export interface ShareLink {
  key: 'whatsapp' | 'telegram' | 'facebook';
  href: string;
}

/**
 * Share links as plain links: no third-party script or request until the reader taps one.
 * WhatsApp gets the text and the address in one message, as people forward it.
 */
export function shareLinks(url: string, text: string): ShareLink[] {
  const u = encodeURIComponent(url);
  return [
    { key: 'whatsapp', href: `https://wa.me/?text=${encodeURIComponent(`${text} ${url}`)}` },
    { key: 'telegram', href: `https://t.me/share/url?url=${u}&text=${encodeURIComponent(text)}` },
    { key: 'facebook', href: `https://www.facebook.com/sharer/sharer.php?u=${u}` },
  ];
}
