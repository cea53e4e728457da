import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import {
  type AuthoringError,
  campaignHistory,
  restoreVersion,
  saveCampaignFiles,
} from '../../src/core/authoring/index.ts';
import { recordVersions } from '../../src/core/authoring/history.ts';
import { loadCampaigns } from '../../src/core/workspace/index.ts';

// Real temp copies of the example campaigns folder: one plain, one a git repository.
const base = mkdtempSync(join(tmpdir(), 'cp-authoring-'));
after(() => rmSync(base, { recursive: true, force: true }));
const ID = 'safe-journeys-senegal-2027';
const ana = { email: 'ana@example.org' };
const ben = { email: 'ben@example.org' };

function copyCampaigns(name: string, withGit: boolean): string {
  const root = join(base, name);
  cpSync('campaigns', root, { recursive: true });
  if (withGit) {
    const g = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=setup', '-c', 'user.email=setup@example.org', ...args], {
        cwd: root,
        stdio: 'pipe',
      });
    g('init', '--quiet');
    g('add', '.');
    g('commit', '--quiet', '-m', 'example campaigns');
  }
  return root;
}

for (const withGit of [false, true])
  describe(`saves and history (${withGit ? 'git repository' : 'versions kept beside the files'})`, () => {
    const root = copyCampaigns(withGit ? 'git' : 'plain', withGit);
    const yamlPath = join(root, ID, 'campaign.yaml');
    const original = readFileSync(yamlPath, 'utf8');

    test('a valid save writes the file, finds no error and is recorded with who', async () => {
      const changed = original.replace(/^title: .*$/m, 'title: Safe journeys, revised');
      const r = await saveCampaignFiles(root, ID, { 'campaign.yaml': changed }, ana);
      assert.equal(r.valid, true, JSON.stringify(r.problems.filter((p) => p.severity === 'error')));
      assert.equal(readFileSync(yamlPath, 'utf8'), changed);
      assert.equal(r.version?.account, 'ana@example.org');
      assert.equal(r.version?.action, 'save');
      assert.deepEqual(
        readdirSync(join(root, ID)).filter((n) => n.endsWith('.tmp')),
        [],
        'no temporary file is left',
      );
      const again = await saveCampaignFiles(root, ID, { 'campaign.yaml': changed }, ana);
      assert.equal(again.version, undefined, 'saving the same files records nothing new');
    });

    test('an invalid save is kept as a draft with the problems validate prints', async () => {
      const broken = original.replace(/^status: .*$/m, 'status: finished-maybe');
      const r = await saveCampaignFiles(root, ID, { 'campaign.yaml': broken }, ben);
      assert.equal(r.valid, false);
      const error = r.problems.find((p) => p.severity === 'error' && p.field === 'status');
      assert.ok(error, JSON.stringify(r.problems));
      assert.match(error.file, /campaign\.yaml$/);
      assert.ok(error.line > 0);
      assert.equal(readFileSync(yamlPath, 'utf8'), broken, 'the draft is on disk');
      assert.match(r.version?.message ?? '', /1 error, kept as a draft/);
      assert.equal(r.version?.account, 'ben@example.org');
    });

    test('history lists every save newest first; restoring a version is itself a save', async () => {
      const history = await campaignHistory(root, ID);
      const saves = history.filter((v) => v.action === 'save');
      assert.deepEqual(
        saves.map((v) => v.account),
        ['ben@example.org', 'ana@example.org'],
      );
      // The version before ana's save: the example's own files (git: the setup commit; else `initial`).
      const first = history.at(-1)!;
      assert.equal(first.account, withGit ? 'setup@example.org' : null);
      const r = await restoreVersion(root, ID, first.id, ana);
      assert.equal(r.valid, true);
      assert.equal(readFileSync(yamlPath, 'utf8'), original);
      const after = await campaignHistory(root, ID);
      assert.equal(after[0]!.action, 'restore');
      assert.equal(after[0]!.account, 'ana@example.org');
      assert.equal(after.length, history.length + 1);
    });

    test('history is not loaded as content; bad names and unknown versions are refused by field', async () => {
      const loaded = loadCampaigns(root);
      assert.deepEqual(
        loaded.problems.filter((p) => p.severity === 'error'),
        [],
      );
      assert.equal(existsSync(join(root, ID, '.history')), !withGit);
      await assert.rejects(
        saveCampaignFiles(root, ID, { '../escape.md': 'x' }, ana),
        (e: AuthoringError) => e.code === 'E_SAVE_FILE' && e.field === 'files.../escape.md',
      );
      await assert.rejects(
        saveCampaignFiles(root, '../etc', { 'fr.md': 'x' }, ana),
        (e: AuthoringError) => e.field === 'id',
      );
      await assert.rejects(
        saveCampaignFiles(root, 'no-such-campaign', { 'fr.md': 'x' }, ana),
        (e: AuthoringError) => e.code === 'E_SAVE_MISSING',
      );
      await assert.rejects(
        restoreVersion(root, ID, withGit ? 'deadbeef' : '20260101T000000000Z-000001-00000000', ana),
        (e: AuthoringError) => e.code === 'E_VERSION' && e.field === 'version',
      );
    });

    test('a publish records the campaigns it took at once: the changed ones as a new version, the others as they were', async () => {
      const other = 'eastern-route-afghanistan-2027';
      const before = (await campaignHistory(root, other))[0]?.id ?? null;
      const yaml = readFileSync(yamlPath, 'utf8').replace(/^title: .*$/m, 'title: Edited by hand');
      writeFileSync(yamlPath, yaml);
      const versions = await recordVersions(root, [ID, other], ben, 'publish', 'published as test');
      const latest = (await campaignHistory(root, ID))[0]!;
      assert.equal(latest.action, 'publish');
      assert.equal(latest.account, 'ben@example.org');
      const otherNow = (await campaignHistory(root, other))[0]!;
      assert.deepEqual(versions, { [ID]: latest.id, [other]: otherNow.id });
      // With git the other campaign is its last commit; without, its first copy is kept now.
      if (withGit) assert.equal(otherNow.id, before);
      else assert.deepEqual([before, otherNow.action], [null, 'publish']);
      assert.deepEqual(await recordVersions(root, [ID], ben, 'publish'), { [ID]: latest.id }, 'nothing new');
    });

    if (withGit)
      test('a save commits only that campaign: other changes in the repository stay uncommitted', async () => {
        const other = join(root, 'fake-job-offers-2027', 'campaign.yaml');
        const before = readFileSync(other, 'utf8');
        execFileSync('sh', ['-c', `printf '# hand edit\\n' >> "${other}"`]);
        const yaml = readFileSync(yamlPath, 'utf8').replace(/^title: .*$/m, 'title: Only this one');
        await saveCampaignFiles(root, ID, { 'campaign.yaml': yaml }, ben);
        const show = execFileSync('git', ['show', '--name-only', '--format=%an <%ae>', 'HEAD'], {
          cwd: root,
          encoding: 'utf8',
        });
        assert.match(show, /^ben@example\.org <ben@example\.org>/);
        assert.match(show, new RegExp(`${ID}/campaign\\.yaml`));
        assert.doesNotMatch(show, /fake-job-offers/);
        const status = execFileSync('git', ['status', '--porcelain'], { cwd: root, encoding: 'utf8' });
        assert.match(status, /fake-job-offers-2027\/campaign\.yaml/);
        assert.notEqual(readFileSync(other, 'utf8'), before);
      });
  });

test('a campaigns folder that its git repository ignores keeps its versions beside the files', async () => {
  const repo = join(base, 'ignoring');
  cpSync('campaigns', join(repo, 'ignored', 'campaigns'), { recursive: true });
  execFileSync('git', ['init', '--quiet'], { cwd: repo });
  execFileSync('sh', ['-c', 'echo ignored/ > .gitignore'], { cwd: repo });
  const root = join(repo, 'ignored', 'campaigns');
  const yaml = readFileSync(join(root, ID, 'campaign.yaml'), 'utf8').replace(
    /^title: .*$/m,
    'title: Ignored',
  );
  const r = await saveCampaignFiles(root, ID, { 'campaign.yaml': yaml }, ana);
  assert.equal(r.version?.account, 'ana@example.org');
  assert.ok(existsSync(join(root, ID, '.history', r.version!.id, 'campaign.yaml')));
});
