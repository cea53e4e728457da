export { buildReport } from './build.ts';
export { CSV_BOM, CSV_SHAPES, type CsvShape, reportToCsv, roundForDisplay, type Say } from './csv.ts';
export { ReportSchema, type Message, type Report } from './schema.ts';
export { chartData, type ChartData } from './charts.ts';
export {
  bootstrapMessage,
  describeBootstrap,
  describeRandomisation,
  formatEffectValue,
  formatP,
  fraction,
  randomisationMessage,
} from './format.ts';
export { FILTER_DATES, parseFilter, readFilter, type FilterProblem } from './filter.ts';
export { shareOf } from './reach.ts';
export {
  compareCampaigns,
  comparedEffects,
  COMPARISON_SORTS,
  type ComparedEffect,
  type ComparisonRow,
  type ComparisonSort,
} from './compare.ts';
export { formattersFor, sayWith, type Formatters } from './intl.ts';
