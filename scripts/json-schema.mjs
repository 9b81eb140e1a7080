#!/usr/bin/env node
// Writes dist/cairn.config.schema.json, the JSON Schema of the config for editor completion
// (`"$schema": "./node_modules/cairn/dist/cairn.config.schema.json"`). Run by `npm run build` after tsup.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateConfigJsonSchema } from './json-schema-build.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const file = resolve(root, 'dist/cairn.config.schema.json');
const schema = await generateConfigJsonSchema(root);
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, `${JSON.stringify(schema, null, 2)}\n`);
console.log(`wrote ${file.slice(root.length + 1)} (${Object.keys(schema.properties).length} options, ${schema.$defs.trigger.oneOf.length} trigger kinds)`);
