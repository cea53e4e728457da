// Kept apart from units.ts so the pages (which need status.ts for the "may be out of date" notice)
// do not import the schema, zod and the hashing with it.

/** How a unit is named to authors: "headline", "fact 3", "section help". */
export function describeUnit(id: string): string {
  const fact = /^facts\.(\d+)$/.exec(id);
  if (fact) return `fact ${Number(fact[1]) + 1}`;
  if (id.startsWith('sections.')) return `section ${id.slice('sections.'.length)}`;
  if (id === 'intro') return 'introduction';
  return id;
}
