// A stand-in for the 1EdTech OB 3.0 conformance test system, acting as the *service provider* Laurel connects to
// (OB3-8.1 Service Consumer (Write), OB3-8.3 Service Consumer (Read)). Plain node:http, no framework: SDD (OB3-7.6),
// RFC 7591 registration (OB3-7.7), auto-approving authorization with a PKCE S256 check (OB3-7.8), token with HTTP Basic
// (OB3-7.9), refresh (OB3-7.10), RFC 7009 revocation (advertised in RFC 8414 metadata), getCredentials with paging headers
// (OB3-7.1–7.3), getProfile, upsertCredential that records what it got, an SDD with an ETag and Cache-Control, and 429 with
// or without Retry-After on demand (OB3-7.5). Test hooks live under /_control.
// Env: PORT, CREDENTIALS_FILE (a GetOpenBadgeCredentialsResponse JSON), PAGE_CAP (largest page it serves, default 2).
import http from 'node:http';
import crypto from 'node:crypto';
import fs from 'node:fs';

const port = Number(process.env.PORT || 0);
const pageCap = Number(process.env.PAGE_CAP || 2);
const SCOPES = ['credential.readonly', 'credential.upsert', 'profile.readonly', 'profile.update']
  .map(s => `https://purl.imsglobal.org/spec/ob/v3p0/scope/${s}`);
const state = {
  mode: 'normal', clients: new Map(), codes: new Map(), access: new Map(), refresh: new Map(),
  registrations: [], upserts: [], revoked: [], tokenRequests: [], authorizations: [], credentialRequests: [],
  // OB3-7.6 caching: every SDD request with the If-None-Match it carried and the status it got.
  sddRequests: [],
  // OB3-7.5: the next `count` API calls answer 429, with this Retry-After (null: none).
  busy: { count: 0, retryAfter: null }, busyServed: 0,
};
const stored = process.env.CREDENTIALS_FILE ? JSON.parse(fs.readFileSync(process.env.CREDENTIALS_FILE, 'utf8')) : { credential: [], compactJwsString: [] };
const entries = [...(stored.credential || []).map(c => ({ kind: 'credential', value: c })),
  ...(stored.compactJwsString || []).map(j => ({ kind: 'compactJwsString', value: j }))];
const profile = {
  '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
  id: 'https://1edtech.org/issuers/cert', type: ['Profile'], name: 'Conformance Test Learner', email: 'conformance@imsglobal.org',
};

let origin = '';
const b64url = buf => Buffer.from(buf).toString('base64url');
const random = () => b64url(crypto.randomBytes(24));

function send(res, status, body, headers = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': typeof body === 'string' ? 'text/plain' : 'application/json', ...headers });
  res.end(text);
}
const imsx = (res, status, minor, description) => send(res, status, {
  imsx_codeMajor: 'failure', imsx_severity: 'error', imsx_description: description,
  imsx_codeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldName: 'TargetEndSystem', imsx_codeMinorFieldValue: minor }] },
});
const oauthError = (res, status, error, description) => send(res, status, { error, error_description: description }, { 'Cache-Control': 'no-store' });

async function body(req, max = 1024 * 1024) {
  const chunks = []; let size = 0;
  for await (const chunk of req) { size += chunk.length; if (size > max) throw new Error('too large'); chunks.push(chunk); }
  return Buffer.concat(chunks).toString('utf8');
}

function sdd() {
  return {
    openapi: '3.0.1',
    info: {
      title: 'OB 3.0 conformance stand-in', version: '3.0', termsOfService: `${origin}/terms`,
      'x-imssf-privacyPolicyUrl': `${origin}/privacy`, 'x-imssf-image': `${origin}/logo.png`,
    },
    servers: [{ url: `${origin}/ims/ob/v3p0` }],
    paths: {
      '/credentials': { get: { operationId: 'getCredentials' }, post: { operationId: 'upsertCredential' } },
      '/profile': { get: { operationId: 'getProfile' }, put: { operationId: 'putProfile' } },
      '/discovery': { get: { operationId: 'getServiceDescription' } },
    },
    components: {
      securitySchemes: {
        OAuth2ACG: {
          type: 'oauth2', description: 'OAuth 2.0 Authorization Code Grant authorization',
          'x-imssf-registrationUrl': `${origin}/oauth/register`,
          flows: {
            authorizationCode: {
              authorizationUrl: `${origin}/oauth/authorize`, tokenUrl: `${origin}/oauth/token`, refreshUrl: `${origin}/oauth/token`,
              scopes: Object.fromEntries(SCOPES.map(s => [s, s.split('/').pop()])),
            },
          },
        },
      },
    },
  };
}

function register(res, text) {
  let r;
  try { r = JSON.parse(text); } catch { return oauthError(res, 400, 'invalid_client_metadata', 'not JSON'); }
  const missing = ['client_name', 'client_uri', 'logo_uri', 'tos_uri', 'policy_uri', 'software_id', 'software_version', 'redirect_uris', 'scope']
    .filter(k => r[k] === undefined || r[k] === '');
  if (missing.length) return oauthError(res, 400, 'invalid_client_metadata', `missing ${missing.join(', ')}`);
  if (!Array.isArray(r.redirect_uris) || r.redirect_uris.length === 0) return oauthError(res, 400, 'invalid_redirect_uri', 'redirect_uris must be an array');
  const unknownScope = r.scope.split(' ').filter(s => !SCOPES.includes(s));
  if (unknownScope.length) return oauthError(res, 400, 'invalid_client_metadata', `unknown scope ${unknownScope.join(' ')}`);
  if (r.token_endpoint_auth_method && r.token_endpoint_auth_method !== 'client_secret_basic')
    return oauthError(res, 400, 'invalid_client_metadata', 'only client_secret_basic');
  const client = { ...r, client_id: random(), client_secret: random(), client_id_issued_at: Math.floor(Date.now() / 1000), client_secret_expires_at: 0 };
  state.clients.set(client.client_id, client);
  state.registrations.push(r);
  send(res, 201, client, { 'Cache-Control': 'no-store' });
}

function authorize(res, url) {
  const q = Object.fromEntries(url.searchParams);
  const client = state.clients.get(q.client_id);
  if (!client || !client.redirect_uris.includes(q.redirect_uri)) return send(res, 400, 'unknown client or redirect_uri');
  const back = new URL(q.redirect_uri);
  const fail = (error) => { back.searchParams.set('error', error); if (q.state) back.searchParams.set('state', q.state); res.writeHead(302, { Location: back.href }); res.end(); };
  state.authorizations.push(q);
  if (q.response_type !== 'code') return fail('unsupported_response_type');
  if (!q.state) return fail('invalid_request');
  if (q.code_challenge_method !== 'S256' || !/^[A-Za-z0-9_-]{43}$/.test(q.code_challenge || '')) return fail('invalid_request');
  if (state.mode === 'deny') return fail('access_denied');
  const code = random();
  state.codes.set(code, { client_id: q.client_id, redirect_uri: q.redirect_uri, scope: q.scope, challenge: q.code_challenge, used: false });
  back.searchParams.set('code', code); back.searchParams.set('state', q.state);
  res.writeHead(302, { Location: back.href }); res.end();
}

function basicClient(req) {
  const h = req.headers.authorization || '';
  if (!h.startsWith('Basic ')) return null;
  const [id, secret] = Buffer.from(h.slice(6), 'base64').toString('utf8').split(':').map(decodeURIComponent);
  const client = state.clients.get(id);
  return client && client.client_secret === secret ? client : null;
}

function issue(res, clientId, scope) {
  const access = random(), refresh = random();
  state.access.set(access, { clientId, scope });
  state.refresh.set(refresh, { clientId, scope });
  send(res, 200, { access_token: access, token_type: 'Bearer', expires_in: 3600, refresh_token: refresh, scope }, { 'Cache-Control': 'no-store' });
}

function token(req, res, text) {
  const client = basicClient(req);
  const p = Object.fromEntries(new URLSearchParams(text));
  state.tokenRequests.push({ grant_type: p.grant_type, basic: !!client });
  if (!client) return oauthError(res, 401, 'invalid_client', 'HTTP Basic client authentication required');
  if (p.grant_type === 'authorization_code') {
    const code = state.codes.get(p.code);
    if (!code || code.used || code.client_id !== client.client_id || code.redirect_uri !== p.redirect_uri) return oauthError(res, 400, 'invalid_grant', 'bad code');
    code.used = true;
    const challenge = b64url(crypto.createHash('sha256').update(p.code_verifier || '', 'ascii').digest());
    if (challenge !== code.challenge) return oauthError(res, 400, 'invalid_grant', 'PKCE verification failed');
    return issue(res, client.client_id, code.scope);
  }
  if (p.grant_type === 'refresh_token') {
    const old = state.refresh.get(p.refresh_token);
    if (!old || old.clientId !== client.client_id) return oauthError(res, 400, 'invalid_grant', 'bad refresh token');
    state.refresh.delete(p.refresh_token); // rotate
    return issue(res, client.client_id, old.scope);
  }
  oauthError(res, 400, 'unsupported_grant_type', p.grant_type);
}

function revoke(req, res, text) {
  const client = basicClient(req);
  if (!client) return oauthError(res, 401, 'invalid_client', 'HTTP Basic client authentication required');
  const p = Object.fromEntries(new URLSearchParams(text));
  state.revoked.push({ token_type_hint: p.token_type_hint, known: state.access.has(p.token) || state.refresh.has(p.token) });
  state.access.delete(p.token); state.refresh.delete(p.token);
  res.writeHead(200); res.end();
}

function bearer(req, res, scope) {
  const h = req.headers.authorization || '';
  const grant = h.startsWith('Bearer ') ? state.access.get(h.slice(7)) : null;
  if (!grant) { imsx(res, 401, 'unauthorizedrequest', 'A valid bearer token is required.'); return null; }
  if (!grant.scope.split(' ').includes(scope)) { imsx(res, 403, 'forbidden', 'The token lacks the scope.'); return null; }
  return grant;
}

function credentials(req, res, url) {
  state.credentialRequests.push(url.search);
  if (state.mode === 'huge') return send(res, 200, '{"credential":["' + 'x'.repeat(6 * 1024 * 1024) + '"]}', { 'Content-Type': 'application/json' });
  if (state.mode === 'malformed') return send(res, 200, '{"credential": [ {"id": ', { 'Content-Type': 'application/json' });
  if (state.mode === 'server-error') return imsx(res, 500, 'internal_server_error', 'The test system is having a bad day.');
  if (state.mode === 'redirect-private') { res.writeHead(302, { Location: 'http://10.1.2.3/ims/ob/v3p0/credentials' }); return res.end(); }
  if (state.mode === 'slow') return setTimeout(() => send(res, 200, { credential: [] }), 30000);
  const limit = Math.min(Number(url.searchParams.get('limit') || pageCap), state.mode === 'nopaging' ? entries.length : pageCap);
  const offset = Number(url.searchParams.get('offset') || 0);
  if (state.mode === 'endless') {
    // Never ends: every page points at the next one and the total keeps growing.
    const next = `${origin}/ims/ob/v3p0/credentials?limit=${limit}&offset=${offset + limit}`;
    return send(res, 200, { credential: entries.filter(e => e.kind === 'credential').slice(0, 1).map(e => e.value) },
      { 'X-Total-Count': String(offset + 1000), Link: `<${next}>; rel="next"` });
  }
  if (state.mode === 'nopaging') {
    return send(res, 200, { credential: entries.filter(e => e.kind === 'credential').map(e => e.value), compactJwsString: entries.filter(e => e.kind === 'compactJwsString').map(e => e.value) });
  }
  const page = entries.slice(offset, offset + limit);
  const link = (o, rel) => `<${origin}/ims/ob/v3p0/credentials?limit=${limit}&offset=${o}>; rel="${rel}"`;
  const last = Math.max(0, Math.floor((entries.length - 1) / limit) * limit);
  const links = [link(0, 'first'), link(last, 'last')];
  if (offset + limit < entries.length) links.push(link(offset + limit, 'next'));
  if (offset > 0) links.push(link(Math.max(0, offset - limit), 'prev'));
  const response = {};
  const creds = page.filter(e => e.kind === 'credential').map(e => e.value);
  const jws = page.filter(e => e.kind === 'compactJwsString').map(e => e.value);
  if (creds.length) response.credential = creds;
  if (jws.length) response.compactJwsString = jws;
  send(res, 200, response, { 'X-Total-Count': String(entries.length), Link: links.join(', ') });
}

async function upsert(req, res) {
  const text = await body(req, 2 * 1024 * 1024);
  const type = (req.headers['content-type'] || '').split(';')[0].trim();
  if (state.mode === 'upsert-reject') return imsx(res, 400, 'invalid_data', 'The test system refuses this credential.');
  let value;
  if (type === 'text/plain') value = text.trim();
  else { try { value = JSON.parse(text); } catch { return imsx(res, 400, 'invalid_data', 'Body is not JSON.'); } }
  const id = typeof value === 'string' ? value : value.id;
  const known = state.upserts.some(u => u.id === id);
  state.upserts.push({ id, contentType: type, text });
  if (typeof value === 'string') return send(res, known ? 200 : 201, value, { 'Content-Type': 'text/plain' });
  send(res, known ? 200 : 201, value);
}

const server = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url, origin);
    const path = url.pathname;
    if (req.method === 'GET' && path === '/ims/ob/v3p0/discovery') {
      // An ETag on the document's bytes; revalidate every time, unless the 'sdd-fresh' mode says an hour is fine.
      const text = JSON.stringify(state.mode === 'bad-sdd' ? { openapi: '3.0.1', info: { title: 'broken' } } : sdd());
      const etag = `"${crypto.createHash('sha256').update(text).digest('hex').slice(0, 32)}"`;
      const cache = state.mode === 'sdd-fresh' ? 'public, max-age=3600' : 'no-cache';
      const matched = req.headers['if-none-match'] === etag;
      state.sddRequests.push({ host: req.headers.host, ifNoneMatch: req.headers['if-none-match'] || null, status: matched ? 304 : 200 });
      if (matched) { res.writeHead(304, { ETag: etag, 'Cache-Control': cache }); return res.end(); }
      res.writeHead(200, { 'Content-Type': 'application/json', ETag: etag, 'Cache-Control': cache });
      return res.end(text);
    }
    if (path.startsWith('/ims/ob/v3p0/') && state.busy.count > 0) {
      state.busy.count--; state.busyServed++;
      const headers = state.busy.retryAfter === null ? {} : { 'Retry-After': state.busy.retryAfter };
      return send(res, 429, {
        imsx_codeMajor: 'failure', imsx_severity: 'error', imsx_description: 'The test system is busy.',
        imsx_codeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldName: 'TargetEndSystem', imsx_codeMinorFieldValue: 'server_busy' }] },
      }, headers);
    }
    if (req.method === 'GET' && path === '/.well-known/oauth-authorization-server')
      return send(res, 200, { issuer: origin, authorization_endpoint: `${origin}/oauth/authorize`, token_endpoint: `${origin}/oauth/token`, revocation_endpoint: `${origin}/oauth/revoke`, registration_endpoint: `${origin}/oauth/register` });
    if (req.method === 'POST' && path === '/oauth/register') return register(res, await body(req));
    if (req.method === 'GET' && path === '/oauth/authorize') return authorize(res, url);
    if (req.method === 'POST' && path === '/oauth/token') return token(req, res, await body(req));
    if (req.method === 'POST' && path === '/oauth/revoke') return revoke(req, res, await body(req));
    if (path === '/ims/ob/v3p0/credentials' && req.method === 'GET') { if (bearer(req, res, SCOPES[0])) credentials(req, res, url); return; }
    if (path === '/ims/ob/v3p0/credentials' && req.method === 'POST') { if (bearer(req, res, SCOPES[1])) await upsert(req, res); return; }
    if (path === '/ims/ob/v3p0/profile' && req.method === 'GET') { if (bearer(req, res, SCOPES[2])) send(res, 200, profile); return; }
    if (path === '/_control/mode' && req.method === 'POST') { state.mode = (await body(req)).trim() || 'normal'; return send(res, 200, { mode: state.mode }); }
    if (path === '/_control/add' && req.method === 'POST') {
      const text = (await body(req, 2 * 1024 * 1024)).trim();
      entries.push(text.startsWith('{') ? { kind: 'credential', value: JSON.parse(text) } : { kind: 'compactJwsString', value: text });
      return send(res, 200, { count: entries.length });
    }
    if (path === '/_control/busy' && req.method === 'POST') {
      const { count, retryAfter } = JSON.parse(await body(req));
      state.busy = { count: Number(count) || 0, retryAfter: retryAfter ?? null };
      return send(res, 200, state.busy);
    }
    if (path === '/_control/expire-tokens' && req.method === 'POST') { state.access.clear(); return send(res, 200, {}); }
    if (path === '/_control/state' && req.method === 'GET')
      return send(res, 200, { registrations: state.registrations, upserts: state.upserts, revoked: state.revoked, tokenRequests: state.tokenRequests, authorizations: state.authorizations, credentialRequests: state.credentialRequests, sddRequests: state.sddRequests, busyServed: state.busyServed });
    send(res, 404, { error: 'not_found' });
  } catch (e) {
    if (!res.headersSent) send(res, 400, { error: 'invalid_request', error_description: String(e.message) });
  }
});
server.listen(port, '127.0.0.1', () => {
  origin = `http://127.0.0.1:${server.address().port}`;
  console.log(`listening ${origin}`);
});
