// The reference wallet's SD-JWT VC side, with the OpenWallet Foundation's @sd-jwt/sd-jwt-vc 0.19.0 (independent of Laurel):
//   1. verifies the issued SD-JWT VC (issuer ES256 signature, disclosure digests), fetches and validates its vct type
//      metadata over https from Laurel (loadTypeMetadataFormat; trust the test CA with NODE_EXTRA_CA_CERTS);
//   2. presents it as the holder: only the claims in `disclose` (null = all), with a Key Binding JWT signed by the holder key;
//   3. verifies that presentation as a verifier would, key binding (cnf.jwk, nonce, sd_hash) included.
// The status list is not Laurel's here (a stand-in index): its fetch is answered locally with "valid" and the reference it
// asked for is reported, so the status claim's shape is checked by the library without testing the stand-in.
// Usage: node wallet-sd-jwt-vc.mjs <input.json> with {sdJwt, issuerJwk, holderJwk (private), nonce, aud, disclose?}.
// Prints one JSON line {verified, issued: {payload, claims, disclosures}, typeMetadata, presented: {claims, kb}, statusFetched, errors}.
import {readFileSync} from 'node:fs';
import {SDJwtVcInstance} from '@sd-jwt/sd-jwt-vc';
import {decodeSdJwt, getClaims} from '@sd-jwt/decode';
import {ES256, digest, generateSalt} from '@sd-jwt/crypto-nodejs';
import {StatusList, createHeaderAndPayload} from '@sd-jwt/jwt-status-list';

const input = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const statusFetched = [];
const b64 = o => Buffer.from(JSON.stringify(o)).toString('base64url');

const sdjwt = new SDJwtVcInstance({
  hasher: digest,
  hashAlg: 'sha-256',
  saltGenerator: generateSalt,
  verifier: await ES256.getVerifier(input.issuerJwk),
  kbSigner: await ES256.getSigner(input.holderJwk),
  kbSignAlg: 'ES256',
  kbVerifier: async (data, signature, payload) => {
    const jwk = payload?.cnf?.jwk;
    if (!jwk) throw new Error('no cnf.jwk in the issuer-signed payload');
    return (await ES256.getVerifier(jwk))(data, signature);
  },
  loadTypeMetadataFormat: true,
  statusListFetcher: async uri => {
    statusFetched.push(uri);
    const list = new StatusList(new Array(1 << 17).fill(0), 1);
    const {header, payload} = createHeaderAndPayload(list, {iss: 'stand-in', sub: uri, iat: Math.floor(Date.now() / 1000)},
      {alg: 'ES256', typ: 'statuslist+jwt'});
    return `${b64(header)}.${b64(payload)}.c3RhbmQtaW4`;
  },
  statusVerifier: async () => true,
});

const out = {verified: false, errors: [], statusFetched};
try {
  const issued = await sdjwt.verify(input.sdJwt);
  const decoded = await decodeSdJwt(input.sdJwt, digest);
  out.issued = {
    header: issued.header,
    payload: decoded.jwt.payload,
    claims: await getClaims(decoded.jwt.payload, decoded.disclosures, digest),
    disclosures: decoded.disclosures.map(d => d.key ?? null),
  };
  out.typeMetadata = issued.typeMetadata?.mergedTypeMetadata ?? null;

  const frame = input.disclose ? Object.fromEntries(input.disclose.map(k => [k, true])) : undefined;
  const presentation = await sdjwt.present(input.sdJwt, frame, {
    kb: {payload: {iat: Math.floor(Date.now() / 1000), aud: input.aud, nonce: input.nonce}},
  });
  const presented = await sdjwt.verify(presentation, {keyBindingNonce: input.nonce});
  const decodedPresentation = await decodeSdJwt(presentation, digest);
  out.presented = {
    claims: await getClaims(decodedPresentation.jwt.payload, decodedPresentation.disclosures, digest),
    kb: presented.kb?.payload ?? null,
  };
  out.verified = true;
} catch (e) {
  out.errors.push(e?.message ?? String(e));
}
console.log(JSON.stringify(out));
