import { resolve } from 'node:path';
import { renderNginxConfig } from '../server/deploy/nginx.ts';
import { securityPolicy } from '../server/security.ts';
import { parseArgs, UsageError } from './args.ts';

/**
 * counterpoint deploy nginx --server-name campaigns.example.org [--root dist-server/client]
 *   [--upstream 127.0.0.1:4321] [--cert …] [--key …] [--listen 443] [--listen-http 80]
 * prints the nginx site for this release (see README, Deploy).
 */
export async function runDeploy(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const [what] = args.positional;
  if (what !== 'nginx')
    throw new UsageError('say what to write: counterpoint deploy nginx --server-name <host>');
  const serverName = args.get('server-name');
  if (!serverName || !/^[A-Za-z0-9.-]+( [A-Za-z0-9.-]+)*$/.test(serverName))
    throw new UsageError('--server-name: the public host name, like campaigns.example.org');
  const domain = serverName.split(' ')[0]!;
  const config = renderNginxConfig(
    {
      serverName,
      root: resolve(args.get('root') ?? 'dist-server/client'),
      upstream: args.get('upstream') ?? `127.0.0.1:${process.env['PORT'] ?? 4321}`,
      certificate: args.get('cert') ?? `/etc/letsencrypt/live/${domain}/fullchain.pem`,
      certificateKey: args.get('key') ?? `/etc/letsencrypt/live/${domain}/privkey.pem`,
      listen: args.get('listen') ?? '443',
      listenHttp: args.get('listen-http') ?? '80',
    },
    await securityPolicy(process.env['COLLECT_URL'] || '/api/collect'),
  );
  process.stdout.write(config);
  return 0;
}
