import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
const r = await build({ stdin: { contents: `import { createTracker } from './src/index.ts'; const t = createTracker({ endpoint: '/c', goals: { a: { kind: 'macro' } } }); t.track('a'); t.flush();`, resolveDir: process.cwd(), loader: 'ts' }, bundle: true, minify: true, format: 'esm', write: false, metafile: true, define: { __CAIRN_SCRIPT_TAG__: 'false' }, target: 'es2020' });
const out = Object.values(r.metafile.outputs)[0];
const rows = Object.entries(out.inputs).map(([k, v]) => [k, v.bytesInOutput]).sort((a, b) => b[1] - a[1]);
for (const [k, v] of rows.slice(0, 30)) console.log(String(v).padStart(6), k);
console.log('gzip', gzipSync(r.outputFiles[0].contents).length);
