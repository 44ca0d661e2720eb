// A real OpenID Connect provider on loopback for Laurel's sign-in tests (authorization code + PKCE).
// Usage: PORT=0 CLIENT_ID=laurel CLIENT_SECRET=secret REDIRECT_URIS=http://127.0.0.1:5000/signin-oidc-eduid node oidc-provider.mjs
// The login form accepts any login name; the account's claims are derived from it (see claimsFor), so
// a test chooses who signs in by what it types. Prints "listening <issuer>" once ready.
import http from 'node:http';
import Provider from 'oidc-provider';

const port = Number(process.env.PORT ?? 0);
const server = http.createServer();
await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

// "lotte" signs in as lotte@example.org; "lotte|h.visser@uu.example" uses the given e-mail instead. A third part says what
// the provider tells about that address: "unverified" sends email_verified=false, "noclaim" sends no email_verified at all
// (a provider that does not check addresses), anything else (or nothing) email_verified=true.
function claimsFor(login) {
  const [sub, emailOverride, verification] = login.split('|');
  const given = sub.charAt(0).toUpperCase() + sub.slice(1);
  const claims = {
    sub,
    name: `${given} Tester`,
    given_name: given,
    family_name: 'Tester',
    email: emailOverride ?? `${sub}@example.org`,
    email_verified: verification !== 'unverified',
    eduperson_principal_name: `${sub}@students.uu.nl`,
    schac_home_organization: 'uu.nl',
    eduperson_affiliation: ['student', 'member'],
    validated_name: `${given} Tester`,
    // eduID-style linked institution account (only for learners signing in through eduID in practice).
    eduid_linked_institutions: [{
      eduperson_principal_name: `${sub}@tudelft.nl`,
      schac_home_organization: 'tudelft.nl',
      eduperson_affiliation: ['student'],
    }],
  };
  if (verification === 'noclaim') delete claims.email_verified;
  return claims;
}

const provider = new Provider(issuer, {
  clients: [{
    client_id: process.env.CLIENT_ID ?? 'laurel',
    client_secret: process.env.CLIENT_SECRET ?? 'laurel-test-secret',
    redirect_uris: (process.env.REDIRECT_URIS ?? '').split(',').filter(Boolean),
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  pkce: { required: () => true },
  // Put the profile claims in the id_token itself, as eduID's tests expect.
  conformIdTokenClaims: false,
  claims: {
    openid: ['sub'],
    profile: ['name', 'given_name', 'family_name', 'validated_name'],
    email: ['email', 'email_verified'],
    eduperson: ['eduperson_principal_name', 'schac_home_organization', 'eduperson_affiliation', 'eduid_linked_institutions'],
  },
  scopes: ['openid', 'profile', 'email', 'eduperson'],
  features: { devInteractions: { enabled: true } },
  findAccount: async (ctx, id) => ({
    accountId: id,
    claims: async () => claimsFor(id),
  }),
  cookies: { keys: ['laurel-test-cookie-key'] },
});
provider.proxy = false;
server.on('request', provider.callback());
console.log(`listening ${issuer}`);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
