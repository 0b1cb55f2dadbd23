// Minimal plain-OAuth 2.0 authorization server built on panva's oidc-provider.
// Loopback only. Everything is in memory and reset on restart.
//
// Interactions (login + consent) are a tiny custom implementation served on
// /interaction/:uid, because the library's built-in devInteractions accept
// any username/password; here only the fixed test user can log in.
import * as crypto from 'node:crypto';
import * as http from 'node:http';

import Provider from 'oidc-provider';

const HOST = '127.0.0.1';
const PORT = Number(process.env.PORT || 9401);
const ISSUER = `http://${HOST}:${PORT}`;

// The fixed test user.
const USERS = new Map([
  ['alice', { password: 'alice-pass-123', sub: 'alice', name: 'Alice Example', email: 'alice@example.test' }],
]);

// Same three clients as the other servers in reports/.
const clients = [
  {
    client_id: 'conf-client',
    client_secret: 'conf-client-secret',
    client_name: 'Confidential client 1',
    // oidc-provider stores ONE method per client, but for a registered
    // client_secret_basic/_post client it accepts either of the two (see NOTES.md).
    token_endpoint_auth_method: 'client_secret_basic',
    redirect_uris: ['http://127.0.0.1:9999/cb', 'http://127.0.0.1:9999/cb2', 'https://client.example/cb'],
    grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
    response_types: ['code'],
    scope: 'openid offline_access read write',
  },
  {
    client_id: 'conf-client-2',
    client_secret: 'conf-client-2-secret',
    client_name: 'Confidential client 2',
    token_endpoint_auth_method: 'client_secret_post',
    redirect_uris: ['http://127.0.0.1:9999/cb'],
    grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
    response_types: ['code'],
    scope: 'openid offline_access read write',
  },
  {
    client_id: 'public-client',
    client_name: 'Public client (PKCE)',
    token_endpoint_auth_method: 'none',
    // oidc-provider defaults application_type to "web"; a web client with
    // auth method none is allowed, and PKCE is then required (pkce.required).
    redirect_uris: ['http://127.0.0.1:9999/cb'],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    scope: 'openid offline_access read write',
  },
];

// Ephemeral signing key (only used if someone asks for an id_token with scope=openid).
const signingKey = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ format: 'jwk' });

const configuration = {
  clients,
  jwks: { keys: [{ ...signingKey, kid: 'eval-key-1', use: 'sig', alg: 'RS256' }] },
  cookies: { keys: ['oauth2spec-report-cookie-key-not-secret'] },
  // Recognised scopes. Without "read"/"write" here they would be silently dropped.
  scopes: ['openid', 'offline_access', 'read', 'write'],
  claims: { openid: ['sub'], email: ['email'], profile: ['name'] },
  features: {
    devInteractions: { enabled: false }, // replaced by the small forms below
    clientCredentials: { enabled: true },
    introspection: { enabled: true },
    revocation: { enabled: true },
    // left at library defaults: PAR (enabled), DPoP (enabled), resourceIndicators (enabled),
    // userinfo (enabled), rpInitiatedLogout (enabled).
  },
  // Plain OAuth: by default oidc-provider only issues refresh tokens when the
  // (OIDC) scope offline_access was granted, and drops offline_access unless
  // prompt=consent is also sent. For a plain OAuth client we issue a refresh
  // token whenever the client is allowed the refresh_token grant.
  async issueRefreshToken(ctx, client, code) {
    return client.grantTypeAllowed('refresh_token');
  },
  // PKCE: required for public clients (library default); optional for
  // confidential ones (also the library default, spelled out here).
  pkce: {
    required: (ctx, client) => client.clientAuthMethod === 'none',
  },
  ttl: {
    AccessToken: 3600,
    AuthorizationCode: 60,
    ClientCredentials: 600,
    IdToken: 3600,
    RefreshToken: 14 * 24 * 3600,
    Interaction: 3600,
    Session: 14 * 24 * 3600,
    Grant: 14 * 24 * 3600,
  },
  interactions: {
    url: (ctx, interaction) => `/interaction/${interaction.uid}`,
  },
  async findAccount(ctx, sub) {
    const user = [...USERS.values()].find((u) => u.sub === sub);
    if (!user) return undefined;
    return {
      accountId: sub,
      async claims() {
        return { sub, name: user.name, email: user.email };
      },
    };
  },
};

const provider = new Provider(ISSUER, configuration);

// --------------------------------------------------------------------------
// Minimal interaction pages (login + consent). Plain node:http, no framework.
// --------------------------------------------------------------------------

const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
}[c]));

function page(title, body) {
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${esc(title)}</title></head>
<body><h1>${esc(title)}</h1>
${body}
</body></html>`;
}

function send(res, status, html) {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(html);
}

async function readForm(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function loginPage(uid, clientId, error) {
  return page('Sign-in', `
${error ? `<p class="error">${esc(error)}</p>` : ''}
<p>Client: <code>${esc(clientId)}</code></p>
<form method="post" action="/interaction/${esc(uid)}/login" autocomplete="off">
  <label>Username <input type="text" name="username" required autofocus></label>
  <label>Password <input type="password" name="password" required></label>
  <button type="submit" name="action" value="login">Sign-in</button>
</form>
<form method="post" action="/interaction/${esc(uid)}/abort">
  <button type="submit" name="action" value="abort">Cancel</button>
</form>`);
}

function consentPage(uid, clientId, details) {
  const scopes = [...new Set([
    ...(details.missingOIDCScope || []),
    ...Object.values(details.missingResourceScopes || {}).flat(),
  ])];
  return page('Authorize', `
<p>Client <code>${esc(clientId)}</code> is requesting access.</p>
<ul>${scopes.map((s) => `<li>${esc(s)}</li>`).join('') || '<li>(no new scopes)</li>'}</ul>
<form method="post" action="/interaction/${esc(uid)}/confirm">
  <button type="submit" name="decision" value="allow">Allow</button>
  <button type="submit" name="decision" value="deny">Deny</button>
</form>`);
}

async function handleInteraction(req, res, url) {
  const m = url.pathname.match(/^\/interaction\/([^/]+)(?:\/(login|confirm|abort))?$/);
  if (!m) return false;
  const [, uid, action] = m;

  let details;
  try {
    details = await provider.interactionDetails(req, res);
  } catch (err) {
    send(res, 400, page('Error', `<p>${esc(err.message)}</p>`));
    return true;
  }
  if (details.uid !== uid) {
    send(res, 400, page('Error', '<p>interaction mismatch</p>'));
    return true;
  }
  const { prompt, params, session, grantId } = details;

  if (req.method === 'GET' && !action) {
    if (prompt.name === 'login') send(res, 200, loginPage(uid, params.client_id));
    else if (prompt.name === 'consent') send(res, 200, consentPage(uid, params.client_id, prompt.details));
    else send(res, 501, page('Error', `<p>unsupported prompt ${esc(prompt.name)}</p>`));
    return true;
  }

  if (req.method !== 'POST') {
    send(res, 405, page('Error', '<p>method not allowed</p>'));
    return true;
  }

  const form = await readForm(req);

  if (action === 'abort') {
    await provider.interactionFinished(req, res, {
      error: 'access_denied', error_description: 'End-User aborted interaction',
    }, { mergeWithLastSubmission: false });
    return true;
  }

  if (action === 'login') {
    if (prompt.name !== 'login') {
      send(res, 400, page('Error', '<p>not expecting login</p>'));
      return true;
    }
    const user = USERS.get(form.get('username') || '');
    if (!user || user.password !== form.get('password')) {
      send(res, 200, loginPage(uid, params.client_id, 'Invalid username or password.'));
      return true;
    }
    await provider.interactionFinished(req, res, {
      login: { accountId: user.sub },
    }, { mergeWithLastSubmission: false });
    return true;
  }

  if (action === 'confirm') {
    if (prompt.name !== 'consent') {
      send(res, 400, page('Error', '<p>not expecting consent</p>'));
      return true;
    }
    if (form.get('decision') !== 'allow') {
      await provider.interactionFinished(req, res, {
        error: 'access_denied', error_description: 'End-User denied the authorization request',
      }, { mergeWithLastSubmission: false });
      return true;
    }
    const grant = grantId
      ? await provider.Grant.find(grantId)
      : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
    const d = prompt.details;
    if (d.missingOIDCScope) grant.addOIDCScope(d.missingOIDCScope.join(' '));
    if (d.missingOIDCClaims) grant.addOIDCClaims(d.missingOIDCClaims);
    if (d.missingResourceScopes) {
      for (const [indicator, scopes] of Object.entries(d.missingResourceScopes)) {
        grant.addResourceScope(indicator, scopes.join(' '));
      }
    }
    const newGrantId = await grant.save();
    await provider.interactionFinished(req, res, {
      consent: { grantId: newGrantId },
    }, { mergeWithLastSubmission: true });
    return true;
  }

  send(res, 404, page('Error', '<p>not found</p>'));
  return true;
}

const providerCallback = provider.callback();

const server = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url, ISSUER);
    if (url.pathname.startsWith('/interaction/')) {
      await handleInteraction(req, res, url);
      return;
    }
    providerCallback(req, res);
  } catch (err) {
    console.error(err);
    if (!res.headersSent) send(res, 500, page('Error', '<p>internal error</p>'));
    else res.end();
  }
});

provider.on('server_error', (ctx, err) => console.error('server_error', err));

server.listen(PORT, HOST, () => {
  console.log(`oidc-provider listening on ${ISSUER}`);
  console.log(`discovery: ${ISSUER}/.well-known/openid-configuration`);
});
