export { buildReport } from './build.ts';
export { reportToCsv } from './csv.ts';
export { ReportSchema, type Report } from './schema.ts';
export { chartData, type ChartData } from './charts.ts';
export { parseFilter } from './filter.ts';
