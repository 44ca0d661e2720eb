// An offline JSON-LD document loader shared by the interop scripts and bench/compare-js/bench.mjs.
// It serves ONLY the context files Laurel ships (src/Laurel.Credentials/Contexts/, mapped by canonical URL as in
// that folder's README.md — nothing is copied) and did:key documents computed from the DID itself. Any other URL
// is an error, so a verifier that silently fetched something would fail loudly instead.
import {readFileSync} from 'node:fs';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const contextsDir = resolve(here, '..', '..', '..', 'src', 'Laurel.Credentials', 'Contexts');

// README rows look like: | `file` | `https://canonical/url` | ... ; the first file listed for a URL wins
// (the purl copy of OB 3.0.3, which is what the purl serves and what credentials are signed against).
function readContextMap() {
  const map = new Map();
  const readme = readFileSync(join(contextsDir, 'README.md'), 'utf8');
  for (const line of readme.split('\n')) {
    const m = /^\|\s*`([^`]+)`\s*\|\s*`(https?:\/\/[^`]+)`/.exec(line);
    if (m && !map.has(m[2])) map.set(m[2], deepFreeze(JSON.parse(readFileSync(join(contextsDir, m[1]), 'utf8'))));
  }
  if (map.size === 0) throw new Error(`No contexts found in ${contextsDir}/README.md`);
  return map;
}

// Served as shared, frozen objects (as digitalbazaar's own loaders do): no per-load copy, and a processor that
// tried to mutate one would throw instead of corrupting later loads.
function deepFreeze(value) {
  if (value && typeof value === 'object') { for (const v of Object.values(value)) deepFreeze(v); Object.freeze(value); }
  return value;
}

export const contexts = readContextMap();

const DID_V1 = 'https://www.w3.org/ns/did/v1';
const MULTIKEY_V1 = 'https://w3id.org/security/multikey/v1';

/** The did:key document (did:key spec §3.1.2) for an Ed25519 did:key: the method id is did#<multibase>. */
export function didKeyDocument(did) {
  const multibase = did.slice('did:key:'.length);
  if (!multibase.startsWith('z6Mk')) throw new Error(`Not an Ed25519 did:key: ${did}`);
  const id = `${did}#${multibase}`;
  const method = {id, type: 'Multikey', controller: did, publicKeyMultibase: multibase};
  return {
    '@context': [DID_V1, MULTIKEY_V1],
    id: did,
    verificationMethod: [method],
    authentication: [id], assertionMethod: [id], capabilityDelegation: [id], capabilityInvocation: [id],
  };
}

/** Records every URL requested, so callers can report what a verifier needed. */
export const requested = [];

export async function documentLoader(url) {
  requested.push(url);
  if (contexts.has(url)) return {contextUrl: null, documentUrl: url, document: contexts.get(url)};
  if (url.startsWith('did:key:')) {
    const [did, fragment] = url.split('#');
    const doc = didKeyDocument(did);
    if (!fragment) return {contextUrl: null, documentUrl: url, document: doc};
    const method = doc.verificationMethod.find(m => m.id === url);
    if (!method) throw new Error(`Unknown verification method ${url}`);
    return {contextUrl: null, documentUrl: url, document: {'@context': MULTIKEY_V1, ...method}};
  }
  throw new Error(`Offline document loader: refusing to load ${url}`);
}
