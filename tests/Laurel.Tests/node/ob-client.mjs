// An independent OB 3.0 API service consumer for Laurel's host tests: openid-client 6.8.9 (and the oauth4webapi it is built on,
// for RFC 7591 registration). Laurel runs on plain http in tests, hence allowInsecureRequests.
// Usage: node ob-client.mjs <command> '<json arguments>'; prints one JSON line.
//   start  {base, stateFile}  reads the SDD, registers dynamically, prepares PKCE S256 + state; prints the authorization URL
//   finish {stateFile, callbackUrl, upsertJson, upsertJws}  code → tokens, getCredentials (paged), upsertCredential (JSON and
//          compact JWS), getProfile, putProfile, refresh (narrowed), revocation, and a call with the revoked token
import {readFileSync, writeFileSync} from 'node:fs';
import * as client from 'openid-client';
import * as oauth from 'oauth4webapi';

const [command, json] = process.argv.slice(2);
const args = JSON.parse(json ?? '{}');
const SCOPES = ['credential.readonly', 'credential.upsert', 'profile.readonly', 'profile.update']
  .map((s) => `https://purl.imsglobal.org/spec/ob/v3p0/scope/${s}`);

function configuration(state) {
  const config = new client.Configuration(state.server, state.clientId, {}, client.ClientSecretBasic(state.clientSecret));
  client.allowInsecureRequests(config);
  return config;
}

async function call(config, token, url, method = 'GET', body = undefined, contentType = undefined) {
  const headers = new Headers();
  if (contentType) headers.set('content-type', contentType);
  try {
    const response = await client.fetchProtectedResource(config, token, new URL(url), method, body, headers);
    const text = await response.text();
    return {status: response.status, total: response.headers.get('x-total-count'), link: response.headers.get('link'),
      body: text.startsWith('{') ? JSON.parse(text) : text};
  } catch (e) {
    // openid-client throws on a 401/403 with a Bearer challenge: report what the server said.
    return {status: e.response?.status ?? e.status ?? 0, error: e.code ?? e.name, challenge: e.response?.headers?.get?.('www-authenticate') ?? null};
  }
}

if (command === 'start') {
  const sddResponse = await fetch(new URL('/ims/ob/v3p0/discovery', args.base));
  const sdd = await sddResponse.json();
  const scheme = sdd.components.securitySchemes.OAuth2ACG;
  const flow = scheme.flows.authorizationCode;
  const server = {
    issuer: args.base, authorization_endpoint: flow.authorizationUrl, token_endpoint: flow.tokenUrl,
    revocation_endpoint: flow['x-imssf-revocationUrl'], registration_endpoint: scheme['x-imssf-registrationUrl'],
    code_challenge_methods_supported: ['S256'],
  };
  const registration = await oauth.dynamicClientRegistrationRequest(server, {
    client_name: 'openid-client OB consumer', client_uri: 'https://consumer.example/', logo_uri: 'https://consumer.example/logo.png',
    tos_uri: 'https://consumer.example/tos', policy_uri: 'https://consumer.example/privacy', software_id: 'ob-client.mjs',
    software_version: '6.8.9', redirect_uris: ['https://consumer.example/callback'], scope: SCOPES.join(' '),
    token_endpoint_auth_method: 'client_secret_basic', grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'],
  }, {[oauth.allowInsecureRequests]: true});
  const registered = await oauth.processDynamicClientRegistrationResponse(registration);
  const verifier = client.randomPKCECodeVerifier();
  const state = {server, clientId: registered.client_id, clientSecret: registered.client_secret, verifier, state: client.randomState(),
    redirectUri: 'https://consumer.example/callback'};
  writeFileSync(args.stateFile, JSON.stringify(state));
  const url = client.buildAuthorizationUrl(configuration(state), {
    redirect_uri: state.redirectUri, scope: SCOPES.join(' '), state: state.state,
    code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
  });
  console.log(JSON.stringify({authorizationUrl: url.href, clientId: registered.client_id, sddTitle: sdd.info.title,
    etag: sddResponse.headers.get('etag'), registeredScope: registered.scope}));
} else if (command === 'finish') {
  const state = JSON.parse(readFileSync(args.stateFile, 'utf8'));
  const config = configuration(state);
  const tokens = await client.authorizationCodeGrant(config, new URL(args.callbackUrl),
    {pkceCodeVerifier: state.verifier, expectedState: state.state}, {scope: SCOPES.join(' ')});
  const credentials = new URL('/ims/ob/v3p0/credentials', state.server.issuer);
  const profileUrl = new URL('/ims/ob/v3p0/profile', state.server.issuer);
  const out = {tokenType: tokens.token_type, expiresIn: tokens.expires_in, scope: tokens.scope};
  out.upsertJson = await call(config, tokens.access_token, credentials, 'POST', args.upsertJson, 'application/vc+ld+json');
  out.upsertJws = await call(config, tokens.access_token, credentials, 'POST', args.upsertJws, 'text/plain');
  out.firstPage = await call(config, tokens.access_token, `${credentials}?limit=1`);
  out.all = await call(config, tokens.access_token, credentials);
  out.profile = await call(config, tokens.access_token, profileUrl);
  out.putProfile = await call(config, tokens.access_token, profileUrl, 'PUT', JSON.stringify({...out.profile.body, name: 'Lotte (via OB API)'}), 'application/json');
  const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token, {scope: SCOPES[2]});
  out.refreshedScope = refreshed.scope;
  out.refreshRotated = refreshed.refresh_token !== tokens.refresh_token;
  out.narrowedCredentials = await call(config, refreshed.access_token, credentials);
  out.narrowedProfile = await call(config, refreshed.access_token, profileUrl);
  await client.tokenRevocation(config, refreshed.refresh_token, {token_type_hint: 'refresh_token'});
  out.afterRevocation = await call(config, refreshed.access_token, profileUrl);
  console.log(JSON.stringify(out));
} else {
  console.error(`unknown command ${command}`);
  process.exit(2);
}
