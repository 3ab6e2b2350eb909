// Validates JSON files against a JSON Schema (draft-04, as OASIS publishes SARIF 2.1.0's, or
// later drafts) with Ajv and its formats (uri, uri-reference, date-time checked).
// usage: node validate-json-schema.cjs NODE_MODULES_DIR SCHEMA.json FILE.json...
// Exits 0 when every file is valid; else prints each error (file, JSON pointer, message), exits 1.
'use strict';
const fs = require('fs');
const path = require('path');
const [modules, schemaPath, ...files] = process.argv.slice(2);
if (!modules || !schemaPath || files.length === 0) {
  console.error('usage: node validate-json-schema.cjs NODE_MODULES_DIR SCHEMA.json FILE.json...');
  process.exit(2);
}
const load = (name) => require(path.join(modules, name));
const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
const draft04 = String(schema.$schema || '').includes('draft-04');
const Ajv = draft04 ? load('ajv-draft-04') : load('ajv').default;
const addFormats = load('ajv-formats');
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);
let failed = 0;
for (const file of files) {
  const data = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (validate(data)) {
    console.log(`${file}: valid`);
    continue;
  }
  failed++;
  for (const e of validate.errors) console.log(`${file}: ${e.instancePath || '/'} ${e.message}`);
}
process.exit(failed ? 1 : 0);
