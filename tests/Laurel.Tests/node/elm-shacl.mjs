// Validates Europass ELM v3 (EDC) JSON-LD files against the official EDC SHACL shapes vendored in ./elm (see elm/README.md).
// Independent of Laurel: jsonld (JSON-LD → RDF, with a document loader that serves only local context files, never the
// network), @zazuko/env-node (RDF/JS datasets, Turtle parser) and rdf-validate-shacl (the SHACL engine).
// Usage: node elm-shacl.mjs <no-cv|full> <file.json>...   Prints one JSON line per file, then a summary line:
// {"files":[{"file":…,"conforms":bool,"results":[{"path":…,"message":…,"focusNode":…,"shape":…}]}],"conforms":bool}
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import jsonld from 'jsonld';
import rdf from '@zazuko/env-node';
import SHACLValidator from 'rdf-validate-shacl';

const here = path.dirname(fileURLToPath(import.meta.url));
const [profile, ...files] = process.argv.slice(2);
if (!['no-cv', 'full'].includes(profile) || files.length === 0) {
  console.error('usage: node elm-shacl.mjs <no-cv|full> <file.json>...');
  process.exit(2);
}
const shared = process.env.LAUREL_SHARED ?? path.join(here, '..', '..', '..', '..', 'shared');
const contexts = {
  'http://data.europa.eu/snb/model/context/edc-ap': path.join(shared, 'spec', 'contexts', 'elm-edc-ap-context.jsonld'),
  'https://www.w3.org/2018/credentials/v1': path.join(shared, 'spec', 'contexts', 'credentials-v1.jsonld'),
};
const documentLoader = async (url) => {
  const file = contexts[url];
  if (!file) throw new Error(`refusing to load a context from the network: ${url}`);
  return { contextUrl: null, documentUrl: url, document: JSON.parse(await readFile(file, 'utf8')) };
};

// EDC-generic-full owl:imports EDC-generic-no-cv: the engine's importGraph serves that one local file, nothing else.
const loadShapes = (name) => rdf.dataset().import(rdf.fromFile(path.join(here, 'elm', name)));
const imports = { 'http://data.europa.eu/snb/model/ap/edc-generic-no-cv': 'EDC-generic-no-cv.ttl' };
const importGraph = async (url) => {
  const name = imports[url.value ?? url];
  if (!name) throw new Error(`refusing to import shapes from the network: ${url.value ?? url}`);
  return loadShapes(name);
};
const shapes = await loadShapes(profile === 'full' ? 'EDC-generic-full.ttl' : 'EDC-generic-no-cv.ttl');

const out = [];
let all = true;
for (const file of files) {
  const doc = JSON.parse(await readFile(file, 'utf8'));
  const nquads = await jsonld.toRDF(doc, { format: 'application/n-quads', documentLoader, safe: true });
  const parser = rdf.formats.parsers.import('application/n-quads', (await import('node:stream')).Readable.from([nquads]));
  const data = await rdf.dataset().import(parser);
  const validator = new SHACLValidator(shapes, { factory: rdf, maxErrors: 200, importGraph });
  const report = await validator.validate(data);
  const results = report.results.map(r => ({
    path: r.path?.value ?? null,
    message: r.message.map(m => m.value).join(' '),
    focusNode: r.focusNode?.value ?? null,
    shape: r.sourceShape?.value ?? null,
    constraint: r.sourceConstraintComponent?.value ?? null,
  }));
  all &&= report.conforms;
  out.push({ file: path.basename(file), conforms: report.conforms, triples: data.size, results });
}
console.log(JSON.stringify({ profile, conforms: all, files: out }));
