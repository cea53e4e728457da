export { addUser, authenticate, canSee, createSession, endSession, listUsers, removeUser, sessionUser, type Role, type User } from './accounts.ts';
export { hashPassword, verifyPassword } from './password.ts';
