'use strict';
(() => {
  const form = document.getElementById('signin-form');
  const message = document.getElementById('message');
  const next = new URLSearchParams(location.search).get('next');
  // Only back into the portal (never an open redirect).
  const target = next && next.startsWith('/labeling/') && !next.startsWith('//') ? next : '/labeling/';
  form.addEventListener('submit', async e => {
    e.preventDefault();
    message.textContent = '';
    const body = { worker: form.worker.value.trim(), password: form.password.value };
    let r;
    try {
      r = await fetch('/labeling/api/session', {
        method: 'POST', credentials: 'same-origin', cache: 'no-store',
        headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' }, body: JSON.stringify(body),
      });
    } catch (err) {
      message.textContent = 'The node cannot be reached: ' + err.message;
      return;
    }
    if (r.ok) {
      // The admin goes to the admin page unless a page sent them here.
      let role = 'labeler';
      try { role = (await r.json()).role; } catch { role = 'labeler'; }
      location.href = role === 'admin' && !next ? '/labeling/admin' : target;
      return;
    }
    let data = null;
    try { data = await r.json(); } catch { data = null; }
    form.password.value = '';
    message.textContent = (data && data.error) || (r.status === 429 ? 'Too many attempts: wait a minute.' : 'Sign-in failed (HTTP ' + r.status + ').');
    message.dataset.status = String(r.status);
  });
})();
