import QRCode from 'qrcode';
import { escapeHtml } from '../text.ts';

/** A QR code's dark modules as one SVG path of horizontal runs, and its width in modules. */
export interface QrShape {
  size: number;
  d: string;
}

/** Quiet zone: the 4 modules the standard asks for around the code. */
const MARGIN = 4;

const shapes = new Map<string, QrShape>();
const utf8 = new TextEncoder();

/**
 * Encodes `text` (error correction M survives a folded or slightly dirty poster) and draws it as one
 * path. The text goes in as a single byte segment: for URLs the library's mixed-mode optimiser rarely
 * saves a version and costs more than the encoding itself. The mask is still chosen by the standard's
 * penalty rules, which keeps printed codes easy to scan. Remembered per text.
 */
export function qrShape(text: string): QrShape {
  let shape = shapes.get(text);
  if (shape) return shape;
  const { modules } = QRCode.create([{ data: utf8.encode(text), mode: 'byte' }], {
    errorCorrectionLevel: 'M',
  });
  const size = modules.size;
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
      d += `M${start + MARGIN} ${y + MARGIN}h${x - start}v1h${start - x}z`;
    }
  }
  shape = { size, d };
  shapes.set(text, shape);
  return shape;
}

/**
 * A QR code as an SVG string, made at build time (no image request, sharp when printed): one path,
 * which is small and quick to make for thousands of flyers.
 */
export function qrSvg(text: string, label: string): string {
  const { size, d } = qrShape(text);
  const full = size + MARGIN * 2;
  return `<svg role="img" aria-label="${escapeHtml(label)}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${full} ${full}" shape-rendering="crispEdges"><rect width="${full}" height="${full}" fill="#fff"/><path fill="#000" d="${d}"/></svg>`;
}
