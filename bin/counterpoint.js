#!/usr/bin/env node
// The `counterpoint` command. Needs Node ≥ 22.12 (it runs the TypeScript sources directly);
// `npm install` puts a pinned Node 24 in node_modules/.bin, which npm scripts and npx use.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(
    `counterpoint needs Node 22.18 or newer (this is ${process.version}). Run it through npm (npm run validate) or npx, which use the Node 24 that npm install placed in node_modules/.bin.`,
  );
  process.exit(2);
}
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
