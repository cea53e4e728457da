import { Chart, registerables } from 'chart.js';

/**
 * The one place chart.js defaults are set: system fonts, colour-blind-safe colours (Okabe–Ito), no
 * animation (motion is not information, and it costs battery), and no legend-click surprises.
 */
Chart.register(...registerables);
Chart.defaults.font.family = 'system-ui, sans-serif';
Chart.defaults.color = '#14181f';
Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;

export const COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];

/** Number formatting for axes and tables. */
export const formatNumber = (v: number, digits = 0) => v.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export { Chart };
