// Validates an OpenAPI document with an independent validator (@readme/openapi-parser 9.0.0: the OpenAPI 3.0/3.1 JSON
// Schema plus its own semantic rules, e.g. unique operationIds and resolvable $refs).
// Usage: node validate-openapi.mjs <openapi.json>. Prints one JSON line {valid, version, errors}; exit 0 either way.
import {readFileSync} from 'node:fs';
import {validate} from '@readme/openapi-parser';

const file = process.argv[2];
if (!file) { console.error('usage: node validate-openapi.mjs <openapi.json>'); process.exit(2); }
const document = JSON.parse(readFileSync(file, 'utf8'));
const result = await validate(document);
console.log(JSON.stringify({
  valid: result.valid === true,
  version: document.openapi ?? null,
  errors: (result.errors ?? []).map(e => e.message ?? String(e)),
  warnings: (result.warnings ?? []).map(w => w.message ?? String(w)),
}));
