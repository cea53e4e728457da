import {
  addUser,
  DASHBOARD_LANGUAGES,
  isDashboardLanguage,
  isOrganisationRole,
  listUsers,
  ORGANISATION_ROLES,
  removeUser,
  setMembership,
  type OrganisationRole,
  type User,
} from '../core/auth/index.ts';
import { openStore } from '../core/metrics/index.ts';
import { parseArgs, UsageError } from './args.ts';

async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Password (then Enter): ');
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) {
    chunks.push(c as Buffer);
    if (Buffer.concat(chunks).includes(10)) break;
  }
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

/** `org:role` per membership, or "(all organisations)" for an admin without any. */
const describeMemberships = (u: User) =>
  u.memberships.map((m) => `${m.organisation}:${m.role}`).join(',') ||
  (u.admin ? '(all organisations)' : '(none)');

/** The --role option: one of the organisation roles, evaluator when left out. */
function roleOption(value: string | undefined): OrganisationRole {
  if (value === undefined) return 'evaluator';
  if (!isOrganisationRole(value))
    throw new UsageError(
      `--role ${value}: the roles are ${ORGANISATION_ROLES.join(', ')} (admin is --admin, for every organisation)`,
    );
  return value;
}

/**
 * counterpoint users add <email> --org <id>[,<id>…] [--role evaluator|author|reviewer|publisher] [--admin]
 *   [--language en|fr|ar]   (password read from standard input)
 * counterpoint users role <email> --org <id>[,<id>…] --role <role>   (changes or adds memberships)
 * counterpoint users remove <email> | counterpoint users list
 */
export async function runUsers(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['admin']);
  const [action, email] = args.positional;
  const store = await openStore();
  try {
    if (action === 'list') {
      const users = await listUsers(store);
      for (const u of users)
        console.log(
          `${u.email}  ${u.admin ? 'admin' : 'member'}  ${describeMemberships(u)}  ${u.language ?? '(browser language)'}`,
        );
      if (!users.length) console.log('no users yet: counterpoint users add <email> --org <organisation id>');
      return 0;
    }
    if (!email || !/^[^@\s]+@[^@\s]+$/.test(email))
      throw new UsageError('name the user by e-mail address, like evaluator@example.org');
    if (action === 'remove') {
      if (!(await removeUser(store, email))) throw new UsageError(`no user ${email}`);
      console.log(`removed ${email} and their sessions`);
      return 0;
    }
    const orgs = (args.get('org') ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean);
    if (action === 'role') {
      const role = roleOption(args.get('role'));
      if (!args.get('role') || !orgs.length)
        throw new UsageError('use: users role <email> --org <id>[,<id>] --role <role>');
      const u = await setMembership(store, email, orgs, role);
      if (!u) throw new UsageError(`no user ${email}`);
      console.log(`${u.email}: ${describeMemberships(u)}`);
      return 0;
    }
    if (action === 'add') {
      const admin = args.has('admin');
      const role = roleOption(args.get('role'));
      if (!admin && !orgs.length)
        throw new UsageError(
          `${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role} belongs to at least one organisation: --org <owner id from campaign.yaml>`,
        );
      const language = args.get('language') ?? null;
      if (language !== null && !isDashboardLanguage(language))
        throw new UsageError(
          `--language ${language}: the dashboards are in ${DASHBOARD_LANGUAGES.join(', ')}; leave it out to follow the browser's language`,
        );
      const password = await readPassword();
      if (password.length < 12) throw new UsageError('the password needs at least 12 characters');
      if ((await listUsers(store)).some((u) => u.email === email.toLowerCase()))
        throw new UsageError(`${email} exists already; remove it first to change it`);
      const u = await addUser(store, email, password, orgs, admin ? 'admin' : role, language);
      console.log(
        `added ${u.email} (${u.admin ? 'admin, ' : ''}${describeMemberships(u)}${u.language ? `, dashboards in ${u.language}` : ''})`,
      );
      return 0;
    }
    throw new UsageError(
      'use: users add <email> --org <id> [--role evaluator|author|reviewer|publisher] [--admin] [--language en|fr|ar] | users role <email> --org <id> --role <role> | users remove <email> | users list',
    );
  } finally {
    await store.close();
  }
}
