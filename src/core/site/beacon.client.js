// The page beacon as readers' browsers run it, once `beaconScript` (beacon.ts) has minified it and put
// the collector's address in place of COLLECT_URL. Plain ES5 on purpose: it must run in old Android
// WebViews, KaiOS and Opera Mini, and the page must work the same when it does not run at all.
(function (nav, doc) {
  // The reader asked not to be tracked, or the browser cannot send a beacon: send nothing.
  if (nav.globalPrivacyControl || nav.doNotTrack === '1' || !nav.sendBeacon) return;
  var page = doc.querySelector('[data-c]');
  // The tracked link the reader came through (?k=…), if any.
  var key = new URLSearchParams(location.search).get('k');

  function send(type, target) {
    var event = { c: page.dataset.c, l: doc.documentElement.lang, t: type };
    if (target) event.g = target;
    if (key) event.k = key;
    nav.sendBeacon(COLLECT_URL, JSON.stringify(event));
  }

  send('view');
  // Taps on elements marked data-ev="type:target" (call, WhatsApp, share, print, language).
  doc.addEventListener('click', function (e) {
    var tapped = e.target.closest?.('[data-ev]');
    if (tapped) {
      var parts = tapped.dataset.ev.split(':');
      send(parts[0], parts[1]);
    }
  });
})(navigator, document);
