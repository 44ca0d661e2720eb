// Reads a Token Status List JWT (draft-ietf-oauth-status-list) with the OpenWallet Foundation's
// @sd-jwt/jwt-status-list, an implementation independent of Laurel, and reports the status at given indexes.
// The signature is Laurel's own test concern; this script checks the list encoding (ZLIB, bit order) and the claims.
// Usage: node status-list.mjs <token-file> <index> [<index> ...]
// Prints JSON {bits, sub, typ, statuses: {"<index>": <value>}} or {error}; exit 0 on success, 1 on failure, 2 on usage errors.
import {readFileSync} from 'node:fs';
import {getListFromStatusListJWT} from '@sd-jwt/jwt-status-list';

const [file, ...indexes] = process.argv.slice(2);
if (!file || indexes.length === 0) { console.error('usage: node status-list.mjs <token-file> <index>...'); process.exit(2); }
const jwt = readFileSync(file, 'utf8').trim();
try {
  const list = getListFromStatusListJWT(jwt);
  const [header, payload] = jwt.split('.').slice(0, 2).map(p => JSON.parse(Buffer.from(p, 'base64url').toString('utf8')));
  const statuses = {};
  for (const i of indexes) statuses[i] = list.getStatus(Number(i));
  console.log(JSON.stringify({bits: list.getBitsPerStatus(), sub: payload.sub, typ: header.typ, statuses}));
} catch (e) {
  console.log(JSON.stringify({error: e.message ?? String(e)}));
  process.exit(1);
}
