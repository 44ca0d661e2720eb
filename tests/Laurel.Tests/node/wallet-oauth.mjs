// Reference wallet (OAuth side) for Laurel's OpenID4VCI authorization server tests, made of the independent
// @openid4vc/oauth2 0.4.6 and node:crypto only. Laurel runs on plain http in tests, hence allowInsecureUrls.
// Usage: node wallet-oauth.mjs <command> '<json arguments>'; prints one JSON line.
//   preauth  {issuer, code, txCode?, dpop?, alg?, stateFile?}          pre-authorized code token request (VCI-4.1)
//   par      {issuer, clientId, redirectUri, scope?, issuerState?, dpop?, stateFile}  PAR + PKCE (+ DPoP); authorization URL
//   token    {issuer, clientId, redirectUri, stateFile, responseUrl}  authorization code token request with the saved verifier/key
//   resource {url, method?, stateFile}                                 the Authorization and DPoP headers of a resource request
//   credential {credentialIssuer, configurationId, stateFile}          with @openid4vc/openid4vci: nonce, an ES256 key proof and the
//                                                                      credential request with the saved (DPoP-bound) token
// Token errors print {error: {error, error_description}, status}.
import {readFileSync, writeFileSync} from 'node:fs';
import {createHash, randomBytes, generateKeyPairSync, createPrivateKey, createPublicKey, sign} from 'node:crypto';
import {Oauth2Client, Oauth2ClientErrorResponseError, clientAuthenticationNone, setGlobalConfig} from '@openid4vc/oauth2';

setGlobalConfig({allowInsecureUrls: true});
const [command, json] = process.argv.slice(2);
const args = JSON.parse(json ?? '{}');

const b64url = (bytes) => Buffer.from(bytes).toString('base64url');

function newKey(alg) {
  const {privateKey} = alg === 'EdDSA' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', {namedCurve: 'P-256'});
  return {alg, privateJwk: privateKey.export({format: 'jwk'})};
}

function signer(key) {
  const publicJwk = createPublicKey(createPrivateKey({key: key.privateJwk, format: 'jwk'})).export({format: 'jwk'});
  return {method: 'jwk', alg: key.alg, publicJwk};
}

// Every key this wallet signs with is one it generated; the signer names it by its public JWK.
let keys = [];
const callbacks = {
  hash: (data, alg) => new Uint8Array(createHash('sha256').update(data).digest()),
  generateRandom: (n) => new Uint8Array(randomBytes(n)),
  signJwt: async (jwtSigner, {header, payload}) => {
    const key = keys.find((k) => signer(k).publicJwk.x === jwtSigner.publicJwk.x);
    const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
    const privateKey = createPrivateKey({key: key.privateJwk, format: 'jwk'});
    const signature = key.alg === 'EdDSA' ? sign(null, Buffer.from(input), privateKey)
      : sign('sha256', Buffer.from(input), {key: privateKey, dsaEncoding: 'ieee-p1363'});
    return {jwt: `${input}.${b64url(signature)}`, signerJwk: jwtSigner.publicJwk};
  },
  clientAuthentication: clientAuthenticationNone({clientId: args.clientId ?? 'reference-wallet'}),
  fetch: globalThis.fetch,
};
const client = new Oauth2Client({callbacks});

const load = () => JSON.parse(readFileSync(args.stateFile, 'utf8'));
const save = (state) => args.stateFile && writeFileSync(args.stateFile, JSON.stringify(state));

async function tokenCall(run) {
  try {
    const {accessTokenResponse} = await run();
    return {ok: true, token: accessTokenResponse};
  } catch (e) {
    if (e instanceof Oauth2ClientErrorResponseError) return {ok: false, error: e.errorResponse, status: e.response.status};
    throw e;
  }
}

let result;
if (command === 'preauth') {
  const metadata = await client.fetchAuthorizationServerMetadata(args.issuer);
  const key = args.dpop ? newKey(args.alg ?? 'ES256') : null;
  if (key) keys.push(key);
  result = await tokenCall(() => client.retrievePreAuthorizedCodeAccessToken({
    authorizationServerMetadata: metadata, preAuthorizedCode: args.code, txCode: args.txCode,
    dpop: key ? {signer: signer(key)} : undefined,
  }));
  if (result.ok) save({key, accessToken: result.token.access_token});
  result.metadata = metadata;
} else if (command === 'par') {
  const metadata = await client.fetchAuthorizationServerMetadata(args.issuer);
  const key = args.dpop ? newKey(args.alg ?? 'ES256') : null;
  if (key) keys.push(key);
  const state = b64url(randomBytes(16));
  const {authorizationRequestUrl, pkce} = await client.createAuthorizationRequestUrl({
    authorizationServerMetadata: metadata, clientId: args.clientId, redirectUri: args.redirectUri, scope: args.scope, state,
    additionalRequestPayload: args.issuerState ? {issuer_state: args.issuerState} : undefined,
    dpop: key ? {signer: signer(key)} : undefined,
  });
  save({key, verifier: pkce?.codeVerifier, state});
  result = {authorizationRequestUrl, state, codeChallengeMethod: pkce?.codeChallengeMethod};
} else if (command === 'token') {
  const metadata = await client.fetchAuthorizationServerMetadata(args.issuer);
  const saved = load();
  if (saved.key) keys.push(saved.key);
  const response = new URL(args.responseUrl).searchParams;
  // The wallet checks state and iss (RFC 9207) before redeeming the code.
  if (response.get('state') !== saved.state) throw new Error('state mismatch');
  if (response.get('iss') !== metadata.issuer) throw new Error('iss mismatch');
  const forKey = args.otherKey ? newKey('ES256') : saved.key;
  if (args.otherKey) keys.push(forKey);
  result = await tokenCall(() => client.retrieveAuthorizationCodeAccessToken({
    authorizationServerMetadata: metadata, authorizationCode: response.get('code'),
    pkceCodeVerifier: args.verifier ?? saved.verifier, redirectUri: args.redirectUri,
    dpop: forKey ? {signer: signer(forKey)} : undefined,
  }));
  if (result.ok) save({...saved, accessToken: result.token.access_token});
} else if (command === 'resource') {
  const saved = load();
  if (saved.key) keys.push(saved.key);
  let sent;
  // Capture what the wallet would send to a credential endpoint instead of sending it.
  const capture = async (url, init) => { sent = init.headers; return new Response('{}', {status: 200, headers: {'content-type': 'application/json'}}); };
  await client.resourceRequest({
    callbacks: {...callbacks, fetch: capture}, url: args.url, accessToken: saved.accessToken, dpop: saved.key ? {signer: signer(saved.key)} : undefined,
    requestOptions: {method: args.method ?? 'POST', headers: {'content-type': 'application/json'}, body: '{}'},
  });
  const headers = new Headers(sent);
  result = {authorization: headers.get('authorization'), dpop: headers.get('dpop')};
} else if (command === 'credential') {
  const saved = load();
  if (saved.key) keys.push(saved.key);
  const {Openid4vciClient} = await import('@openid4vc/openid4vci');
  const vci = new Openid4vciClient({callbacks});
  try {
    const issuerMetadata = await vci.resolveIssuerMetadata(args.credentialIssuer);
    const {c_nonce: nonce} = await vci.requestNonce({issuerMetadata});
    const holder = newKey('ES256');
    keys.push(holder);
    const {jwt} = await vci.createCredentialRequestJwtProof({issuerMetadata, signer: signer(holder), nonce,
      credentialConfigurationId: args.configurationId, issuedAt: new Date()});
    const response = await vci.retrieveCredentials({issuerMetadata, accessToken: saved.accessToken, credentialConfigurationId: args.configurationId,
      proofs: {jwt: [jwt]}, dpop: saved.key ? {signer: signer(saved.key)} : undefined});
    result = {credentials: response.credentialResponse.credentials.map(c => c.credential)};
  } catch (e) {
    result = {error: `${e?.constructor?.name}: ${e?.message} ${e?.response?.status ?? ''}`.trim()};
  }
} else {
  console.error('unknown command'); process.exit(2);
}
console.log(JSON.stringify(result));
