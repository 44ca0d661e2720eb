// Laurel's reference wallet for the end-to-end tests, made only of independent packages: @openid4vc/openid4vci 0.4.6 (with
// @openid4vc/oauth2 inside) speaks OpenID4VCI 1.0 + OAuth (pre-authorized code with tx_code, DPoP), @sd-jwt/sd-jwt-vc 0.19.0
// verifies the SD-JWT VC (issuer key found through /.well-known/jwt-vc-issuer, disclosures, vct) and reads its status through
// @sd-jwt/jwt-status-list from the status list token Laurel serves. Nothing here comes from Laurel.
// Usage: node reference-wallet.mjs <input.json>
//   {"mode":"take", "interactionUrl", "txCode", "format":"sd-jwt"|"ldp"|"jwt", "dpop":bool, "keys":1..n}
//     → starts from the "Add to wallet" QR (a VCALM interaction URL), takes the OID4VCI protocol and completes the offer.
//   {"mode":"check", "sdJwt"} → verifies a held SD-JWT VC again and reads its current status (what a verifier would see).
// Trust the test certificate with NODE_EXTRA_CA_CERTS. Prints one JSON line; {"error": ...} when a step fails.
import {readFileSync} from 'node:fs';
import {createHash, randomBytes} from 'node:crypto';
import * as jose from 'jose';
import {Openid4vciClient} from '@openid4vc/openid4vci';
import {setGlobalConfig, clientAuthenticationNone} from '@openid4vc/oauth2';
import {SDJwtVcInstance} from '@sd-jwt/sd-jwt-vc';
import {decodeSdJwt, getClaims} from '@sd-jwt/decode';
import {ES256, digest, generateSalt} from '@sd-jwt/crypto-nodejs';

const input = JSON.parse(readFileSync(process.argv[2], 'utf8'));
// The tests' Laurel listens on plain http on loopback; a real deployment is https and needs no such switch.
if ((input.interactionUrl ?? '').startsWith('http://127.0.0.1:')) setGlobalConfig({allowInsecureUrls: true});
const out = {steps: []};
const keys = new Map();

const client = new Openid4vciClient({
  callbacks: {
    fetch: (url, init) => fetch(url, init),
    // A public wallet client: no client authentication (the authorization server advertises token_endpoint_auth_methods none).
    clientAuthentication: clientAuthenticationNone({clientId: 'laurel-reference-wallet'}),
    generateRandom: async length => randomBytes(length),
    hash: async (data, alg) => createHash(alg.replace('-', '').toLowerCase()).update(data).digest(),
    signJwt: async (signer, {header, payload}) => {
      const privateKey = keys.get(JSON.stringify(signer.publicJwk));
      const jwt = await new jose.SignJWT(payload).setProtectedHeader(header).sign(privateKey);
      return {jwt, signerJwk: signer.publicJwk};
    },
  },
});

async function newKey(alg) {
  const {publicKey, privateKey} = await jose.generateKeyPair(alg, alg === 'EdDSA' ? {crv: 'Ed25519', extractable: true} : {extractable: true});
  const publicJwk = await jose.exportJWK(publicKey);
  keys.set(JSON.stringify(publicJwk), privateKey);
  return {method: 'jwk', alg, publicJwk};
}

// The issuer's key as a verifier finds it: the JWT VC Issuer Metadata at the well-known location of `iss` (path insertion).
async function issuerJwk(sdJwt) {
  const decoded = await decodeSdJwt(sdJwt, digest);
  const iss = new URL(decoded.jwt.payload.iss);
  const response = await fetch(`${iss.origin}/.well-known/jwt-vc-issuer${iss.pathname}`);
  if (!response.ok) throw new Error(`jwt-vc-issuer metadata: ${response.status}`);
  const metadata = await response.json();
  if (metadata.issuer !== decoded.jwt.payload.iss) throw new Error('jwt-vc-issuer metadata names another issuer');
  const jwk = metadata.jwks.keys.find(k => k.kid === decoded.jwt.header.kid);
  if (!jwk) throw new Error(`no key ${decoded.jwt.header.kid} in the issuer's jwks`);
  return jwk;
}

// Verifies an SD-JWT VC as a verifier would and reports the status value instead of failing on it (0 valid, 1 invalid, 2 suspended).
async function verifySdJwtVc(sdJwt) {
  const jwk = await issuerJwk(sdJwt);
  const result = {status: null};
  const instance = new SDJwtVcInstance({
    hasher: digest, hashAlg: 'sha-256', saltGenerator: generateSalt,
    verifier: await ES256.getVerifier(jwk),
    statusValidator: async status => { result.status = status; },
    loadTypeMetadataFormat: input.typeMetadata === true,
  });
  const verified = await instance.verify(sdJwt);
  const decoded = await decodeSdJwt(sdJwt, digest);
  result.verified = true;
  result.claims = await getClaims(decoded.jwt.payload, decoded.disclosures, digest);
  result.disclosed = decoded.disclosures.map(d => d.key ?? null);
  result.statusReference = verified.payload.status?.status_list ?? null;
  result.vct = verified.payload.vct;
  return result;
}

try {
  if (input.mode === 'check') {
    out.sdJwtVc = await verifySdJwtVc(input.sdJwt);
  } else {
    const interaction = await fetch(input.interactionUrl, {headers: {accept: 'application/json'}});
    if (!interaction.ok) throw new Error(`interaction URL: ${interaction.status} ${await interaction.text()}`);
    const {protocols} = await interaction.json();
    out.protocols = protocols;
    out.steps.push('interaction');
    const offer = await client.resolveCredentialOffer(protocols.OID4VCI);
    out.steps.push('offer');
    const issuerMetadata = await client.resolveIssuerMetadata(offer.credential_issuer);
    out.version = issuerMetadata.originalDraftVersion;
    out.steps.push('metadata');
    const suffix = `.${input.format ?? 'sd-jwt'}`;
    const configurationId = offer.credential_configuration_ids.find(id => id.endsWith(suffix));
    const dpop = input.dpop ? {signer: await newKey('ES256')} : undefined;
    const token = await client.retrievePreAuthorizedCodeAccessTokenFromOffer({credentialOffer: offer, issuerMetadata, txCode: input.txCode, dpop});
    out.tokenType = token.accessTokenResponse.token_type;
    out.steps.push('token');
    const {c_nonce: nonce} = await client.requestNonce({issuerMetadata});
    const jwts = [];
    for (let i = 0; i < (input.keys ?? 1); i++) {
      const {jwt} = await client.createCredentialRequestJwtProof({issuerMetadata, signer: await newKey(i % 2 === 0 ? 'ES256' : 'EdDSA'), nonce,
        credentialConfigurationId: configurationId, issuedAt: new Date()});
      jwts.push(jwt);
    }
    const result = await client.retrieveCredentials({issuerMetadata, accessToken: token.accessTokenResponse.access_token,
      credentialConfigurationId: configurationId, proofs: {jwt: jwts}, dpop: token.dpop});
    out.credentials = result.credentialResponse.credentials.map(c => c.credential);
    out.steps.push('credential');
    if (suffix === '.sd-jwt') out.sdJwtVc = await verifySdJwtVc(out.credentials[0]);
    const notified = await client.sendNotification({issuerMetadata, accessToken: token.accessTokenResponse.access_token,
      notification: {notificationId: result.credentialResponse.notification_id, event: 'credential_accepted'}, dpop: result.dpop ?? token.dpop});
    out.notified = notified.ok;
    out.steps.push('notification');
  }
} catch (e) {
  out.error = `${e?.constructor?.name}: ${e?.message} ${e?.responseText ?? ''}`.trim();
}
console.log(JSON.stringify(out));
