'use strict';
// Shared by every portal page: the session (and its CSRF token), the task API, the page header.
const Portal = (() => {
  let csrf = null;

  /** The signed-in labeler ({worker, csrfToken}); sends the browser to the sign-in page when there is none. */
  async function session() {
    const r = await fetch('/labeling/api/session', { credentials: 'same-origin', cache: 'no-store' });
    if (r.status === 401) {
      location.href = '/labeling/signin?next=' + encodeURIComponent(location.pathname);
      return new Promise(() => {}); // the page is going away
    }
    if (!r.ok) throw new Error('session: HTTP ' + r.status);
    const s = await r.json();
    csrf = s.csrfToken;
    return s;
  }

  /** One JSON request; state-changing ones carry the session's CSRF token. Never throws on an HTTP status. */
  async function api(method, url, body) {
    const headers = { 'Accept': 'application/json' };
    if (method !== 'GET' && csrf) headers['X-EdgeLabel-CSRF'] = csrf;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let r;
    try {
      r = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin', cache: 'no-store' });
    } catch (e) {
      return { status: 0, ok: false, data: { error: 'the node cannot be reached (' + e.message + ')' } };
    }
    if (r.status === 401) {
      location.href = '/labeling/signin?next=' + encodeURIComponent(location.pathname);
      return new Promise(() => {});
    }
    let data = null;
    try { data = await r.json(); } catch { data = null; }
    return { status: r.status, ok: r.ok, data };
  }

  /** Fills the page header's "signed in as" and wires its sign-out button. */
  function header(s) {
    const who = document.getElementById('who');
    if (who) who.textContent = s.worker;
    const out = document.getElementById('signout');
    if (out) out.addEventListener('click', async () => {
      await api('POST', '/labeling/api/session/end');
      location.href = '/labeling/signin';
    });
  }

  function el(tag, props, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (k === 'dataset') Object.assign(e.dataset, v);
      else if (k === 'text') e.textContent = v;
      else e.setAttribute(k, v);
    }
    for (const c of children) e.append(c);
    return e;
  }

  const draftKey = (worker, taskId) => `edgelabel.draft.${worker}.${taskId}`;

  return { session, api, header, el, draftKey };
})();
