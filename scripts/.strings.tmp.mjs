import { build } from 'esbuild';
const r = await build({ stdin: { contents: `import { createTracker } from './src/index.ts'; const t = createTracker({ endpoint: '/c', goals: { a: { kind: 'macro' } } }); t.track('a'); t.flush();`, resolveDir: process.cwd(), loader: 'ts' }, bundle: true, minify: true, format: 'esm', write: false, define: { __CAIRN_SCRIPT_TAG__: 'false' }, target: 'es2020' });
const text = r.outputFiles[0].text;
const strings = text.match(/"(?:[^"\\]|\\.)*"|`(?:[^`\\]|\\.)*`|'(?:[^'\\]|\\.)*'/g) ?? [];
const long = strings.filter((s) => s.length > 25).sort((a, b) => b.length - a.length);
console.log('total string bytes', strings.reduce((n, s) => n + s.length, 0), 'long', long.reduce((n, s) => n + s.length, 0), 'of', text.length);
for (const s of long.slice(0, 60)) console.log(s.length, s.slice(0, 140));
