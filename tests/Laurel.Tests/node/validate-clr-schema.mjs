// Validates CLR 2.0 ClrCredential files against 1EdTech's CLR 2.0 JSON Schema (draft-04, schemas/clr/README.md) with ajv-draft-04.
// The schema was written for VC 1.1; the two VC 2.0 changes listed in schemas/clr/README.md are applied in memory.
// Usage: node validate-clr-schema.mjs <clr.json>...  Prints one JSON line: {results: [{file, valid, errors}]}.
import {readFileSync} from 'node:fs';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';

const files = process.argv.slice(2);
if (files.length === 0) { console.error('usage: node validate-clr-schema.mjs <clr.json>...'); process.exit(2); }

const schema = JSON.parse(readFileSync(new URL('./schemas/clr/clr_v2p0_clrcredential_schema_draft4.json', import.meta.url), 'utf8'));

// 1. issuanceDate → validFrom in every required list.
(function rename(node) {
  if (Array.isArray(node)) { node.forEach(rename); return; }
  if (node && typeof node === 'object') {
    if (Array.isArray(node.required)) node.required = node.required.map(r => (r === 'issuanceDate' ? 'validFrom' : r));
    Object.values(node).forEach(rename);
  }
})(schema);
// 2. CredentialStatus: one entry or several, with the members of its type.
const entry = {...schema.$defs.CredentialStatus, additionalProperties: true};
schema.$defs.CredentialStatus = {oneOf: [entry, {type: 'array', minItems: 1, items: entry}]};

const ajv = new Ajv({allErrors: true, strict: false});
addFormats(ajv);
const validate = ajv.compile(schema);

const results = files.map(file => {
  const valid = validate(JSON.parse(readFileSync(file, 'utf8')));
  return {file, valid, errors: (validate.errors ?? []).map(e => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`)};
});
console.log(JSON.stringify({results}));
