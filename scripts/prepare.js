#!/usr/bin/env node
/* global require, process, __dirname */
/* eslint-disable @typescript-eslint/no-require-imports */
'use strict';
// `npm install` runs this (the prepare script): it builds dist/ once, so `tablebot` and the npm run aliases
// never compile on each call. An install without dev dependencies (npm ci --omit=dev) has no TypeScript:
// then dist/ must come from a build step, and this says so instead of failing the install.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

let tsc;
try {
  tsc = require.resolve('typescript/bin/tsc');
} catch {
  process.stderr.write(
    'tablebot: TypeScript is not installed (dev dependencies omitted); skipping the build.\n',
  );
  process.exit(0);
}
const root = path.join(__dirname, '..');
const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
