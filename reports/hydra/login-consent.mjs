// The login-and-consent app Ory Hydra needs (Hydra has no user store or pages of its own): HTML
// forms for sign-in and consent that accept or reject Hydra's login and consent requests through
// its admin API, then send the browser on to the `redirect_to` Hydra returns. Node 20, no
// dependencies. One user (alice); consent is never remembered, so every flow asks.
//
//   HYDRA_ADMIN=http://127.0.0.1:9406 PORT=9407 node login-consent.mjs
import http from 'node:http';

const ADMIN = process.env.HYDRA_ADMIN ?? 'http://127.0.0.1:9406';
const PORT = Number(process.env.PORT ?? 9407);
const USER = process.env.HYDRA_USER ?? 'alice';
const PASSWORD = process.env.HYDRA_USER_PASSWORD ?? 'alice-pass-123';

const escape = (s) =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

// Hydra's admin API: GET a login/consent request, PUT its accept or reject.
async function admin(method, flow, action, challenge, body) {
  const path = action ? `${flow}/${action}` : flow;
  const url = `${ADMIN}/admin/oauth2/auth/requests/${path}?${flow}_challenge=${encodeURIComponent(challenge)}`;
  const res = await fetch(url, {
    method,
    headers: body ? { 'Content-Type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(`${method} ${flow} ${action ?? ''}: HTTP ${res.status} ${JSON.stringify(json)}`);
  return json;
}

function page(res, status, title, body) {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    // RFC 9700 §4.16: the pages that ask for credentials and consent cannot be framed.
    'X-Frame-Options': 'DENY',
    'Content-Security-Policy': "frame-ancestors 'none'",
  });
  res.end(`<!doctype html><html><head><title>${escape(title)}</title></head><body><h1>${escape(title)}</h1>${body}</body></html>`);
}

const redirect = (res, location) => {
  res.writeHead(302, { Location: location, 'Cache-Control': 'no-store' });
  res.end();
};

async function form(req) {
  let data = '';
  for await (const chunk of req) {
    data += chunk;
    if (data.length > 64 * 1024) throw new Error('form too large');
  }
  return new URLSearchParams(data);
}

function loginForm(res, challenge, error) {
  page(res, error ? 401 : 200, 'Sign in', `
    ${error ? `<p role="alert">${escape(error)}</p>` : ''}
    <form method="post" action="/login">
      <input type="hidden" name="login_challenge" value="${escape(challenge)}">
      <label>Username <input type="text" name="username" autocomplete="username"></label>
      <label>Password <input type="password" name="password" autocomplete="current-password"></label>
      <button type="submit">Sign in</button>
    </form>`);
}

async function handle(req, res) {
  const url = new URL(req.url, `http://${req.headers.host}`);
  if (url.pathname === '/login' && req.method === 'GET') {
    const challenge = url.searchParams.get('login_challenge');
    if (!challenge) return page(res, 400, 'Bad request', '<p>No login_challenge.</p>');
    await admin('GET', 'login', null, challenge);
    return loginForm(res, challenge);
  }
  if (url.pathname === '/login' && req.method === 'POST') {
    const f = await form(req);
    const challenge = f.get('login_challenge') ?? '';
    if (f.get('username') !== USER || f.get('password') !== PASSWORD) {
      return loginForm(res, challenge, 'Wrong username or password.');
    }
    const done = await admin('PUT', 'login', 'accept', challenge, { subject: USER, remember: false });
    return redirect(res, done.redirect_to);
  }
  if (url.pathname === '/consent' && req.method === 'GET') {
    const challenge = url.searchParams.get('consent_challenge');
    if (!challenge) return page(res, 400, 'Bad request', '<p>No consent_challenge.</p>');
    const c = await admin('GET', 'consent', null, challenge);
    const client = c.client?.client_name || c.client?.client_id || 'an application';
    const scopes = (c.requested_scope ?? []).map((s) => `<li>${escape(s)}</li>`).join('');
    return page(res, 200, 'Authorize access', `
      <p>${escape(client)} (${escape(c.client?.client_id ?? '')}) asks for access to your account:</p>
      <ul>${scopes}</ul>
      <form method="post" action="/consent">
        <input type="hidden" name="consent_challenge" value="${escape(challenge)}">
        <button type="submit" name="decision" value="allow">Allow</button>
        <button type="submit" name="decision" value="deny">Deny</button>
      </form>`);
  }
  if (url.pathname === '/consent' && req.method === 'POST') {
    const f = await form(req);
    const challenge = f.get('consent_challenge') ?? '';
    if (f.get('decision') === 'allow') {
      const c = await admin('GET', 'consent', null, challenge);
      const done = await admin('PUT', 'consent', 'accept', challenge, {
        grant_scope: c.requested_scope ?? [],
        grant_access_token_audience: c.requested_access_token_audience ?? [],
        remember: false,
      });
      return redirect(res, done.redirect_to);
    }
    const done = await admin('PUT', 'consent', 'reject', challenge, {
      error: 'access_denied',
      error_description: 'The resource owner denied the request',
      status_code: 403,
    });
    return redirect(res, done.redirect_to);
  }
  if (url.pathname === '/error') {
    const e = url.searchParams;
    return page(res, 400, 'Error', `<p>${escape(e.get('error') ?? 'error')}: ${escape(e.get('error_description') ?? '')}</p>`);
  }
  return page(res, 404, 'Not found', '');
}

http
  .createServer((req, res) => {
    handle(req, res).catch((err) => {
      // A challenge Hydra does not know (expired, used) or Hydra unreachable.
      if (!res.headersSent) page(res, 400, 'Error', `<p>${escape(err.message)}</p>`);
    });
  })
  .listen(PORT, '127.0.0.1', () => console.log(`login-consent app on http://127.0.0.1:${PORT}`));
