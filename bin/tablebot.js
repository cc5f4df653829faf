#!/usr/bin/env node
/* global require, process, __dirname */
/* eslint-disable @typescript-eslint/no-require-imports */
'use strict';
// The `tablebot` executable. It runs the built CLI (dist/), compiled once by `npm install` (the prepare
// script) or `npm run build`, never on each call.
const { existsSync } = require('node:fs');
const path = require('node:path');

const entry = path.join(__dirname, '..', 'dist', 'src', 'cli', 'tablebot.js');
if (!existsSync(entry)) {
  process.stderr.write(
    `tablebot is not built yet (${path.relative(process.cwd(), entry) || entry} is missing).\n` +
      'Run `npm run build` once (npm install does it too), then run the command again.\n',
  );
  process.exit(1);
}
require(entry)
  .main(process.argv.slice(2))
  .then(
    (code) => process.exit(code),
    (error) => {
      process.stderr.write(`tablebot: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
