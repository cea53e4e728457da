// Translation units are cut where content files are read (src/core/campaign/units.ts); this module is
// translation's face of them, with the names translators see.
export {
  contentUnits,
  FRONTMATTER_UNITS,
  hashText,
  normaliseText,
  sectionHeadingLine,
  sectionUnitText,
  type ContentParts,
  type Unit,
} from '../campaign/units.ts';
export { describeUnit } from './unit-names.ts';
