export { contentUnits, describeUnit, hashText, normaliseText, sectionUnitText, type Unit } from './units.ts';
export {
  mayBeOutdated,
  sourceLanguage,
  translationProblems,
  translationStatus,
  type LanguageStatus,
  type TranslationState,
  type TranslationStatus,
  type UnitChange,
} from './status.ts';
export { MarkError, markTranslation } from './mark.ts';
