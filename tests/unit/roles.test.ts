import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { Kysely } from 'kysely';
import {
  addUser,
  authenticate,
  can,
  canSee,
  createSession,
  listUsers,
  sessionUser,
  setMembership,
  type Action,
  type OrganisationRole,
} from '../../src/core/auth/index.ts';
import { openStore } from '../../src/core/metrics/index.ts';
import { migrateStoreTo } from '../../src/core/metrics/migrations.ts';
import { nodeSqliteDialect } from '../../src/core/metrics/sqlite-dialect.ts';

const dir = mkdtempSync(join(tmpdir(), 'cp-roles-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const PASSWORD = 'a long enough password';
const campaign = (owner: string) => ({ owner: { id: owner, name: owner } }) as never;

describe('can(user, action, campaign)', () => {
  // The ladder written down in src/core/auth/roles.ts and the README's users row.
  const table: [OrganisationRole, Record<Action, boolean>][] = [
    ['evaluator', { 'read-report': true, edit: false, review: false, publish: false }],
    ['author', { 'read-report': true, edit: true, review: false, publish: false }],
    ['reviewer', { 'read-report': true, edit: false, review: true, publish: false }],
    ['publisher', { 'read-report': true, edit: true, review: true, publish: true }],
  ];
  for (const [role, allowed] of table)
    test(`${role} in its own organisation, nothing in another`, () => {
      const user = { admin: false, memberships: [{ organisation: 'org-a', role }] };
      for (const [action, yes] of Object.entries(allowed) as [Action, boolean][]) {
        assert.equal(can(user, action, campaign('org-a')), yes, `${role} ${action}`);
        assert.equal(can(user, action, campaign('org-b')), false, `${role} ${action} elsewhere`);
      }
    });
  test('an admin may do everything everywhere; an account without memberships nothing', () => {
    for (const action of ['read-report', 'edit', 'review', 'publish'] as const) {
      assert.equal(can({ admin: true, memberships: [] }, action, campaign('org-z')), true);
      assert.equal(can({ admin: false, memberships: [] }, action, campaign('org-z')), false);
    }
  });
  test('roles are per organisation: author in one, evaluator in another', () => {
    const user = {
      admin: false,
      memberships: [
        { organisation: 'org-a', role: 'author' as const },
        { organisation: 'org-b', role: 'evaluator' as const },
      ],
    };
    assert.equal(can(user, 'edit', campaign('org-a')), true);
    assert.equal(can(user, 'edit', campaign('org-b')), false);
    assert.equal(can(user, 'read-report', campaign('org-b')), true);
  });
});

describe('accounts with roles (real SQLite file)', () => {
  test('addUser gives the role in each organisation; sessions and sign-in carry it; setMembership changes one', async () => {
    const store = await openStore(`sqlite:${join(dir, 'roles.db')}`);
    try {
      const u = await addUser(store, 'ana@example.org', PASSWORD, ['org-a', 'org-b'], 'author');
      assert.deepEqual(u.memberships, [
        { organisation: 'org-a', role: 'author' },
        { organisation: 'org-b', role: 'author' },
      ]);
      assert.equal(u.admin, false);
      assert.equal(u.role, 'author');
      const changed = await setMembership(store, 'ana@example.org', ['org-b'], 'publisher');
      assert.deepEqual(changed?.memberships, [
        { organisation: 'org-a', role: 'author' },
        { organisation: 'org-b', role: 'publisher' },
      ]);
      const signedIn = await authenticate(store, 'ana@example.org', PASSWORD);
      assert.deepEqual(signedIn, changed);
      const token = await createSession(store, signedIn!);
      const fromSession = await sessionUser(store, token);
      assert.equal(can(fromSession!, 'publish', campaign('org-b')), true);
      assert.equal(can(fromSession!, 'publish', campaign('org-a')), false);
      const ev = await addUser(store, 'eva@example.org', PASSWORD, ['org-a'], 'evaluator');
      assert.equal(canSee(ev, campaign('org-a')), true, 'evaluators still read their dashboards');
      assert.equal(canSee(ev, campaign('org-b')), false);
      const admin = await addUser(store, 'root@example.org', PASSWORD, [], 'admin');
      assert.equal(admin.role, 'admin');
      assert.equal(canSee(admin, campaign('org-q')), true);
      assert.equal(await setMembership(store, 'nobody@example.org', ['org-a'], 'author'), undefined);
      assert.deepEqual(
        (await listUsers(store)).map((x) => [x.email, x.role]),
        [
          ['ana@example.org', 'publisher'],
          ['eva@example.org', 'evaluator'],
          ['root@example.org', 'admin'],
        ],
      );
    } finally {
      await store.close();
    }
  });

  test('migration 015 keeps the accounts of an older database: their organisations as evaluators', async () => {
    const file = join(dir, 'old.db');
    const { dialect } = nodeSqliteDialect(file);
    const old = new Kysely<unknown>({ dialect });
    await migrateStoreTo(old, '014-summary-backfill');
    // biome-ignore lint/suspicious/noExplicitAny: the users table as migration 002 made it
    await (old as Kysely<any>)
      .insertInto('users')
      .values([
        {
          email: 'old@example.org',
          organisations: 'org-a,org-b',
          role: 'evaluator',
          password_hash: 'x',
          created_at: '2026-01-01',
        },
        {
          email: 'boss@example.org',
          organisations: '',
          role: 'admin',
          password_hash: 'x',
          created_at: '2026-01-01',
        },
      ])
      .execute();
    await old.destroy();
    const store = await openStore(`sqlite:${file}`);
    try {
      const users = await listUsers(store);
      assert.deepEqual(
        users.map((u) => [u.email, u.admin, u.memberships]),
        [
          ['boss@example.org', true, []],
          [
            'old@example.org',
            false,
            [
              { organisation: 'org-a', role: 'evaluator' },
              { organisation: 'org-b', role: 'evaluator' },
            ],
          ],
        ],
      );
    } finally {
      await store.close();
    }
  });
});

describe('counterpoint users --role', () => {
  const db = `sqlite:${join(dir, 'cli.db')}`;
  const cli = (args: string[], input = '') =>
    spawnSync(process.execPath, ['bin/counterpoint.js', 'users', ...args], {
      encoding: 'utf8',
      input,
      env: { ...process.env, DATABASE_URL: db },
    });
  test('add with a role, list shows organisation:role, role changes it, a wrong role is refused by name', () => {
    const add = cli(['add', 'pub@example.org', '--org', 'org-a', '--role', 'publisher'], `${PASSWORD}\n`);
    assert.equal(add.status, 0, add.stderr);
    assert.match(add.stdout, /added pub@example\.org \(org-a:publisher\)/);
    const plain = cli(['add', 'ev@example.org', '--org', 'org-a'], `${PASSWORD}\n`);
    assert.equal(plain.status, 0, plain.stderr);
    const role = cli(['role', 'ev@example.org', '--org', 'org-b', '--role', 'reviewer']);
    assert.equal(role.status, 0, role.stderr);
    const list = cli(['list']);
    assert.match(list.stdout, /ev@example\.org {2}member {2}org-a:evaluator,org-b:reviewer/);
    assert.match(list.stdout, /pub@example\.org {2}member {2}org-a:publisher/);
    const bad = cli(['add', 'x@example.org', '--org', 'org-a', '--role', 'chief'], `${PASSWORD}\n`);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /--role chief: the roles are evaluator, author, reviewer, publisher/);
  });
});
