#!/usr/bin/env node
'use strict';
// The `vakregister` command runs the compiled CLI; `npm install` builds it (the prepare script).
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const entry = join(__dirname, '..', 'dist', 'apps', 'cli', 'src', 'main.js');
if (!existsSync(entry)) {
  console.error('vakregister is not built yet: run `npm run build` in ' + join(__dirname, '..'));
  process.exit(1);
}
require(entry);
