// Reads a Token Status List JWT served by Laurel with the OpenWallet Foundation's @sd-jwt/jwt-status-list 0.19.0 (independent of
// Laurel) and checks its ES256 signature with node:crypto against the key its kid names in the issuer's
// /.well-known/jwt-vc-issuer jwks (saved to a file by the test).
// Usage: node token-status.mjs <token-file> <jwks-file> <index> [<index> ...]
// Prints JSON {signature, alg, kid, typ, bits, sub, iss, statuses: {"<index>": <value>}} or {error}; exit 0 / 1 / 2 (usage).
import {readFileSync} from 'node:fs';
import {createPublicKey, verify} from 'node:crypto';
import {getListFromStatusListJWT} from '@sd-jwt/jwt-status-list';

const [tokenFile, jwksFile, ...indexes] = process.argv.slice(2);
if (!tokenFile || !jwksFile || indexes.length === 0) { console.error('usage: node token-status.mjs <token-file> <jwks-file> <index>...'); process.exit(2); }
const jwt = readFileSync(tokenFile, 'utf8').trim();
const jwks = JSON.parse(readFileSync(jwksFile, 'utf8'));
try {
  const [h, p, s] = jwt.split('.');
  const [header, payload] = [h, p].map(part => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')));
  const jwk = (jwks.keys ?? []).find(k => k.kid === header.kid);
  const signature = !!jwk && header.alg === 'ES256' && verify('sha256', Buffer.from(`${h}.${p}`),
    {key: createPublicKey({key: {kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y}, format: 'jwk'}), dsaEncoding: 'ieee-p1363'},
    Buffer.from(s, 'base64url'));
  const list = getListFromStatusListJWT(jwt);
  const statuses = {};
  for (const i of indexes) statuses[i] = list.getStatus(Number(i));
  console.log(JSON.stringify({signature, alg: header.alg, kid: header.kid, typ: header.typ, bits: list.getBitsPerStatus(),
    sub: payload.sub, iss: payload.iss, statuses}));
} catch (e) {
  console.log(JSON.stringify({error: e.message ?? String(e)}));
  process.exit(1);
}
