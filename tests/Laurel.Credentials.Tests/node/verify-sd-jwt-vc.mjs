// Verifies an SD-JWT VC with the OpenWallet Foundation's @sd-jwt/sd-jwt-vc (an independent implementation):
// issuer signature with the given ES256 JWK, disclosures (digests), and — when a nonce is given — the Key Binding JWT
// against cnf.jwk, including sd_hash. Usage: node verify-sd-jwt-vc.mjs <input.json>
// where input.json is {"sdJwt": "...", "issuerJwk": {...}, "nonce": "..." (optional)}.
// Prints JSON {verified, errors, claims}; exit code 0 when verified, 1 when not, 2 on usage errors.
import {readFileSync} from 'node:fs';
import {SDJwtVcInstance} from '@sd-jwt/sd-jwt-vc';
import {ES256, digest} from '@sd-jwt/crypto-nodejs';

const file = process.argv[2];
if (!file) { console.error('usage: node verify-sd-jwt-vc.mjs <input.json>'); process.exit(2); }
const input = JSON.parse(readFileSync(file, 'utf8'));

const sdjwt = new SDJwtVcInstance({
  hasher: digest,
  hashAlg: 'sha-256',
  verifier: await ES256.getVerifier(input.issuerJwk),
  // The holder key comes from the issuer-signed cnf claim (RFC 9901 §7.3), never from the KB-JWT itself.
  kbVerifier: async (data, signature, payload) => {
    const jwk = payload?.cnf?.jwk;
    if (!jwk) throw new Error('no cnf.jwk in the issuer-signed payload');
    return (await ES256.getVerifier(jwk))(data, signature);
  },
});

try {
  const result = await sdjwt.verify(input.sdJwt, input.nonce ? {keyBindingNonce: input.nonce} : {});
  const claims = await sdjwt.getClaims(input.sdJwt);
  console.log(JSON.stringify({verified: true, errors: [], claims, kb: result.kb?.payload ?? null}));
  process.exit(0);
} catch (e) {
  console.log(JSON.stringify({verified: false, errors: [e?.message ?? String(e)]}));
  process.exit(1);
}
