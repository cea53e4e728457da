/** Minimal option parsing for the CLI: `--name value`, `--flag`, and positional words. */
export function parseArgs(args: string[], flags: readonly string[] = []) {
  const positional: string[] = [];
  const options = new Map<string, string[]>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('--')) {
      const [name, inline] = a.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
      if (flags.includes(name)) options.set(name, [...(options.get(name) ?? []), 'true']);
      else options.set(name, [...(options.get(name) ?? []), inline ?? args[++i] ?? '']);
    } else positional.push(a);
  }
  return {
    positional,
    get: (name: string) => options.get(name)?.at(-1),
    all: (name: string) => options.get(name) ?? [],
    has: (name: string) => options.has(name),
  };
}

/** A user mistake on the command line: printed as one line, exit code 1, never a stack trace. */
export class UsageError extends Error {}
