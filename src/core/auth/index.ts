export { addUser, authenticate, normaliseEmail, canSee, createSession, endSession, listUsers, removeUser, sessionUser, type Role, type User } from './accounts.ts';
export { hashPassword, needsRehash, verifyPassword } from './password.ts';
export { createThrottle, SIGN_IN_RULES, type Reservation, type ThrottleRules } from './throttle.ts';
