// Verifies a JAdES-sealed Europass file independently of Laurel: jose (JWS general JSON serialization, RFC 7797 unencoded
// payload, crit handling) and @peculiar/x509 (the certificate chain in x5c). Usage: node elm-jades-verify.mjs <file>
// Prints {"verified":bool,"header":{…},"payload":"…","leaf":{subject,issuer,thumbprintS256},"chainLinked":bool,"error":…}
import { readFile } from 'node:fs/promises';
import { webcrypto } from 'node:crypto';
import * as jose from 'jose';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto);
const [file] = process.argv.slice(2);
const jws = JSON.parse(await readFile(file, 'utf8'));
const header = jose.decodeProtectedHeader(jws.signatures[0]);
const out = { verified: false, header, payload: null, leaf: null, chainLinked: false, error: null };
try {
  if (!Array.isArray(header.x5c) || header.x5c.length === 0) throw new Error('no x5c');
  const certs = header.x5c.map(b64 => new x509.X509Certificate(Buffer.from(b64, 'base64')));
  const leaf = certs[0];
  const thumb = Buffer.from(await leaf.getThumbprint('SHA-256')).toString('base64url');
  out.leaf = { subject: leaf.subject, issuer: leaf.issuer, thumbprintS256: thumb };
  // Each certificate is signed by the next one in the chain (a self-signed leaf is its own chain).
  out.chainLinked = true;
  for (let i = 0; i < certs.length; i++) {
    const signer = certs[i + 1] ?? certs[i];
    if (!(await certs[i].verify({ publicKey: await signer.publicKey.export(), signatureOnly: true }))) out.chainLinked = false;
  }
  const pem = leaf.toString('pem');
  const key = await jose.importX509(pem, header.alg);
  // sigT is a JAdES header parameter listed in crit: a verifier must understand it, so it is declared here.
  const result = await jose.generalVerify(jws, key, { crit: { sigT: true }, algorithms: ['RS256', 'ES256', 'ES384'] });
  out.payload = new TextDecoder().decode(result.payload);
  out.verified = true;
} catch (e) {
  out.error = `${e.name}: ${e.message}`;
}
console.log(JSON.stringify(out));
