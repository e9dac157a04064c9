#!/usr/bin/env node
'use strict';
// node check_summary.js FILE KEY=JSON... : the last line of FILE starting with
// '{' is a JSON object; every KEY (a.b for nested keys) must equal JSON
// (compared as JSON text). Prints PASS/FAIL per key; exit 0 if all pass, 1 if
// not, 2 if FILE has no JSON summary.
const fs = require('fs');
const [file, ...expectations] = process.argv.slice(2);
let summary;
try {
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.startsWith('{'));
  summary = JSON.parse(lines[lines.length - 1]);
} catch (e) {
  process.stdout.write(`FAIL: no JSON summary line in ${file}: ${e.message}\n`);
  process.exit(2);
}
let bad = 0;
for (const exp of expectations) {
  const eq = exp.indexOf('=');
  const key = exp.slice(0, eq);
  const want = JSON.stringify(JSON.parse(exp.slice(eq + 1)));
  const value = key.split('.').reduce((o, k) => (o == null ? undefined : o[k]), summary);
  const got = value === undefined ? 'undefined' : JSON.stringify(value);
  if (got === want) {
    process.stdout.write(`PASS: summary ${key} = ${got}\n`);
  } else {
    process.stdout.write(`FAIL: summary ${key} = ${got}, expected ${want}\n`);
    bad++;
  }
}
process.exit(bad ? 1 : 0);
