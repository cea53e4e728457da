/**
 * Colours of the reports' charts (drawn by chart.js, src/views/charts.client.ts): Okabe–Ito, told apart
 * with every common colour-vision deficiency.
 */
export const COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#000000'];
