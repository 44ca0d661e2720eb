// Verifies credentials issued by a running Laurel with two independent verifiers, each resolving Laurel's did:web
// document and fetching its status lists over https (trust the test certificate with NODE_EXTRA_CA_CERTS):
//   - digitalbazaar: @digitalbazaar/vc 7.3.0 + eddsa-rdfc-2022 + @digitalbazaar/vc-bitstring-status-list 2.0.1;
//   - DCC: @digitalcredentials/verifier-core 1.0.0-beta.11 (its own loader; knownDIDRegistries: []).
// Usage: node verify-issued.mjs <https origin> <credential.json>...
// Only URLs under the origin may be fetched (JSON-LD contexts come from the copies Laurel ships); anything else is
// refused and listed under "refused". Prints one JSON line: {results: [{file, digitalbazaar, dcc}], fetched, refused}.
import {readFileSync} from 'node:fs';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {checkStatus} from '@digitalbazaar/vc-bitstring-status-list';
import {contexts} from '../../Laurel.Credentials.Tests/node/loader.mjs';

const [origin, ...files] = process.argv.slice(2);
if (!origin || files.length === 0) { console.error('usage: node verify-issued.mjs <origin> <credential.json>...'); process.exit(2); }

const fetched = [];
const refused = [];
const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const url = typeof input === 'string' ? input : input?.url ?? String(input);
  if (!url.startsWith(origin + '/')) {
    refused.push(url);
    throw new TypeError(`interop test: only ${origin} may be fetched, not ${url}`);
  }
  fetched.push(url);
  return realFetch(input, init);
};

async function getJson(url) {
  const response = await fetch(url, {headers: {accept: 'application/json'}});
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
  return response.json();
}

// did:web per the DID Web method: host (port percent-encoded) and path segments, then /did.json.
function didWebUrl(did) {
  const [host, ...path] = did.slice('did:web:'.length).split(':');
  return `https://${decodeURIComponent(host)}/${path.length ? path.join('/') : '.well-known'}/did.json`;
}

async function documentLoader(url) {
  if (contexts.has(url)) return {contextUrl: null, documentUrl: url, document: contexts.get(url)};
  if (url.startsWith('did:web:')) {
    const [did, fragment] = url.split('#');
    const document = await getJson(didWebUrl(did));
    if (document.id !== did) throw new Error(`did.json id ${document.id} is not ${did}`);
    if (!fragment) return {contextUrl: null, documentUrl: url, document};
    const method = (document.verificationMethod ?? []).find(m => m.id === url);
    if (!method) throw new Error(`${url} is not in the DID document`);
    return {contextUrl: null, documentUrl: url, document: {'@context': 'https://w3id.org/security/multikey/v1', ...method}};
  }
  if (url.startsWith('https://')) return {contextUrl: null, documentUrl: url, document: await getJson(url)};
  throw new Error(`interop loader: refusing ${url}`);
}

const suite = new DataIntegrityProof({cryptosuite});

async function digitalbazaar(credential) {
  const result = await vc.verifyCredential({
    credential, suite, documentLoader,
    checkStatus: options => checkStatus({...options, suite, documentLoader, verifyBitstringStatusListCredential: true}),
  });
  const errors = [];
  if (result.error) errors.push(...(result.error.errors ?? [result.error]).map(e => e.message ?? String(e)));
  const statuses = (result.statusResult?.results ?? []).map(r => ({purpose: r.credentialStatus.statusPurpose, set: r.status === true || r.status === 1}));
  return {
    verified: result.verified === true,
    revoked: statuses.some(s => s.purpose === 'revocation' && s.set),
    suspended: statuses.some(s => s.purpose === 'suspension' && s.set),
    statusChecked: statuses.length > 0,
    statuses, errors: [...new Set(errors)],
  };
}

const {verifyCredential: dccVerify} = await import('@digitalcredentials/verifier-core');

async function dcc(credential) {
  const result = await dccVerify({credential, knownDIDRegistries: []});
  const log = result.log ?? [];
  const step = id => log.find(entry => entry.id === id) ?? null;
  const revocation = step('revocation_status');
  const suspension = step('suspension_status');
  return {
    signature: step('valid_signature')?.valid === true,
    revocation,
    revoked: revocation?.valid === false,
    suspension,
    suspended: suspension?.valid === false,
    statusChecked: revocation !== null && !revocation.error,
    errors: (result.errors ?? []).map(e => `${e.name}: ${e.message}`),
    log,
  };
}

const results = [];
for (const file of files) {
  const credential = JSON.parse(readFileSync(file, 'utf8'));
  results.push({file, digitalbazaar: await digitalbazaar(credential), dcc: await dcc(credential)});
}
console.log(JSON.stringify({results, fetched: [...new Set(fetched)], refused: [...new Set(refused)]}));
