// Acts as the DCC Learner Credential Wallet in a VC-API exchange (VCALM) with a running Laurel, using the libraries that
// wallet uses: a did:key Ed25519 holder from @digitalbazaar/did-method-key + @digitalbazaar/ed25519-multikey, and a DID
// authentication presentation signed with @digitalbazaar/vc + eddsa-rdfc-2022 over the request's challenge and domain.
//   1. POST {} to the exchange → verifiablePresentationRequest (DIDAuthentication, challenge, domain);
//   2. POST {verifiablePresentation} → the issued credential in a presentation.
// Usage: node dcc-wallet-exchange.mjs <exchange URL> [mode] [other exchange URL]
//   mode: ok (default) | wrong-challenge (signs the other exchange's challenge) | wrong-domain | unsigned
// Trust the test CA with NODE_EXTRA_CA_CERTS. Prints one JSON line {did, request, presentation, status, body}.
import * as vc from '@digitalbazaar/vc';
import * as DidKey from '@digitalbazaar/did-method-key';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {contexts} from '../../Laurel.Credentials.Tests/node/loader.mjs';

const [exchangeUrl, mode = 'ok', otherUrl] = process.argv.slice(2);
if (!exchangeUrl) { console.error('usage: node dcc-wallet-exchange.mjs <exchange URL> [mode] [other URL]'); process.exit(2); }

const didKeyDriver = DidKey.driver();
didKeyDriver.use({multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from});

async function documentLoader(url) {
  if (contexts.has(url)) return {contextUrl: null, documentUrl: url, document: contexts.get(url)};
  if (url.startsWith('did:key:')) return {contextUrl: null, documentUrl: url, document: await didKeyDriver.get({url})};
  throw new Error(`wallet loader: refusing ${url}`);
}

async function post(url, body) {
  const response = await fetch(url, {method: 'POST', headers: {'content-type': 'application/json', accept: 'application/json'}, body: JSON.stringify(body)});
  const text = await response.text();
  let json = null;
  try { json = JSON.parse(text); } catch { json = {text}; }
  return {status: response.status, body: json};
}

const verificationKeyPair = await Ed25519Multikey.generate();
const {didDocument, methodFor} = await didKeyDriver.fromKeyPair({verificationKeyPair});
const did = didDocument.id;
const authentication = methodFor({purpose: 'authentication'});
verificationKeyPair.id = authentication.id;
verificationKeyPair.controller = did;

const start = await post(exchangeUrl, {});
if (start.status !== 200) { console.log(JSON.stringify({did, request: start, status: start.status, body: start.body})); process.exit(0); }
const request = start.body.verifiablePresentationRequest;
let {challenge, domain} = request;
if (mode === 'wrong-challenge') challenge = (await post(otherUrl, {})).body.verifiablePresentationRequest.challenge;
if (mode === 'wrong-domain') domain = 'https://wallet-phisher.example';

let presentation = {'@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'], holder: did};
if (mode !== 'unsigned') {
  const suite = new DataIntegrityProof({signer: verificationKeyPair.signer(), cryptosuite});
  presentation = await vc.signPresentation({presentation, suite, challenge, domain, documentLoader});
}
const answer = await post(exchangeUrl, {verifiablePresentation: presentation});
console.log(JSON.stringify({did, request, presentation, status: answer.status, body: answer.body}));
