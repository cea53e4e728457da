import QRCode from 'qrcode';
import { escapeHtml } from '../text.ts';


/**
 * A QR code as an SVG string, made at build time (no image request, sharp when printed). The qrcode
 * library encodes; the SVG is drawn here as one path of horizontal runs, which is small and quick to
 * make for thousands of flyers. Error correction M survives a folded or slightly dirty poster; the
 * quiet zone is the 4 modules the standard asks for.
 */
export function qrSvg(text: string, label: string): string {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const size = modules.size;
  const margin = 4;
  const full = size + margin * 2;
  let d = '';
  for (let y = 0; y < size; y++) {
    let x = 0;
    while (x < size) {
      if (!modules.get(y, x)) {
        x++;
        continue;
      }
      const start = x;
      while (x < size && modules.get(y, x)) x++;
      d += `M${start + margin} ${y + margin}h${x - start}v1h${start - x}z`;
    }
  }
  return `<svg role="img" aria-label="${escapeHtml(label)}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${full} ${full}" shape-rendering="crispEdges"><rect width="${full}" height="${full}" fill="#fff"/><path fill="#000" d="${d}"/></svg>`;
}
