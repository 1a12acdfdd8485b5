'use strict';
(async () => {
  const s = await Portal.session();
  Portal.header(s);
  if (s.role === 'admin') {
    // Admins work no tasks (the task API refuses their session): only the way to the admin page.
    document.getElementById('admin-link').hidden = false;
    document.getElementById('admin-note').hidden = false;
    document.body.dataset.state = 'ready';
    return;
  }
  const list = document.getElementById('tasks');
  const next = document.getElementById('next');

  async function refresh() {
    const r = await Portal.api('GET', '/labeling/api/tasks');
    if (!r.ok) {
      document.getElementById('status').textContent = (r.data && r.data.error) || 'HTTP ' + r.status;
      return;
    }
    const { tasks, counts } = r.data;
    document.getElementById('open-count').textContent = counts.open;
    document.getElementById('answered-count').textContent = counts.answered;
    document.getElementById('declined-count').textContent = counts.declined;
    list.replaceChildren(...tasks.map(t => {
      const link = Portal.el('a', { href: '/labeling/tasks/' + encodeURIComponent(t.taskId), text: t.title });
      const draft = localStorage.getItem(Portal.draftKey(s.worker, t.taskId)) ? Portal.el('span', { class: 'tag', text: 'draft' }) : '';
      const until = Portal.el('span', { class: 'muted', text: ` ${t.jobName} #${t.dataObjectIndex} · until ${new Date(t.expiresAt).toLocaleString()} ` });
      return Portal.el('li', { dataset: { taskId: t.taskId } }, link, until, draft);
    }));
    document.getElementById('empty').hidden = tasks.length > 0;
    next.disabled = tasks.length === 0;
    next.onclick = () => { if (tasks.length) location.href = '/labeling/tasks/' + encodeURIComponent(tasks[0].taskId); };
    document.body.dataset.state = 'ready';
  }

  await refresh();
  setInterval(refresh, 15000);
})();
