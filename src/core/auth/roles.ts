/**
 * What an account may do in one organisation. A ladder with one branch:
 *
 * | role      | read-report | edit | review | publish |
 * | --------- | ----------- | ---- | ------ | ------- |
 * | evaluator | yes         |      |        |         |
 * | author    | yes         | yes  |        |         |
 * | reviewer  | yes         |      | yes    |         |
 * | publisher | yes         | yes  | yes    | yes     |
 *
 * A reviewer does not edit: the person who marks a language reviewed (a native speaker, often outside
 * the communication team) is not the one who wrote it, so a review is a second pair of eyes and not a
 * way round the author. A publisher answers for what goes live, so may fix and review it too. Admins
 * (a flag of the account, not of a membership) may do everything in every organisation.
 */
export const ORGANISATION_ROLES = ['evaluator', 'author', 'reviewer', 'publisher'] as const;
export type OrganisationRole = (typeof ORGANISATION_ROLES)[number];
export const ACTIONS = ['read-report', 'edit', 'review', 'publish'] as const;
export type Action = (typeof ACTIONS)[number];

const ALLOWED: Record<OrganisationRole, readonly Action[]> = {
  evaluator: ['read-report'],
  author: ['read-report', 'edit'],
  reviewer: ['read-report', 'review'],
  publisher: ['read-report', 'edit', 'review', 'publish'],
};

export const isOrganisationRole = (v: unknown): v is OrganisationRole =>
  typeof v === 'string' && (ORGANISATION_ROLES as readonly string[]).includes(v);

/** One organisation an account belongs to, and its role there. */
export interface Membership {
  organisation: string;
  role: OrganisationRole;
}

/** The part of an account that decides what it may do. */
export interface Permissions {
  admin: boolean;
  memberships: readonly Membership[];
}

/** Whether `role` allows `action` (in its organisation). */
export const roleAllows = (role: OrganisationRole, action: Action): boolean => ALLOWED[role].includes(action);

/** The account's role in an organisation; undefined when it is no member. */
export const roleIn = (user: Permissions, organisation: string): OrganisationRole | undefined =>
  user.memberships.find((m) => m.organisation === organisation)?.role;

/**
 * Whether `user` may do `action` on `campaign`: an admin anything, anyone else what their role in the
 * campaign's owner organisation allows.
 */
export function can(user: Permissions, action: Action, campaign: { owner: { id: string } }): boolean {
  if (user.admin) return true;
  const role = roleIn(user, campaign.owner.id);
  return role !== undefined && roleAllows(role, action);
}

/** Whether `user` may do `action` in at least one organisation (e.g. may press Publish at all). */
export const canAnywhere = (user: Permissions, action: Action): boolean =>
  user.admin || user.memberships.some((m) => roleAllows(m.role, action));

/** The account's highest role, to show beside its e-mail (publisher > reviewer > author > evaluator). */
export function summaryRole(user: Permissions): 'admin' | OrganisationRole {
  if (user.admin) return 'admin';
  let best: OrganisationRole = 'evaluator';
  for (const m of user.memberships)
    if (ORGANISATION_ROLES.indexOf(m.role) > ORGANISATION_ROLES.indexOf(best)) best = m.role;
  return best;
}
