export { buildReport } from './build.ts';
export { reportToCsv } from './csv.ts';
export { ReportSchema, type Report } from './schema.ts';
export { chartData, type ChartData } from './charts.ts';
export { describeBootstrap, describeRandomisation, formatEffectValue, formatP, fraction } from './format.ts';
export { FILTER_DATES, parseFilter, readFilter, type FilterProblem } from './filter.ts';
export { shareOf } from './reach.ts';
export { compareCampaigns, COMPARISON_SORTS, type ComparisonRow, type ComparisonSort } from './compare.ts';
export { formattersFor, type Formatters } from './intl.ts';
