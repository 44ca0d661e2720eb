// Signs a credential with digitalbazaar's stack (eddsa-rdfc-2022) and a freshly generated Ed25519 did:key,
// setting the issuer id to that did:key. Usage: node sign.mjs <unsigned.json> <out.json>
import {readFileSync, writeFileSync} from 'node:fs';
import * as vc from '@digitalbazaar/vc';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {documentLoader} from './loader.mjs';

const [input, output] = process.argv.slice(2);
if (!input || !output) { console.error('usage: node sign.mjs <unsigned.json> <out.json>'); process.exit(2); }
const credential = JSON.parse(readFileSync(input, 'utf8'));

const keyPair = await Ed25519Multikey.generate();
const did = `did:key:${keyPair.publicKeyMultibase}`;
keyPair.controller = did;
keyPair.id = `${did}#${keyPair.publicKeyMultibase}`;
if (typeof credential.issuer === 'object') credential.issuer.id = did; else credential.issuer = did;

const suite = new DataIntegrityProof({signer: keyPair.signer(), cryptosuite});
const signed = await vc.issue({credential, suite, documentLoader});
writeFileSync(output, JSON.stringify(signed, null, 2));
console.log(JSON.stringify({did, verificationMethod: keyPair.id}));
