/**
 * The page beacon: a view, and taps on elements marked data-ev="type:target". Inline, under 1 KB,
 * no cookie, nothing stored in the browser. Sends nothing when Global Privacy Control or Do Not Track
 * is on. The page works the same without it. One function makes the text, so the page that inlines it
 * and the server's Content-Security-Policy (which allows it by its hash) can never disagree.
 */
export function beaconScript(collectUrl: string): string {
  return `(function(n,d){if(n.globalPrivacyControl||n.doNotTrack=="1"||!n.sendBeacon)return;var m=d.querySelector("[data-c]"),k=new URLSearchParams(location.search).get("k"),s=function(t,g){var b={c:m.dataset.c,l:d.documentElement.lang,t:t};if(g)b.g=g;if(k)b.k=k;n.sendBeacon(${JSON.stringify(collectUrl)},JSON.stringify(b))};s("view");d.addEventListener("click",function(e){var a=e.target.closest&&e.target.closest("[data-ev]");if(a){var p=a.dataset.ev.split(":");s(p[0],p[1])}})})(navigator,document)`;
}
