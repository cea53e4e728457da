import { createInterface } from 'node:readline/promises';
import { addUser, listUsers } from '../core/auth/index.ts';
import type { Store } from '../core/metrics/index.ts';

/**
 * `npm start` on a store without any account: the dashboards cannot be opened, and a newcomer would not
 * know why. Says in one line how to make the first account; in a terminal, offers to make it there and
 * then (an admin, who sees every campaign). Returns the line it printed, if any.
 */
export async function offerFirstAccount(
  store: Store,
  owners: string[],
  io = { input: process.stdin, output: process.stderr },
): Promise<string | undefined> {
  if ((await listUsers(store)).length) return undefined;
  const org = owners[0] ?? '<owner id from campaign.yaml>';
  const line = `No dashboard account yet: create one with  npx counterpoint users add you@example.org --org ${org}  (password on standard input; --admin to see every campaign)`;
  io.output.write(`${line}\n`);
  if (!io.input.isTTY || !('setRawMode' in io.input)) return line;
  const rl = createInterface({ input: io.input, output: io.output });
  // Closed before the password is read: readline echoes whatever it still listens to.
  const email = (
    await rl
      .question('Or type an e-mail address now to create an admin account (Enter to skip): ')
      .finally(() => rl.close())
  ).trim();
  if (!email) return line;
  if (!/^[^@\s]+@[^@\s]+$/.test(email))
    return (void io.output.write('That is not an e-mail address; skipped.\n'), line);
  const password = await readHidden(io.input, io.output, 'Password (12 characters or more, not shown): ');
  if (password.length < 12)
    return (void io.output.write('The password needs at least 12 characters; skipped.\n'), line);
  const user = await addUser(store, email, password, [], 'admin');
  io.output.write(`Created ${user.email} (admin). Sign in at /dashboard/login\n`);
  return line;
}

/** Reads one line from a terminal without echoing it. */
function readHidden(input: NodeJS.ReadStream, output: NodeJS.WriteStream, prompt: string): Promise<string> {
  // Echo off before the prompt shows, so nothing typed after it is echoed.
  input.setRawMode(true);
  output.write(prompt);
  input.resume();
  let typed = '';
  return new Promise((done) => {
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          input.off('data', onData);
          input.setRawMode(false);
          input.pause();
          output.write('\n');
          return done(typed);
        }
        if (ch === '\u0003') return process.exit(130);
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    input.on('data', onData);
  });
}
