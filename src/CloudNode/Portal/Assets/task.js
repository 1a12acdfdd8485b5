'use strict';
// The task page: the image with the model's boxes, edited on a canvas, answered in Ground Truth's worker-answer shape
// (image pixels). Every change is autosaved to localStorage under the task id, so a reload loses nothing.
(async () => {
  const $ = id => document.getElementById(id);
  const taskId = decodeURIComponent(location.pathname.split('/').pop());
  const s = await Portal.session();
  Portal.header(s);
  const status = (text, kind) => { const p = $('status'); p.textContent = text; p.dataset.kind = kind || 'info'; };

  const res = await Portal.api('GET', '/labeling/api/tasks/' + encodeURIComponent(taskId));
  if (!res.ok) {
    $('title').textContent = res.status === 404 ? 'No such task'
      : res.status === 403 ? 'This task is not yours'
      : res.status === 409 ? 'This task is no longer open' : 'The task cannot be loaded';
    status((res.data && res.data.error) || 'HTTP ' + res.status, 'error');
    document.body.dataset.state = 'error';
    document.body.dataset.httpStatus = String(res.status);
    return;
  }
  const task = res.data;
  $('title').textContent = task.title;
  $('description').textContent = task.description;
  $('expires').textContent = 'Open until ' + new Date(task.expiresAt).toLocaleString();
  const labels = task.labels;
  const picker = $('label');
  labels.forEach((l, i) => picker.append(Portal.el('option', { value: l, text: (i < 9 ? (i + 1) + ' ' : '') + l })));

  const img = new Image();
  img.src = task.imageUrl;
  try { await img.decode(); } catch {
    status('The image cannot be loaded.', 'error');
    document.body.dataset.state = 'error';
    return;
  }
  const W = task.imageSize ? task.imageSize.width : img.naturalWidth;
  const H = task.imageSize ? task.imageSize.height : img.naturalHeight;

  // ---- the boxes (image pixels), the draft, undo ----
  const key = Portal.draftKey(s.worker, taskId);
  const fromModel = (task.preAnnotations || []).map(p => ({
    label: typeof p.label === 'string' ? p.label : (labels[p.class_id] || labels[0]),
    left: p.left, top: p.top, width: p.width, height: p.height,
    source: 'model', score: typeof p.score === 'number' ? p.score : null, edited: false,
  }));
  let boxes = fromModel;
  let restored = false;
  try {
    const draft = JSON.parse(localStorage.getItem(key) || 'null');
    if (draft && Array.isArray(draft.boxes)) { boxes = draft.boxes; restored = true; }
  } catch { localStorage.removeItem(key); }
  // A timer against the job's TaskTimeLimitInSeconds, from when this labeler first opened the task (kept beside the
  // draft, so a reload does not restart it).
  const startedKey = key + '.started';
  const started = Number(localStorage.getItem(startedKey)) || Date.now();
  localStorage.setItem(startedKey, String(started));
  if (task.taskTimeLimitSeconds > 0) {
    const timer = $('timer');
    const tick = () => {
      const left = Math.round((started + task.taskTimeLimitSeconds * 1000 - Date.now()) / 1000);
      timer.textContent = left > 0 ? `Time left: ${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}` : 'Time limit passed: submit now';
      timer.dataset.kind = left > 60 ? 'info' : 'warn';
    };
    tick();
    setInterval(tick, 1000);
  }
  let selected = boxes.length ? 0 : -1;
  let current = labels[0];
  const undo = [];
  const snapshot = () => JSON.stringify(boxes);
  function changed(before) {
    if (before === snapshot()) return;
    undo.push(before);
    if (undo.length > 200) undo.shift();
    localStorage.setItem(key, JSON.stringify({ boxes, savedAt: new Date().toISOString() }));
    list();
  }
  function undoLast() {
    if (!undo.length) return;
    boxes = JSON.parse(undo.pop());
    if (selected >= boxes.length) selected = boxes.length - 1;
    localStorage.setItem(key, JSON.stringify({ boxes, savedAt: new Date().toISOString() }));
    list();
    draw();
  }

  // ---- the view: canvas px = offset + image px * scale ----
  const stage = $('stage');
  const canvas = $('canvas');
  const ctx = canvas.getContext('2d');
  const view = { scale: 1, ox: 0, oy: 0, fitted: true };
  const toImage = e => {
    const r = canvas.getBoundingClientRect();
    return { x: (e.clientX - r.left - view.ox) / view.scale, y: (e.clientY - r.top - view.oy) / view.scale };
  };
  const clampX = x => Math.min(Math.max(x, 0), W);
  const clampY = y => Math.min(Math.max(y, 0), H);
  function fit() {
    const cw = stage.clientWidth, ch = stage.clientHeight;
    view.scale = Math.min(cw / W, ch / H);
    view.ox = (cw - W * view.scale) / 2;
    view.oy = (ch - H * view.scale) / 2;
    view.fitted = true;
    draw();
  }
  function zoom(factor, cx, cy) {
    if (cx === undefined) { cx = stage.clientWidth / 2; cy = stage.clientHeight / 2; }
    const scale = Math.min(Math.max(view.scale * factor, 0.05), 32);
    view.ox = cx - (cx - view.ox) * (scale / view.scale);
    view.oy = cy - (cy - view.oy) * (scale / view.scale);
    view.scale = scale;
    view.fitted = false;
    draw();
  }
  function actualSize() { zoom(1 / view.scale); }

  const palette = ['#ff453a', '#32d74b', '#0a84ff', '#ff9f0a', '#bf5af2', '#64d2ff', '#ffd60a', '#ff375f', '#30d158'];
  const colorOf = label => palette[Math.max(labels.indexOf(label), 0) % palette.length];
  const caption = (b, i) => `${i + 1} ${b.label}` + (b.source === 'model' ? ` · model${b.score !== null ? ' ' + b.score.toFixed(2) : ''}${b.edited ? ' · edited' : ''}` : ' · human');

  function draw() {
    const dpr = window.devicePixelRatio || 1;
    const cw = stage.clientWidth, ch = stage.clientHeight;
    if (canvas.width !== Math.round(cw * dpr) || canvas.height !== Math.round(ch * dpr)) {
      canvas.width = Math.round(cw * dpr);
      canvas.height = Math.round(ch * dpr);
    }
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = '#1c1c1e';
    ctx.fillRect(0, 0, cw, ch);
    ctx.imageSmoothingEnabled = view.scale < 2; // zoomed in: show the real pixels
    ctx.drawImage(img, view.ox, view.oy, W * view.scale, H * view.scale);
    ctx.font = '12px system-ui, sans-serif';
    boxes.forEach((b, i) => paint(b, caption(b, i), i === selected));
    if (drag && drag.mode === 'draw' && drag.box) paint(drag.box, current, true);
    canvas.dataset.scale = String(view.scale);
    canvas.dataset.offsetX = String(view.ox);
    canvas.dataset.offsetY = String(view.oy);
    $('zoom').textContent = Math.round(view.scale * 100) + '%';
  }
  function paint(b, text, isSelected) {
    const x = view.ox + b.left * view.scale, y = view.oy + b.top * view.scale;
    const w = b.width * view.scale, h = b.height * view.scale;
    ctx.strokeStyle = colorOf(b.label);
    ctx.lineWidth = isSelected ? 3 : 2;
    ctx.setLineDash(b.source === 'model' && !b.edited ? [6, 4] : []);
    ctx.strokeRect(x, y, w, h);
    ctx.setLineDash([]);
    const tw = ctx.measureText(text).width + 8;
    ctx.fillStyle = colorOf(b.label);
    ctx.fillRect(x, y - 16 < 0 ? y : y - 16, tw, 16);
    ctx.fillStyle = '#000';
    ctx.fillText(text, x + 4, (y - 16 < 0 ? y : y - 16) + 12);
    if (isSelected) for (const [cx, cy] of corners(b)) {
      ctx.fillStyle = '#fff';
      ctx.fillRect(view.ox + cx * view.scale - 4, view.oy + cy * view.scale - 4, 8, 8);
    }
  }
  const corners = b => [[b.left, b.top], [b.left + b.width, b.top], [b.left, b.top + b.height], [b.left + b.width, b.top + b.height]];

  function list() {
    const ol = $('boxes');
    ol.replaceChildren(...boxes.map((b, i) => {
      const li = Portal.el('li', {
        dataset: {
          index: String(i), label: b.label, source: b.source, score: b.score === null ? '' : String(b.score), edited: String(b.edited),
          left: String(b.left), top: String(b.top), width: String(b.width), height: String(b.height),
        },
        class: i === selected ? 'selected' : '',
      }, Portal.el('span', { class: 'swatch c' + (Math.max(labels.indexOf(b.label), 0) % palette.length) }),
      `${b.label} · ${Math.round(b.left)},${Math.round(b.top)} ${Math.round(b.width)}×${Math.round(b.height)} · ` +
        (b.source === 'model' ? `model${b.score !== null ? ' ' + b.score.toFixed(2) : ''}${b.edited ? ' (edited)' : ''}` : 'human'));
      li.addEventListener('click', () => { select(i); });
      return li;
    }));
    $('count').textContent = String(boxes.length);
  }
  function select(i) {
    selected = boxes.length ? ((i % boxes.length) + boxes.length) % boxes.length : -1;
    if (selected >= 0) { current = boxes[selected].label; picker.value = current; }
    list();
    draw();
  }
  function setLabel(label) {
    current = label;
    picker.value = label;
    if (selected >= 0 && boxes[selected].label !== label) {
      const before = snapshot();
      boxes[selected] = { ...boxes[selected], label, edited: true };
      changed(before);
    }
    draw();
  }
  function remove() {
    if (selected < 0) return;
    const before = snapshot();
    boxes.splice(selected, 1);
    selected = Math.min(selected, boxes.length - 1);
    changed(before);
    draw();
  }

  // ---- the mouse: draw on the image, move a box by its inside, resize by a corner, pan with Space/middle button ----
  let drag = null;
  let space = false;
  function hitCorner(e) {
    if (selected < 0) return -1;
    const r = canvas.getBoundingClientRect();
    return corners(boxes[selected]).findIndex(([cx, cy]) =>
      Math.abs(e.clientX - r.left - (view.ox + cx * view.scale)) <= 8 && Math.abs(e.clientY - r.top - (view.oy + cy * view.scale)) <= 8);
  }
  function hitBox(p) {
    const inside = b => p.x >= b.left && p.x <= b.left + b.width && p.y >= b.top && p.y <= b.top + b.height;
    if (selected >= 0 && inside(boxes[selected])) return selected;
    for (let i = boxes.length - 1; i >= 0; i--) if (inside(boxes[i])) return i;
    return -1;
  }
  canvas.addEventListener('pointerdown', e => {
    canvas.focus();
    canvas.setPointerCapture(e.pointerId);
    const p = toImage(e);
    if (e.button === 1 || space) { drag = { mode: 'pan', x: e.clientX, y: e.clientY, ox: view.ox, oy: view.oy }; return; }
    if (e.button !== 0) return;
    const corner = hitCorner(e);
    if (corner >= 0) {
      const b = boxes[selected];
      const [fx, fy] = corners(b)[3 - corner]; // the opposite corner stays put
      drag = { mode: 'resize', before: snapshot(), fx, fy };
      return;
    }
    const hit = hitBox(p);
    if (hit >= 0) {
      select(hit);
      drag = { mode: 'move', before: snapshot(), start: p, orig: { ...boxes[hit] } };
      return;
    }
    drag = { mode: 'draw', start: { x: clampX(p.x), y: clampY(p.y) }, box: null };
  });
  canvas.addEventListener('pointermove', e => {
    if (!drag) return;
    const p = toImage(e);
    if (drag.mode === 'pan') {
      view.ox = drag.ox + e.clientX - drag.x;
      view.oy = drag.oy + e.clientY - drag.y;
      view.fitted = false;
    } else if (drag.mode === 'move') {
      const o = drag.orig;
      const left = Math.min(Math.max(o.left + p.x - drag.start.x, 0), W - o.width);
      const top = Math.min(Math.max(o.top + p.y - drag.start.y, 0), H - o.height);
      boxes[selected] = { ...boxes[selected], left, top, edited: true };
    } else if (drag.mode === 'resize') {
      boxes[selected] = { ...boxes[selected], ...rect(drag.fx, drag.fy, clampX(p.x), clampY(p.y)), edited: true };
    } else if (drag.mode === 'draw') {
      drag.box = { label: current, ...rect(drag.start.x, drag.start.y, clampX(p.x), clampY(p.y)), source: 'human', score: null, edited: false };
    }
    draw();
  });
  const rect = (x1, y1, x2, y2) => ({ left: Math.min(x1, x2), top: Math.min(y1, y2), width: Math.abs(x2 - x1), height: Math.abs(y2 - y1) });
  function endDrag() {
    if (!drag) return;
    const d = drag;
    drag = null;
    if (d.mode === 'move' || d.mode === 'resize') {
      const b = boxes[selected];
      if (b.width < 2 || b.height < 2) boxes = JSON.parse(d.before); // a box squashed flat is undone, not kept
      else if (d.mode === 'move' && b.left === d.orig.left && b.top === d.orig.top) boxes[selected] = d.orig; // a click, not a move
      changed(d.before);
    } else if (d.mode === 'draw' && d.box && d.box.width * view.scale >= 4 && d.box.height * view.scale >= 4) {
      const before = snapshot();
      boxes.push(d.box);
      selected = boxes.length - 1;
      changed(before);
    }
    draw();
  }
  canvas.addEventListener('pointerup', endDrag);
  canvas.addEventListener('pointercancel', endDrag);
  canvas.addEventListener('wheel', e => {
    e.preventDefault();
    const r = canvas.getBoundingClientRect();
    zoom(Math.pow(1.0015, -e.deltaY), e.clientX - r.left, e.clientY - r.top);
  }, { passive: false });
  canvas.addEventListener('contextmenu', e => e.preventDefault());

  // ---- answer, skip ----
  let busy = false;
  let emptyArmed = 0;
  function answer() {
    const boundingBoxes = boxes.map(b => {
      const left = Math.round(clampX(b.left)), top = Math.round(clampY(b.top));
      const right = Math.round(clampX(b.left + b.width)), bottom = Math.round(clampY(b.top + b.height));
      return { label: b.label, left, top, width: right - left, height: bottom - top };
    }).filter(b => b.width > 0 && b.height > 0);
    return { boundingBox: { boundingBoxes, inputImageProperties: { width: W, height: H } } };
  }
  async function finish(kind) {
    if (busy) return;
    busy = true;
    status(kind === 'skip' ? 'Skipping…' : 'Submitting…');
    const r = kind === 'skip'
      ? await Portal.api('POST', '/labeling/api/tasks/' + encodeURIComponent(taskId) + '/decline')
      : await Portal.api('POST', task.answerUrl, kind === 'nothing' ? { boundingBox: { boundingBoxes: [], inputImageProperties: { width: W, height: H } } } : answer());
    if (!r.ok) {
      busy = false;
      status((r.data && r.data.error) || 'HTTP ' + r.status, 'error');
      return;
    }
    localStorage.removeItem(key);
    localStorage.removeItem(startedKey);
    document.body.dataset.state = kind === 'skip' ? 'skipped' : 'submitted';
    status(kind === 'skip' ? 'Skipped.' : 'Submitted.', 'ok');
    const next = await Portal.api('GET', '/labeling/api/tasks');
    const t = next.ok && next.data.tasks.find(x => x.taskId !== taskId);
    location.href = t ? '/labeling/tasks/' + encodeURIComponent(t.taskId) : '/labeling/';
  }
  function submit() {
    if (boxes.length === 0 && Date.now() - emptyArmed > 5000) {
      emptyArmed = Date.now();
      status('No boxes: press Enter again (or "Nothing to label") to answer that there is nothing to label.');
      return;
    }
    finish(boxes.length === 0 ? 'nothing' : 'answer');
  }
  function skip() {
    if (confirm('Skip this task? It will not come back to you.')) finish('skip');
  }

  // ---- keys ----
  document.addEventListener('keydown', e => {
    if (e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement) return;
    if (e.target instanceof HTMLSelectElement && !(e.key === 'Enter')) return;
    if (e.key === ' ') { space = true; e.preventDefault(); return; }
    if ((e.ctrlKey || e.metaKey) && (e.key === 'z' || e.key === 'Z')) { e.preventDefault(); undoLast(); return; }
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === 'Tab' || e.key === ']' || e.key === 'n') { e.preventDefault(); select(selected + (e.shiftKey && e.key === 'Tab' ? -1 : 1)); }
    else if (e.key === '[' || e.key === 'p') { e.preventDefault(); select(selected - 1); }
    else if (/^[1-9]$/.test(e.key)) { const i = Number(e.key) - 1; if (i < labels.length) setLabel(labels[i]); }
    else if (e.key === 'Delete' || e.key === 'Backspace') { e.preventDefault(); remove(); }
    else if (e.key === 'Enter') { e.preventDefault(); submit(); }
    else if (e.key === 's' || e.key === 'S') { e.preventDefault(); skip(); }
    else if (e.key === '+' || e.key === '=') zoom(1.25);
    else if (e.key === '-') zoom(0.8);
    else if (e.key === '0') fit();
    else if (e.key === 'Escape') { drag = null; selected = -1; list(); draw(); }
  });
  document.addEventListener('keyup', e => { if (e.key === ' ') space = false; });

  picker.addEventListener('change', () => { setLabel(picker.value); canvas.focus(); });
  $('zoom-in').addEventListener('click', () => zoom(1.25));
  $('zoom-out').addEventListener('click', () => zoom(0.8));
  $('zoom-fit').addEventListener('click', fit);
  $('zoom-actual').addEventListener('click', actualSize);
  $('undo').addEventListener('click', undoLast);
  $('delete').addEventListener('click', remove);
  $('nothing').addEventListener('click', () => finish('nothing'));
  $('skip').addEventListener('click', skip);
  $('submit').addEventListener('click', submit);
  new ResizeObserver(() => { if (view.fitted) fit(); else draw(); }).observe(stage);

  picker.value = selected >= 0 ? boxes[selected].label : current;
  current = picker.value;
  list();
  fit();
  canvas.focus();
  if (restored) status('Your draft of this task was restored.', 'ok');
  document.body.dataset.restored = String(restored);
  document.body.dataset.state = 'ready';
})();
