#!/usr/bin/env node
// Validates a SARIF log against the SARIF 2.1.0 schema: node validate_sarif.js SCHEMA_DIR FILE
// (SCHEMA_DIR from scripts/fetch-sarif-validator.sh). Prints each error; exit 1 when the log is invalid.
'use strict';
const fs = require('fs');
const path = require('path');
const [dir, file] = process.argv.slice(2);
const Ajv = require(path.join(dir, 'node_modules', 'ajv'));
const addFormats = require(path.join(dir, 'node_modules', 'ajv-formats'));
const schema = JSON.parse(fs.readFileSync(path.join(dir, 'sarif-schema-2.1.0.json'), 'utf8'));
const ajv = new Ajv({strict: false, allErrors: true});
addFormats(ajv);
const validate = ajv.compile(schema);
if (validate(JSON.parse(fs.readFileSync(file, 'utf8')))) {
  console.log(`${file}: valid SARIF 2.1.0`);
  process.exit(0);
}
for (const e of validate.errors) console.error(`${file}: ${e.instancePath || '/'} ${e.message}`);
process.exit(1);
