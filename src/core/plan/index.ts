export { drawAssignment, newSeed, planAssignment, type Assignment, type AssignmentStatus } from './assign.ts';
export { preAnalysisPlanMarkdown, smallestRandomisationP, type PlanDocumentInput } from './document.ts';
export {
  clusterCount,
  describePower,
  formatEffect,
  missingPlanFields,
  planPower,
  plural,
  type PlanPower,
} from './power.ts';
export { planMarkdownToHtml } from './html.ts';
