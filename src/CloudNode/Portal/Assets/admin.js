'use strict';
// The admin page: jobs, labelers, auto-label precision and a gallery of the dataset, all read from the admin API
// (/labeling/api/admin/...). Boxes are drawn as elements in percent of the image, so they fit whatever size the card has.
(async () => {
  const $ = id => document.getElementById(id);
  const el = Portal.el;
  const api = '/labeling/api/admin';
  const status = (text, kind) => { const p = $('status'); p.textContent = text; p.dataset.kind = kind || 'info'; };
  const fail = (r, what) => status(`${what}: ${(r.data && r.data.error) || 'HTTP ' + r.status}`, 'error');
  const when = t => t ? new Date(t).toLocaleString() : '';
  const percent = (x, digits = 1) => (x * 100).toFixed(digits) + ' %';
  const cell = (text, cls) => el('td', cls ? { class: cls, text: String(text) } : { text: String(text) });

  const s = await Portal.session();
  Portal.header(s);
  if (s.role !== 'admin') {
    status('This page is for the admin: sign out, then sign in as "admin" with the node\'s admin token.', 'error');
    document.body.dataset.state = 'error';
    document.body.dataset.httpStatus = '403';
    return;
  }

  // ?limit=N sets the gallery's page size (the API allows 1-100).
  const pageSize = Math.min(Math.max(Number(new URLSearchParams(location.search).get('limit')) || 24, 1), 100);
  const gallery = { offset: 0, total: 0 };
  const picker = $('project');

  // ---- jobs (and each project's queue) ----
  async function jobs() {
    const r = await Portal.api('GET', api + '/jobs');
    if (!r.ok) { fail(r, 'Jobs'); return false; }
    if (!picker.options.length) {
      for (const p of r.data.projects) picker.append(el('option', { value: p.project, text: p.project }));
    }
    $('queues').textContent = r.data.projects.map(p => p.labeling
      ? `${p.project}: ${p.labeling.pending} image(s) waiting for a batch` +
        (p.labeling.oldestPendingAt ? ` (oldest since ${when(p.labeling.oldestPendingAt)})` : '') + `, ${p.labeling.jobs} job(s) started`
      : `${p.project}: labeling queue not available`).join(' · ');
    $('alerts').replaceChildren(...r.data.projects.flatMap(p => (p.labeling ? p.labeling.alerts : []).map(a => el('li', { text: `${p.project}: ${a}` }))));
    $('jobs').tBodies[0].replaceChildren(...r.data.jobs.map(j => {
      const c = j.labelCounters;
      const done = c.totalLabeled + c.failedNonRetryableError;
      const bar = el('progress', { max: String(Math.max(j.dataObjects, 1)), value: String(done) });
      return el('tr', { dataset: { job: j.name, status: j.status } },
        cell(j.name), cell(j.project || ''), el('td', {}, el('span', { class: 'job-status s-' + j.status.toLowerCase(), text: j.status })),
        el('td', { class: 'progress' }, bar, ` ${done}/${j.dataObjects}`),
        cell(c.totalLabeled, 'num'), cell(c.humanLabeled, 'num'), cell(c.machineLabeled, 'num'),
        cell(c.failedNonRetryableError, 'num'), cell(c.unlabeled, 'num'),
        cell(when(j.createdAt)), cell(when(j.lastModifiedAt)), cell(j.failureReason || '', 'reason'));
    }));
    $('jobs-empty').hidden = r.data.jobs.length > 0;
    return true;
  }

  // ---- labelers (computed by the embedded service) ----
  async function labelers() {
    const r = await Portal.api('GET', api + '/labelers');
    if (!r.ok) { fail(r, 'Labelers'); return false; }
    $('labelers').tBodies[0].replaceChildren(...r.data.labelers.map(l => el('tr', { dataset: { worker: l.worker } },
      cell(l.worker), cell(l.open, 'num'), cell(l.answered, 'num'), cell(l.declined, 'num'), cell(l.expired, 'num'),
      cell(l.answeredLastHour, 'num'),
      cell(l.medianSecondsPerTask === null ? '–' : l.medianSecondsPerTask.toFixed(1) + ' s', 'num'),
      cell(l.meanAgreement === null ? '–' : percent(l.meanAgreement), 'num'),
      cell(l.agreementObjects, 'num'))));
    return true;
  }

  // ---- precision of the auto-labels, from audits ----
  async function precision() {
    const r = await Portal.api('GET', `${api}/datasets/${encodeURIComponent(picker.value)}/precision`);
    if (!r.ok) { fail(r, 'Precision'); return false; }
    $('precision').tBodies[0].replaceChildren(...r.data.precision.map(p => el('tr', { dataset: { class: p.class, model: p.modelId } },
      cell(p.class), cell(p.modelId), cell(p.modelVersion || ''), cell(p.machineBoxes, 'num'), cell(p.matched, 'num'),
      cell(percent(p.precision), 'num'), cell(`${percent(p.lower)} – ${percent(p.upper)}`, 'num'))));
    $('precision-empty').hidden = r.data.precision.length > 0;
    return true;
  }

  // ---- the gallery ----
  const colours = new Map(); // one colour per class name across the page, in the order classes show up
  const classOf = label => {
    if (!colours.has(label)) colours.set(label, 'c' + (colours.size % 9));
    return colours.get(label);
  };
  function boxElement(image, b) {
    const machine = b.source === 'machine';
    const text = machine
      ? `${b.label} · ${b.modelId}${b.score !== null ? ' ' + b.score.toFixed(2) : ''}`
      : `${b.label} · ${b.workers.length ? b.workers.join(', ') : 'human'}`;
    const title = machine ? `${text} (model version ${b.modelVersion || 'unknown'})` : `${text}${b.jobName ? ' (job ' + b.jobName + ')' : ''}`;
    const box = el('div', {
      class: `box ${machine ? 'machine' : 'human'} ${classOf(b.label)}`, title,
      dataset: { source: b.source, label: b.label, model: b.modelId || '', score: b.score === null ? '' : String(b.score), workers: b.workers.join(',') },
    }, el('span', { class: 'box-label', text }));
    // Percent of the image: the card's frame has the image's aspect ratio. (Style properties set from script are
    // allowed by the CSP; style attributes in markup are not.)
    box.style.left = (100 * b.left / image.width) + '%';
    box.style.top = (100 * b.top / image.height) + '%';
    box.style.width = (100 * b.width / image.width) + '%';
    box.style.height = (100 * b.height / image.height) + '%';
    return box;
  }
  function placeholder(frame, image, why) {
    frame.querySelector('img')?.remove();
    frame.classList.add('placeholder');
    frame.prepend(el('span', { class: 'placeholder-text', text: `${image.width}×${image.height}\n${why}` }));
  }
  function card(image) {
    const frame = el('div', { class: 'frame' });
    frame.style.aspectRatio = `${image.width} / ${image.height}`;
    const figure = el('figure', { class: 'image-card', dataset: { contentId: image.contentId, status: image.status, image: 'pending' } }, frame,
      el('figcaption', {},
        el('span', { class: 'tag s-' + image.status, text: image.status }), ` ${image.site}/${image.camera} · ${when(image.capturedAt)}`,
        el('br'), el('span', { class: 'muted', text: `${image.contentId.slice(0, 12)} · ${image.boxes.length} box(es)` })));
    if (image.imageUrl) {
      const img = el('img', { alt: `image ${image.contentId.slice(0, 12)}` });
      img.addEventListener('load', () => { figure.dataset.image = 'loaded'; });
      img.addEventListener('error', () => { figure.dataset.image = 'missing'; placeholder(frame, image, 'not in the cloud\'s store'); });
      img.src = image.imageUrl;
      frame.append(img);
    } else {
      figure.dataset.image = 'missing';
      placeholder(frame, image, 'not uploaded yet');
    }
    frame.append(...image.boxes.map(b => boxElement(image, b)));
    return figure;
  }
  async function page() {
    const q = new URLSearchParams({ offset: String(gallery.offset), limit: String(pageSize) });
    if ($('status-filter').value) q.set('status', $('status-filter').value);
    const r = await Portal.api('GET', `${api}/datasets/${encodeURIComponent(picker.value)}/images?${q}`);
    if (!r.ok) { fail(r, 'Dataset'); return false; }
    gallery.total = r.data.total;
    $('gallery').replaceChildren(...r.data.images.map(card));
    const last = Math.min(gallery.offset + r.data.images.length, gallery.total);
    $('page-info').textContent = gallery.total ? `${gallery.offset + 1}–${last} of ${gallery.total}` : 'no images';
    $('prev').disabled = gallery.offset === 0;
    $('next').disabled = last >= gallery.total;
    $('gallery').dataset.offset = String(gallery.offset);
    $('gallery').dataset.total = String(gallery.total);
    return true;
  }

  // ---- sites: each edge's latest report to this node (outbox depth, state, delivery) ----
  const bytes = n => n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1048576).toFixed(1)} MiB`;
  const age = sec => sec == null ? '' : sec < 60 ? `${Math.round(sec)} s` : sec < 3600 ? `${Math.round(sec / 60)} min` : `${(sec / 3600).toFixed(1)} h`;
  async function sites() {
    const r = await Portal.api('GET', api + '/sites');
    if (!r.ok) { fail(r, 'Sites'); return false; }
    $('sites-table').tBodies[0].replaceChildren(...r.data.sites.map(x => el('tr', { dataset: { site: x.site, state: x.outbox.state, stale: String(x.stale) } },
      cell(x.site), cell(x.outbox.pending, 'num'), cell(bytes(x.outbox.pendingBytes), 'num'), cell(age(x.outbox.oldestAgeSeconds), 'num'),
      el('td', {}, el('span', { class: 'job-status s-' + (x.outbox.state === 'running' ? 'completed' : 'failed'), text: x.outbox.state })),
      cell(x.outbox.uploaded, 'num'), cell(x.outbox.failed, 'num'), cell(x.delivery ? x.delivery.pending : '', 'num'),
      cell(x.decisions.total, 'num'), cell(`${x.model.id} ${x.model.version || ''}`.trim()),
      cell(when(x.receivedAt) + (x.stale ? ' (stale)' : ''), x.stale ? 'reason' : ''), cell(x.outbox.lastError || '', 'reason'))));
    $('sites-empty').hidden = r.data.sites.length > 0;
    return true;
  }

  $('status-filter').addEventListener('change', async () => { gallery.offset = 0; await page(); });
  $('prev').addEventListener('click', async () => { gallery.offset = Math.max(0, gallery.offset - pageSize); await page(); });
  $('next').addEventListener('click', async () => { gallery.offset += pageSize; await page(); });
  picker.addEventListener('change', async () => { gallery.offset = 0; await Promise.all([precision(), page()]); });

  const ok = await jobs();
  const rest = await Promise.all([labelers(), sites(), ok ? precision() : false, ok ? page() : false]);
  document.body.dataset.state = ok && rest.every(Boolean) ? 'ready' : 'error';
  setInterval(() => { jobs(); labelers(); sites(); }, 15000);
})();
