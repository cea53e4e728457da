// The banner partner sites embed with <script src="…/embed/<campaign>.js" data-partner="<id>" async>,
// as readers' browsers run it once `embedScript` (embed.ts) has minified it and put the campaign's
// configuration in place of EMBED. esbuild lowers its syntax to ES5 (but not let and const, hence var) for old Android WebViews, KaiOS and
// Opera Mini; it calls no built-in newer than ES5 (esbuild lowers syntax, not library calls).
// It runs on someone else's page, so it is a guest there:
// - no request but the script itself before the banner shows (texts are inside it; no font, no image);
// - nothing injected that a strict Content-Security-Policy refuses: no inline <style> or style
//   attribute in markup (styles are set through the CSSOM, which CSP does not govern), no eval;
// - never blocks rendering (async, no document.write), and never touches the page's own elements;
// - no cookie; sessionStorage only once the reader closes the banner, so it stays closed for the visit;
// - under Global Privacy Control or Do Not Track the banner still shows, but no impression is sent.
((doc, nav, cfg) => {
  // Only while the script runs for the first time is it document.currentScript (async included).
  var script = doc.currentScript;
  var partner = script?.getAttribute('data-partner');
  // (Object.hasOwn is ES2022: old WebViews lack it.)
  // biome-ignore lint/suspicious/noPrototypeBuiltins: see above
  var code = partner && Object.prototype.hasOwnProperty.call(cfg.p, partner) && cfg.p[partner];
  // Not a placement of this campaign: show nothing rather than a banner counted for no one.
  if (!code) return;
  var dismissed = `counterpoint-dismissed:${cfg.c}`;
  try {
    if (sessionStorage.getItem(dismissed)) return;
  } catch {
    // Storage refused (private mode, sandboxed frame): the banner shows, and closes for this page only.
  }

  // [code, dir, headline, label, more, dismiss] of a published language, if it is one.
  var byCode = (wanted) => {
    var j;
    for (j = 0; j < cfg.l.length; j++) if (cfg.l[j][0] === wanted) return cfg.l[j];
  };
  // The reader's language: the first of the browser's languages the campaign publishes (exact tag, then
  // the same base language, then a language its readers also read, such as Dari for Persian).
  var pick = (wanted) => {
    var i, j, pass, tag, base, have, near;
    for (i = 0; i < wanted.length; i++) {
      tag = String(wanted[i]).toLowerCase();
      base = tag.split('-')[0];
      for (pass = 0; pass < 2; pass++)
        for (j = 0; j < cfg.l.length; j++) {
          have = cfg.l[j][0].toLowerCase();
          if (pass ? have.split('-')[0] === base : have === tag) return cfg.l[j];
        }
      near = byCode(cfg.a[tag] || cfg.a[base]);
      if (near) return near;
    }
    return cfg.l[0];
  };
  var text = pick(nav.languages || [nav.language || '']);
  var lang = text[0];

  var element = (name, css, content) => {
    var el = doc.createElement(name);
    el.style.cssText = css;
    if (content) el.appendChild(doc.createTextNode(content));
    return el;
  };

  var show = () => {
    var box = element(
      'aside',
      'display:flex;align-items:flex-start;gap:.75em;margin:.5em 0;padding:.75em 1em;' +
        'background:#fff8e1;color:#1a1a1a;border:2px solid #8a5a00;border-radius:4px;' +
        'font-size:1rem;line-height:1.5;text-align:start',
    );
    box.lang = lang;
    box.dir = text[1];
    box.setAttribute('aria-label', text[3]);
    var p = element('p', 'margin:0;flex:1');
    p.appendChild(element('strong', 'font-weight:700', text[2]));
    p.appendChild(doc.createTextNode(' '));
    var a = element('a', 'color:#0b4f9c;text-decoration:underline;font-weight:700', text[4]);
    // Server mode: the tracked link counts the click, and opens the page in the banner's language.
    // Static site: straight to that page, whose beacon attributes the visit to the link.
    a.href = cfg.g
      ? `${cfg.s}/go/${code}/?l=${encodeURIComponent(lang)}`
      : `${cfg.s}/${lang}/${cfg.c}/?k=${code}`;
    p.appendChild(a);
    box.appendChild(p);
    var close = element(
      'button',
      'flex:none;min-width:2em;min-height:2em;padding:0;font-size:1.25em;line-height:1;' +
        'background:transparent;color:#1a1a1a;border:1px solid #8a5a00;border-radius:4px;cursor:pointer',
      '\u00d7',
    );
    close.type = 'button';
    close.setAttribute('aria-label', text[5]);
    close.onclick = () => {
      box.parentNode.removeChild(box);
      try {
        sessionStorage.setItem(dismissed, '1');
      } catch {
        // Not remembered: it comes back on the next page, never on this one.
      }
    };
    box.appendChild(close);

    // Where the partner put a <div data-counterpoint>, else right after the script tag (in the body).
    var slot = doc.querySelector('[data-counterpoint]');
    if (slot) slot.appendChild(box);
    else if (script.parentNode && script.parentNode !== doc.head)
      script.parentNode.insertBefore(box, script.nextSibling);
    else doc.body.insertBefore(box, doc.body.firstChild);

    if (cfg.u && nav.sendBeacon && !nav.globalPrivacyControl && nav.doNotTrack !== '1')
      nav.sendBeacon(cfg.u, JSON.stringify({ c: cfg.c, l: lang, t: 'embed-impression', k: code }));
  };

  // A slot further down the page may not be parsed yet: wait for the document, without holding it up.
  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', show);
  else show();
})(document, navigator, EMBED);
