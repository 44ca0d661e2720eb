// Verifies a credential file with the Digital Credentials Consortium's verifier-core (what the DCC's
// VerifierPlus and Learner Credential Wallet use). Usage: node verify-dcc.mjs <credential.json>
// verifier-core builds its own document loader (@digitalcredentials/security-document-loader with bundled
// VC/OB/DI contexts and a local did:key resolver, fetchRemoteContexts: true) and takes no loader option, so this
// script blocks the network (fetch throws) and reports which URLs it tried: the signature check must then
// succeed from bundled data alone. Status-list and JSON-schema checks need the network and show up as log entries.
// Prints JSON {verified, signature, errors, blockedFetches}; verified = the signature step is valid.
import {readFileSync} from 'node:fs';

const blockedFetches = [];
globalThis.fetch = async (input) => {
  const url = typeof input === 'string' ? input : input?.url ?? String(input);
  blockedFetches.push(url);
  throw new TypeError(`network disabled in interop test: ${url}`);
};

const {verifyCredential} = await import('@digitalcredentials/verifier-core');
const file = process.argv[2];
if (!file) { console.error('usage: node verify-dcc.mjs <credential.json>'); process.exit(2); }
const credential = JSON.parse(readFileSync(file, 'utf8'));

const result = await verifyCredential({credential, knownDIDRegistries: []});
const log = result.log ?? [];
const signature = log.find(entry => entry.id === 'valid_signature');
const errors = (result.errors ?? []).map(e => `${e.name}: ${e.message}`);
const verified = signature?.valid === true;
console.log(JSON.stringify({verified, signature: signature ?? null, log, errors, blockedFetches}));
process.exit(verified ? 0 : 1);
