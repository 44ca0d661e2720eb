// digitalbazaar's JS stack on the same fixture Laurel's BenchmarkDotNet suite uses (bench/Laurel.Bench), with the
// same offline loader over Laurel's shipped contexts. Usage: node bench.mjs [seconds-per-case]
// Prints one JSON object: ops/s and µs/op for sign, verify, toRdf, canonicalize and a Ed25519 signature (as the stack does it,
// and with a pre-imported node:crypto key).
import {readFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import * as vc from '@digitalbazaar/vc';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {createPrivateKey, sign as nodeSign} from 'node:crypto';
import jsonld from 'jsonld';
import canonize from 'rdf-canonize';
import {documentLoader} from '../../tests/Laurel.Credentials.Tests/node/loader.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const seconds = Number(process.argv[2] ?? 3);
const fixture = JSON.parse(readFileSync(join(here, '..', 'Laurel.Bench', 'ob3-microcredential.unsigned.json'), 'utf8'));

const keyPair = await Ed25519Multikey.generate({seed: Uint8Array.from({length: 32}, (_, i) => i + 1)});
const did = `did:key:${keyPair.publicKeyMultibase}`;
keyPair.controller = did;
keyPair.id = `${did}#${keyPair.publicKeyMultibase}`;
const credential = structuredClone(fixture);
credential.issuer.id = did;
const date = '2025-07-01T12:00:00Z';
const checkStatus = async () => ({verified: true}); // status lists need the network; the proof is what is timed

const sign = () => vc.issue({
  credential: structuredClone(credential),
  suite: new DataIntegrityProof({signer: keyPair.signer(), cryptosuite, date}),
  documentLoader,
});
const signed = await sign();
const verify = async () => {
  const result = await vc.verifyCredential({credential: signed, suite: new DataIntegrityProof({cryptosuite}), documentLoader, checkStatus});
  if (!result.verified) throw new Error(`verification failed: ${JSON.stringify(result.error)}`);
};
const toRdf = () => jsonld.toRDF(credential, {documentLoader, safe: true});
const quads = await toRdf();
const canonicalize = () => canonize.canonize(quads, {algorithm: 'RDFC-1.0'});
const signer = keyPair.signer();
const digest = new Uint8Array(64).fill(7);
const ed25519Sign = () => signer.sign({data: digest}); // as the stack signs: re-imports the key every call
// Node's own Ed25519 with a pre-imported key (PKCS#8 = fixed prefix + seed): the JS-side floor.
const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(Uint8Array.from({length: 32}, (_, i) => i + 1))]);
const nodeKey = createPrivateKey({key: pkcs8, format: 'der', type: 'pkcs8'});
const ed25519Raw = () => nodeSign(null, digest, nodeKey);

async function measure(fn) {
  for (let i = 0; i < 20; i++) await fn(); // warm up the JIT
  let ops = 0;
  const start = process.hrtime.bigint();
  const end = start + BigInt(Math.round(seconds * 1e9));
  let now = start;
  while (now < end) { await fn(); ops++; now = process.hrtime.bigint(); }
  const elapsed = Number(now - start) / 1e9;
  return {opsPerSec: ops / elapsed, usPerOp: (elapsed * 1e6) / ops, ops};
}

const results = {node: process.version};
for (const [name, fn] of Object.entries({sign, verify, toRdf, canonicalize, ed25519Sign, ed25519Raw})) results[name] = await measure(fn);
console.log(JSON.stringify(results));
