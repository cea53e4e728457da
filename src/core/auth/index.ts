export {
  addUser,
  authenticate,
  normaliseEmail,
  canSee,
  createSession,
  endSession,
  listUsers,
  removeUser,
  sessionUser,
  setMembership,
  setUserLanguage,
  type Role,
  type User,
} from './accounts.ts';
export {
  DASHBOARD_LANGUAGES,
  dashboardLanguage,
  isDashboardLanguage,
  negotiateLanguage,
  type DashboardLanguage,
} from './language.ts';
export { hashPassword, needsRehash, verifyPassword } from './password.ts';
export { createThrottle, SIGN_IN_RULES, type Reservation, type ThrottleRules } from './throttle.ts';
export {
  ACTIONS,
  can,
  canAnywhere,
  isOrganisationRole,
  ORGANISATION_ROLES,
  roleAllows,
  roleIn,
  summaryRole,
  type Action,
  type Membership,
  type OrganisationRole,
  type Permissions,
} from './roles.ts';
