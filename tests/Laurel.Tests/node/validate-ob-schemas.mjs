// Validates Laurel's OB 3.0 API answers against 1EdTech's official OB 3.0 JSON Schemas (draft 2019-09, ajv/dist/2019 with
// formats) and against the schemas Laurel's Service Description Document carries in components/schemas (ajv, OpenAPI 3.0
// schema objects); validates the SDD itself with @readme/openapi-parser.
// Usage: node validate-ob-schemas.mjs <input.json>, input = {sdd, schemas: {name: officialSchemaText}, samples: [{name, schema, body}]}
// where schema names the official file's component (AchievementCredential, Profile, GetOpenBadgeCredentialsResponse,
// Imsx_StatusInfo). Prints one JSON line {sdd: {valid, errors}, results: [{name, official: {valid, errors}, sdd: {valid, errors}}]}.
import {readFileSync} from 'node:fs';
import Ajv2019 from 'ajv/dist/2019.js';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import {validate as validateOpenApi} from '@readme/openapi-parser';

const file = process.argv[2];
if (!file) { console.error('usage: node validate-ob-schemas.mjs <input.json>'); process.exit(2); }
const input = JSON.parse(readFileSync(file, 'utf8'));

const official = new Ajv2019({allErrors: true, strict: false});
addFormats(official);
const officialValidators = Object.fromEntries(Object.entries(input.schemas).map(([name, text]) => [name, official.compile(JSON.parse(text))]));

// The SDD's components as a schema document of their own: "#/components/schemas/X" resolves inside it.
const fromSdd = new Ajv({allErrors: true, strict: false});
addFormats(fromSdd);
fromSdd.addSchema({$id: 'https://sdd.invalid/', components: structuredClone(input.sdd.components)});

const errors = v => (v.errors ?? []).slice(0, 10).map(e => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
const results = input.samples.map(sample => {
  const o = officialValidators[sample.schema];
  const s = fromSdd.compile({$ref: `https://sdd.invalid/#/components/schemas/${sample.schema}`});
  const ov = o(sample.body);
  const sv = s(sample.body);
  return {name: sample.name, official: {valid: ov, errors: errors(o)}, sdd: {valid: sv, errors: errors(s)}};
});

const parsed = await validateOpenApi(structuredClone(input.sdd));
console.log(JSON.stringify({
  sdd: {valid: parsed.valid === true, errors: (parsed.errors ?? []).map(e => e.message ?? String(e))},
  results,
}));
