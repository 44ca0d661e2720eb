// A reference OpenID4VP 1.0 HOLDER (wallet) answering Laurel as verifier, built from independent packages only:
// @openid4vc/openid4vp 0.4.6 resolves the openid4vp:// link (request by reference, GET or request_uri_method=post), verifies the
// signed request object with its x5c certificate (trusting exactly the certificate the test pins) and the x509_san_dns client id,
// reads the DCQL query, and builds and posts the direct_post response; @sd-jwt/sd-jwt-vc presents an SD-JWT VC with a key-binding
// JWT (nonce, aud = client_id); @digitalbazaar/vc + did:key sign an ldp_vc presentation (challenge = nonce, domain = client_id).
// Usage: node oid4vp-holder.mjs <input.json> with
//   {walletLink, pinnedCertificate (base64 DER), method?: 'get'|'post', format: 'sd-jwt'|'ldp',
//    sdJwt?, holderJwk? (private), disclose?: [claim names], ldpCredential?, holderSeed? (base64, Ed25519),
//    mode?: 'ok'|'wrong-aud'|'other-key'|'tamper'|'replay'|'refuse', otherJwk? (private)}
// Prints one JSON line {request: {client_id, nonce, state, response_uri, dcql_query, client_metadata, header}, status, body, replay?}.
import {readFileSync} from 'node:fs';
import {X509Certificate, createHash, createPrivateKey, sign, verify, createPublicKey} from 'node:crypto';
import {Openid4vpClient} from '@openid4vc/openid4vp';
import {setGlobalConfig} from '@openid4vc/oauth2';
import {SDJwtVcInstance} from '@sd-jwt/sd-jwt-vc';
import {ES256, digest, generateSalt} from '@sd-jwt/crypto-nodejs';
import * as vc from '@digitalbazaar/vc';
import * as DidKey from '@digitalbazaar/did-method-key';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {contexts} from '../../Laurel.Credentials.Tests/node/loader.mjs';

const input = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const mode = input.mode ?? 'ok';
// Laurel runs on plain http on loopback in tests; a real wallet insists on https.
if (input.walletLink.includes('http%3A%2F%2F127.0.0.1')) setGlobalConfig({allowInsecureUrls: true});
const b64u = b => Buffer.from(b).toString('base64url');
const out = {};

const client = new Openid4vpClient({
  callbacks: {
    fetch,
    hash: (data, alg) => createHash(alg.replace('-', '').toLowerCase()).update(data).digest(),
    // The wallet trusts exactly the pinned certificate (a self-signed verifier certificate), then checks the signature with its key.
    verifyJwt: async (signer, {header, compact}) => {
      if (signer.method !== 'x5c' || signer.x5c[0] !== input.pinnedCertificate) return {verified: false};
      const cert = new X509Certificate(Buffer.from(signer.x5c[0], 'base64'));
      const [h, p, s] = compact.split('.');
      const ok = header.alg === 'ES256' && verify('sha256', Buffer.from(`${h}.${p}`), {key: cert.publicKey, dsaEncoding: 'ieee-p1363'}, Buffer.from(s, 'base64url'));
      return ok ? {verified: true, signerJwk: cert.publicKey.export({format: 'jwk'})} : {verified: false};
    },
    getX509CertificateMetadata: certificate => {
      const cert = new X509Certificate(Buffer.from(certificate, 'base64'));
      const names = (cert.subjectAltName ?? '').split(',').map(n => n.trim());
      return {sanDnsNames: names.filter(n => n.startsWith('DNS:')).map(n => n.slice(4)), sanUriNames: names.filter(n => n.startsWith('URI:')).map(n => n.slice(4))};
    },
  },
});

try {
  let link = input.walletLink;
  if (input.method === 'post') link += '&request_uri_method=post';
  const parsed = client.parseOpenid4vpAuthorizationRequest({authorizationRequest: link});
  const resolved = await client.resolveOpenId4vpAuthorizationRequest({
    authorizationRequestPayload: parsed.params,
    wallet: input.method === 'post' ? {metadata: {vp_formats_supported: {'dc+sd-jwt': {}}}} : undefined,
  });
  const request = resolved.authorizationRequestPayload;
  const [h] = resolved.jar.jwt.compact.split('.');
  out.request = {client_id: request.client_id, nonce: request.nonce, state: request.state, response_uri: request.response_uri,
    response_mode: request.response_mode, aud: request.aud, dcql_query: request.dcql_query, client_metadata: request.client_metadata,
    header: JSON.parse(Buffer.from(h, 'base64url').toString('utf8')), client: resolved.client?.prefix};

  let payload;
  if (mode === 'refuse') payload = {error: 'access_denied', error_description: 'The learner declined.'};
  else {
    const queries = request.dcql_query.credentials;
    let presentation, queryId;
    if (input.format === 'sd-jwt') {
      queryId = queries.find(q => q.format === 'dc+sd-jwt').id;
      presentation = await presentSdJwt(request);
    } else {
      queryId = queries.find(q => q.format === 'ldp_vc').id;
      presentation = await presentLdp(request);
    }
    payload = {vp_token: {[queryId]: [presentation]}};
  }
  const response = await client.createOpenid4vpAuthorizationResponse({authorizationRequestPayload: request, authorizationResponsePayload: payload});
  const submit = async () => {
    const result = await client.submitOpenid4vpAuthorizationResponse({authorizationRequestPayload: request,
      authorizationResponsePayload: response.authorizationResponsePayload});
    const text = await result.response.text();
    let body; try { body = JSON.parse(text); } catch { body = {text}; }
    return {status: result.response.status, body};
  };
  Object.assign(out, await submit());
  if (mode === 'replay') out.replay = await submit();
} catch (e) {
  out.error = e?.message ?? String(e);
  out.errorDetail = e?.errorResponse ?? null;
}
console.log(JSON.stringify(out));

async function presentSdJwt(request) {
  const aud = mode === 'wrong-aud' ? 'x509_san_dns:verifier.elsewhere.example' : request.client_id;
  const signerJwk = mode === 'other-key' ? input.otherJwk : input.holderJwk;
  const sdjwt = new SDJwtVcInstance({hasher: digest, hashAlg: 'sha-256', saltGenerator: generateSalt,
    kbSigner: await ES256.getSigner(signerJwk), kbSignAlg: 'ES256'});
  const frame = Object.fromEntries((input.disclose ?? []).map(k => [k, true]));
  if (mode !== 'tamper')
    return await sdjwt.present(input.sdJwt, frame, {kb: {payload: {iat: Math.floor(Date.now() / 1000), aud, nonce: request.nonce}}});
  // A dishonest holder changes a disclosed value and signs a fresh key-binding JWT over the changed presentation.
  const plain = await sdjwt.present(input.sdJwt, frame);
  const parts = plain.split('~');
  const tampered = parts.map((part, i) => {
    if (i === 0 || part === '') return part;
    const disclosure = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    if (disclosure[1] === 'recipient_name') disclosure[2] = 'Somebody Else';
    return b64u(JSON.stringify(disclosure));
  }).join('~');
  const kbHeader = b64u(JSON.stringify({typ: 'kb+jwt', alg: 'ES256'}));
  const kbPayload = b64u(JSON.stringify({iat: Math.floor(Date.now() / 1000), aud, nonce: request.nonce,
    sd_hash: createHash('sha256').update(tampered).digest('base64url')}));
  const signature = sign('sha256', Buffer.from(`${kbHeader}.${kbPayload}`), {key: createPrivateKey({key: signerJwk, format: 'jwk'}), dsaEncoding: 'ieee-p1363'});
  return `${tampered}${kbHeader}.${kbPayload}.${b64u(signature)}`;
}

async function presentLdp(request) {
  const didKeyDriver = DidKey.driver();
  didKeyDriver.use({multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from});
  const documentLoader = async url => {
    if (contexts.has(url)) return {contextUrl: null, documentUrl: url, document: contexts.get(url)};
    if (url.startsWith('did:key:')) return {contextUrl: null, documentUrl: url, document: await didKeyDriver.get({url})};
    throw new Error(`holder loader: refusing ${url}`);
  };
  const keyPair = await Ed25519Multikey.generate({seed: Buffer.from(input.holderSeed, 'base64')});
  const {didDocument, methodFor} = await didKeyDriver.fromKeyPair({verificationKeyPair: keyPair});
  keyPair.id = methodFor({purpose: 'authentication'}).id;
  keyPair.controller = didDocument.id;
  out.holderDid = didDocument.id;
  const presentation = {'@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'], holder: didDocument.id,
    verifiableCredential: [input.ldpCredential]};
  const domain = mode === 'wrong-aud' ? 'x509_san_dns:verifier.elsewhere.example' : request.client_id;
  const suite = new DataIntegrityProof({signer: keyPair.signer(), cryptosuite});
  return await vc.signPresentation({presentation, suite, challenge: request.nonce, domain, documentLoader});
}
