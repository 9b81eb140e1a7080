#!/usr/bin/env node
// `npm run demo`: builds cairn, then serves the sample shop (examples/shop) with the script-tag
// build and the reference collector on one localhost port. Each arriving event prints below.
//   node scripts/demo.mjs [--port 8787] [--out ./events] [--no-build]
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const port = option('--port', process.env.PORT ?? '8787');
const out = resolve(option('--out', resolve(root, 'events')));

if (!args.includes('--no-build')) {
  console.log('building cairn…');
  const build = spawnSync('npx', ['tsup', '--silent'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// The site: the shop's pages plus the script-tag build's three files, as a site owner would deploy them.
const site = resolve(root, '.cache/demo-site');
rmSync(site, { recursive: true, force: true });
mkdirSync(site, { recursive: true });
cpSync(resolve(root, 'examples/shop'), site, { recursive: true });
cpSync(resolve(root, 'dist/cairn.global.js'), resolve(site, 'cairn.global.js'));
cpSync(resolve(root, 'dist/cairn.triggers.js'), resolve(site, 'cairn.triggers.js'));
cpSync(resolve(root, 'dist/cairn.context.js'), resolve(site, 'cairn.context.js'));

const { runCli } = await import(pathToFileURL(resolve(root, 'dist/server/cli.js')).href);
const cli = await runCli(['collect', '--port', port, '--out', out, '--static', site]);
console.log(
  `\n  Demo shop: http://127.0.0.1:${cli.port}/   (Ctrl+C to stop)` +
    `\n  Add to cart, play the video, subscribe, check out: each event appears here, with its channel.` +
    `\n  Arrive from a campaign: http://127.0.0.1:${cli.port}/?utm_source=newsletter&utm_medium=email&utm_campaign=june\n`,
);
const stop = () => cli.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
