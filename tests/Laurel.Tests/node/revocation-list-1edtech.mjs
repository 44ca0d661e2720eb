// The 1EdTech Revocation List Status Method decision as 1EdTech's own validator takes it (digital-credentials-public-validator,
// inspector-vc RevocationListProbe: the credential is revoked when its id is listed under revokedCredential with "revoked"
// true or absent), written here from that description, independent of Laurel's C#. Laurel also reads the spelling
// "revokedCredentials"; this script reads both so the two can be compared on the same lists.
// Usage: node revocation-list-1edtech.mjs <cases.json> where the file is [{credential, list}, ...].
// Prints one JSON line {decisions: [true|false, ...]} (true = revoked).
import {readFileSync} from 'node:fs';

const cases = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const asList = v => v == null ? [] : Array.isArray(v) ? v : [v];
const decisions = cases.map(({credential, list}) => {
  const statuses = asList(credential.credentialStatus).filter(s => s && String(s.type).trim() === '1EdTechRevocationList');
  if (statuses.length === 0 || typeof credential.id !== 'string') return false;
  const entries = [...asList(list.revokedCredential), ...asList(list.revokedCredentials)];
  return entries.some(item => item && item.id === credential.id && (item.revoked === undefined || item.revoked === null || item.revoked === true));
});
console.log(JSON.stringify({decisions}));
