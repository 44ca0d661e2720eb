// The reference wallet's issuer side: @openid4vc/openid4vci 0.4.6 (independent of Laurel) resolves a Laurel credential offer
// by reference and the institution's Credential Issuer metadata, fetches a c_nonce, makes two `jwt` key proofs (ES256 and
// EdDSA keys made here with jose), asks for a batch of credentials and sends the credential_accepted notification.
// Trust the test certificate with NODE_EXTRA_CA_CERTS.
// Usage: node oid4vci-issuer-client.mjs <credential offer URL> <access token> [credential configuration id]
// The access token comes from the test (stand-in) until Laurel's token endpoint is merged; for the same reason, when the
// node's authorization server metadata answers 404, a minimal stand-in document is used and listed under "stubbed".
// Prints one JSON line: {offer, issuer, configurations, nonce, credentials, notificationId, notified, stubbed, error?}.
import {Openid4vciClient} from '@openid4vc/openid4vci';
import * as jose from 'jose';
import {createHash, randomBytes} from 'node:crypto';

const [offerUrl, accessToken, wanted] = process.argv.slice(2);
if (!offerUrl || !accessToken) { console.error('usage: node oid4vci-issuer-client.mjs <offer url> <access token> [configuration id]'); process.exit(2); }
const origin = new URL(offerUrl).origin;
const stubbed = [];
const out = {stubbed};

async function fetchWithStandInAs(input, init) {
  const url = typeof input === 'string' ? input : input?.url ?? String(input);
  if (!url.startsWith(origin + '/')) throw new TypeError(`reference wallet: only ${origin} may be fetched, not ${url}`);
  const response = await fetch(input, init);
  const asMetadata = [origin + '/.well-known/oauth-authorization-server', origin + '/.well-known/openid-configuration'];
  if (response.status === 404 && asMetadata.includes(url)) {
    stubbed.push(url);
    return new Response(JSON.stringify({issuer: origin, token_endpoint: origin + '/oid4vci/token',
      'pre-authorized_grant_anonymous_access_supported': true}), {status: 200, headers: {'content-type': 'application/json'}});
  }
  return response;
}

const keys = new Map();
const client = new Openid4vciClient({
  callbacks: {
    fetch: fetchWithStandInAs,
    generateRandom: async (length) => randomBytes(length),
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

try {
  const offer = await client.resolveCredentialOffer('openid-credential-offer://?credential_offer_uri=' + encodeURIComponent(offerUrl));
  out.offer = offer;
  const issuerMetadata = await client.resolveIssuerMetadata(offer.credential_issuer);
  out.issuer = issuerMetadata.credentialIssuer.credential_issuer;
  out.version = issuerMetadata.originalDraftVersion;
  out.configurations = Object.keys(issuerMetadata.knownCredentialConfigurations);
  const configurationId = wanted ?? offer.credential_configuration_ids[0];
  const {c_nonce: nonce} = await client.requestNonce({issuerMetadata});
  out.nonce = nonce;
  const jwts = [];
  for (const alg of ['ES256', 'EdDSA']) {
    const {jwt} = await client.createCredentialRequestJwtProof({issuerMetadata, signer: await newKey(alg), nonce,
      credentialConfigurationId: configurationId, issuedAt: new Date()});
    jwts.push(jwt);
  }
  const result = await client.retrieveCredentials({issuerMetadata, accessToken, credentialConfigurationId: configurationId, proofs: {jwt: jwts}});
  out.credentials = result.credentialResponse.credentials.map(c => c.credential);
  out.notificationId = result.credentialResponse.notification_id;
  const notified = await client.sendNotification({issuerMetadata, accessToken,
    notification: {notificationId: out.notificationId, event: 'credential_accepted'}});
  out.notified = notified.ok;
} catch (e) {
  out.error = `${e?.constructor?.name}: ${e?.message} ${e?.responseText ?? ''}`.trim();
}
console.log(JSON.stringify(out));
