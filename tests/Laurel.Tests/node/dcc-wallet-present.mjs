// Acts as the DCC Learner Credential Wallet presenting a badge over a VC-API exchange (VCALM), with the libraries that wallet
// uses (did:key Ed25519 holder; presentation signed with @digitalbazaar/vc + eddsa-rdfc-2022), in two commands:
//   receive <issuance exchange URL> <wallet file>
//       takes a badge bound to a new did:key through Laurel's issuance exchange (POST {}, DID authentication, POST VP) and keeps
//       the key pair and the credential in <wallet file>. Prints {did, status, credential}.
//   present <wallet file> <presentation exchange URL> [mode] [request file]
//       POST {} → verifiablePresentationRequest; picks the held credentials the QueryByExample example matches (as the LCW does:
//       every example key present, arrays containing every listed value); signs a presentation over the request's challenge and
//       domain; POSTs it to interact.service[0].serviceEndpoint (else the exchange URL).
//       mode: ok (default) | replay (the same presentation twice) | wrong-domain | other-holder (a new DID presents the badge)
//             | to-exchange (posts the answer to the exchange URL instead of the service endpoint)
//       request file: use this verifiablePresentationRequest (already fetched) instead of POST {}.
//       Prints {did, request, matched, presentation, status, body, replay?}.
// Sends Accept-Language: en. Trust a test CA with NODE_EXTRA_CA_CERTS.
import {readFile, writeFile} from 'node:fs/promises';
import * as vc from '@digitalbazaar/vc';
import * as DidKey from '@digitalbazaar/did-method-key';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {contexts} from '../../Laurel.Credentials.Tests/node/loader.mjs';

const [command, ...args] = process.argv.slice(2);
const didKeyDriver = DidKey.driver();
didKeyDriver.use({multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from});

async function documentLoader(url) {
  if (contexts.has(url)) return {contextUrl: null, documentUrl: url, document: contexts.get(url)};
  if (url.startsWith('did:key:')) return {contextUrl: null, documentUrl: url, document: await didKeyDriver.get({url})};
  throw new Error(`wallet loader: refusing ${url}`);
}

async function post(url, body) {
  const response = await fetch(url, {method: 'POST', headers: {'content-type': 'application/json', accept: 'application/json', 'accept-language': 'en'},
    body: JSON.stringify(body)});
  const text = await response.text();
  let json = null;
  try { json = JSON.parse(text); } catch { json = {text}; }
  return {status: response.status, body: json};
}

async function holder(exported) {
  const verificationKeyPair = exported ? await Ed25519Multikey.from(exported) : await Ed25519Multikey.generate();
  const {didDocument, methodFor} = await didKeyDriver.fromKeyPair({verificationKeyPair});
  verificationKeyPair.id = methodFor({purpose: 'authentication'}).id;
  verificationKeyPair.controller = didDocument.id;
  return {did: didDocument.id, key: verificationKeyPair};
}

async function sign({did, key}, credentials, challenge, domain) {
  const presentation = {'@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'], holder: did};
  if (credentials.length > 0) presentation.verifiableCredential = credentials;
  const suite = new DataIntegrityProof({signer: key.signer(), cryptosuite});
  return vc.signPresentation({presentation, suite, challenge, domain, documentLoader});
}

// The LCW's QueryByExample match: objects recurse, arrays must contain every listed value, literals compare equal.
function matches(example, value) {
  if (Array.isArray(example)) return Array.isArray(value) && example.every(e => value.includes(e));
  if (example !== null && typeof example === 'object')
    return value !== null && typeof value === 'object' && Object.entries(example).every(([k, v]) => matches(v, value[k]));
  return example === value;
}

if (command === 'receive') {
  const [exchangeUrl, walletFile] = args;
  const me = await holder();
  const start = await post(exchangeUrl, {});
  const {challenge, domain} = start.body.verifiablePresentationRequest;
  const answer = await post(exchangeUrl, {verifiablePresentation: await sign(me, [], challenge, domain)});
  const credential = answer.body?.verifiablePresentation?.verifiableCredential?.[0] ?? null;
  const exported = await me.key.export({publicKey: true, secretKey: true, includeContext: true});
  await writeFile(walletFile, JSON.stringify({key: exported, credentials: credential ? [credential] : []}));
  console.log(JSON.stringify({did: me.did, status: answer.status, credential, body: credential ? undefined : answer.body}));
} else if (command === 'present') {
  const [walletFile, exchangeUrl, mode = 'ok', requestFile] = args;
  const wallet = JSON.parse(await readFile(walletFile, 'utf8'));
  const me = mode === 'other-holder' ? await holder() : await holder(wallet.key);
  let request;
  if (requestFile) request = JSON.parse(await readFile(requestFile, 'utf8'));
  else {
    const start = await post(exchangeUrl, {});
    if (start.status !== 200) { console.log(JSON.stringify({did: me.did, request: null, status: start.status, body: start.body})); process.exit(0); }
    request = start.body.verifiablePresentationRequest;
  }
  const queries = Array.isArray(request.query) ? request.query : [request.query];
  const matched = [];
  for (const query of queries.filter(q => q.type === 'QueryByExample')) {
    const credentialQueries = Array.isArray(query.credentialQuery) ? query.credentialQuery : [query.credentialQuery];
    for (const {example} of credentialQueries)
      for (const c of wallet.credentials) if (matches(example, c) && !matched.includes(c)) matched.push(c);
  }
  const domain = mode === 'wrong-domain' ? 'https://wallet-phisher.example' : request.domain;
  const presentation = await sign(me, matched, request.challenge, domain);
  const target = mode === 'to-exchange' ? exchangeUrl : (request.interact?.service?.[0]?.serviceEndpoint ?? exchangeUrl);
  const answer = await post(target, {verifiablePresentation: presentation});
  const output = {did: me.did, request, matched: matched.length, presentation, status: answer.status, body: answer.body};
  if (mode === 'replay') output.replay = await post(target, {verifiablePresentation: presentation});
  console.log(JSON.stringify(output));
} else {
  console.error('usage: node dcc-wallet-present.mjs receive <exchange URL> <wallet file> | present <wallet file> <exchange URL> [mode] [request file]');
  process.exit(2);
}
