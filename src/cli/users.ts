import {
  addUser,
  DASHBOARD_LANGUAGES,
  isDashboardLanguage,
  listUsers,
  removeUser,
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

/**
 * counterpoint users add <email> --org <id>[,<id>…] [--admin] [--language en|fr|ar]   (password read from standard input)
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
          `${u.email}  ${u.role}  ${u.organisations.join(',') || '(all)'}  ${u.language ?? '(browser language)'}`,
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
    if (action === 'add') {
      const admin = args.has('admin');
      const orgs = (args.get('org') ?? '')
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean);
      if (!admin && !orgs.length)
        throw new UsageError(
          'an evaluator belongs to at least one organisation: --org <owner id from campaign.yaml>',
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
      const u = await addUser(store, email, password, orgs, admin ? 'admin' : 'evaluator', language);
      console.log(
        `added ${u.email} (${u.role}${u.organisations.length ? `, ${u.organisations.join(',')}` : ''}${u.language ? `, dashboards in ${u.language}` : ''})`,
      );
      return 0;
    }
    throw new UsageError(
      'use: users add <email> --org <id> [--admin] [--language en|fr|ar] | users remove <email> | users list',
    );
  } finally {
    await store.close();
  }
}
