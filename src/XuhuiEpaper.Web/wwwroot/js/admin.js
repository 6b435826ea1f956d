// Archivist: token sign-in (session storage), drag-and-drop upload with live job progress, the list of
// issues with edit, analyse-again and delete, and a review view that draws the detected regions over every page.
import * as api from './api.js';
import { el, svg } from './api.js';
import { t, setupSwitch } from './i18n.js';
import { openEditor, wireEditor, relabel } from './editor.js';

const $ = (id) => document.getElementById(id);
const KEY = 'epaper.adminToken';
const token = () => sessionStorage.getItem(KEY);
let file = null;

function authed(init = {}) {
  return { ...init, headers: { Accept: 'application/json', ...(init.headers ?? {}), Authorization: `Bearer ${token()}` } };
}

function showSignedIn() {
  const ok = !!token();
  $('login').hidden = ok;
  $('work').hidden = !ok;
  $('sign-out').hidden = !ok;
  if (ok) loadIssues(); else $('token').focus();
}

function unauthorized() {
  sessionStorage.removeItem(KEY);
  showSignedIn();
  $('login-error').textContent = t('badToken');
}

// ---------- upload ----------

function pick(f) {
  file = f ?? null;
  $('drop-text').textContent = file ? `${file.name} (${Math.round(file.size / 1024)} KB)` : t('drop');
}

function setJob(state, done, total, error) {
  $('job').hidden = false;
  const bar = $('job-progress');
  if (total > 0) { bar.max = total; bar.value = done; } else if (state === 'succeeded') { bar.max = 1; bar.value = 1; } else if (state === 'failed') { bar.max = 1; bar.value = 0; } else bar.removeAttribute('value');
  const names = { queued: t('queued'), running: t('running'), succeeded: t('succeeded'), failed: t('failedState') };
  const s = $('job-state');
  s.dataset.state = state;
  s.className = state === 'succeeded' ? 'ok' : '';
  s.textContent = `${names[state] ?? state}${total > 0 ? ` ${done}/${total}` : ''}`;
  $('job-error').textContent = error ?? '';
}

/** Reads a job answer or event: { state, progress: { done, total } | number, error }. */
function readJob(j) {
  const p = j.progress;
  const done = typeof p === 'object' && p ? (p.done ?? 0) : (j.done ?? (typeof p === 'number' ? p : 0));
  const total = typeof p === 'object' && p ? (p.total ?? 0) : (j.total ?? 0);
  return { state: String(j.state ?? 'running').toLowerCase(), done, total, error: j.error ?? null, issueId: j.issueId ?? null };
}

const terminal = (s) => s === 'succeeded' || s === 'failed';

async function upload(e) {
  e.preventDefault();
  if (!file) { setJob('failed', 0, 0, t('noFile')); return; }
  const form = new FormData();
  form.append('file', file, file.name);
  if ($('up-date').value) form.append('date', $('up-date').value);
  if ($('up-number').value) form.append('number', $('up-number').value);
  if ($('up-paper').value.trim()) form.append('paper', $('up-paper').value.trim());
  if ($('up-replace').checked) form.append('replace', 'true');
  $('up-go').disabled = true;
  setJob('queued', 0, 0);
  try {
    const res = await fetch('/api/issues', authed({ method: 'POST', body: form }));
    if (res.status === 401) { unauthorized(); return; }
    if (!res.ok) { setJob('failed', 0, 0, await api.problemText(res)); return; }
    const body = await res.json();
    const job = await follow(body.jobId ?? body.id);
    if (job.state === 'succeeded') loadIssues();
  } catch (err) {
    setJob('failed', 0, 0, err.message);
  } finally {
    $('up-go').disabled = false;
  }
}

/** Follows a job through its server-sent events (read with fetch, so the token can be sent); polls when they fail. */
async function follow(jobId) {
  let last = { state: 'queued', done: 0, total: 0 };
  try {
    const res = await fetch(`/api/jobs/${jobId}/events`, authed({ headers: { Accept: 'text/event-stream' } }));
    if (res.ok && res.body) {
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buf = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += value;
        let i;
        while ((i = buf.search(/\r?\n\r?\n/)) >= 0) {
          const chunk = buf.slice(0, i);
          buf = buf.slice(buf[i] === '\r' ? i + 4 : i + 2);
          const data = chunk.split(/\r?\n/).filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('\n');
          if (!data) continue;
          try { last = readJob(JSON.parse(data)); } catch { continue; }
          setJob(last.state, last.done, last.total, last.error);
          if (terminal(last.state)) { reader.cancel().catch(() => {}); return last; }
        }
      }
    }
  } catch { /* fall back to polling */ }
  for (;;) {
    const res = await fetch(`/api/jobs/${jobId}`, authed());
    if (res.status === 401) { unauthorized(); return last; }
    if (res.ok) {
      last = readJob(await res.json());
      setJob(last.state, last.done, last.total, last.error);
      if (terminal(last.state)) return last;
    }
    await new Promise((r) => setTimeout(r, 400));
  }
}

// ---------- issues: list, edit, delete ----------

async function loadIssues() {
  const table = $('issues');
  $('list-msg').textContent = t('loading');
  let list;
  // With the token the list holds the drafts too, first (review before publishing).
  try { list = api.items(await api.getJson('/api/issues?pageSize=100', authed())); } catch (e) { $('list-msg').textContent = t('failed') + e.message; return; }
  $('list-msg').textContent = list.length ? '' : t('noIssue');
  const head = el('tr', {}, ...['date', 'paper', 'number', 'totalNumber', 'pagesCount', 'state', 'actions'].map((k) => el('th', { scope: 'col', text: t(k) })));
  table.replaceChildren(el('thead', {}, head), el('tbody', {}, ...list.map((i) => el('tr', { 'data-issue-id': i.id, 'data-draft': i.draft ? 'true' : 'false' },
    el('td', {}, el('a', { href: `/issues/${i.id}/pages/1`, text: i.date })),
    el('td', { text: i.paper ?? '', lang: 'zh-Hant' }),
    el('td', { text: i.number ?? '' }),
    el('td', { text: i.totalNumber ?? '' }),
    el('td', { text: i.pageCount ?? '' }),
    el('td', { class: i.draft ? 'draft' : 'ok', text: i.draft ? t('draft') : t('published') }),
    el('td', { class: 'acts' },
      i.draft ? button(t('publish'), () => publish(i, true), 'publish') : button(t('unpublish'), () => publish(i, false), 'unpublish'),
      button(t('review'), () => review(i.id), 'review'),
      button(t('regions'), () => openEditor(i.id, { auth: authed, unauthorized }), 'regions'),
      button(t('edit'), () => edit(i.id), 'edit'),
      button(t('again'), () => again(i), 'again'),
      button(t('del'), () => remove(i), 'delete'))))));
}

function button(text, onClick, action) {
  const b = el('button', { type: 'button', 'data-action': action, text });
  b.addEventListener('click', onClick);
  return b;
}

let editing = null;
async function edit(id) {
  const i = await api.getJson(`/api/issues/${id}`, authed());
  editing = i;
  $('edit').hidden = false;
  $('edit-h').textContent = `${t('edit')} · ${i.date}`;
  $('ed-date').value = i.date;
  $('ed-number').value = i.number ?? '';
  $('ed-total').value = i.totalNumber ?? '';
  $('ed-pages').replaceChildren(...i.pages.map((p) => el('label', {},
    el('span', { text: p.label || t('pageN', p.number) }),
    el('input', { type: 'text', 'data-page': p.number, value: p.name ?? '', lang: 'zh-Hant' }))));
  $('edit-msg').textContent = '';
  $('ed-date').focus();
}

async function save(e) {
  e.preventDefault();
  const i = editing;
  const int = (v) => (v === '' ? null : Number(v));
  const body = {
    date: $('ed-date').value,
    number: int($('ed-number').value),
    totalNumber: int($('ed-total').value),
    pages: [...$('ed-pages').querySelectorAll('input')].map((x) => ({ number: Number(x.dataset.page), name: x.value })),
  };
  const res = await fetch(`/api/issues/${i.id}`, authed({ method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }));
  if (res.status === 401) { unauthorized(); return; }
  $('edit-msg').textContent = res.ok ? t('saved') : t('failed') + await api.problemText(res);
  $('edit-msg').className = res.ok ? 'ok' : 'error';
  if (res.ok) loadIssues();
}

/** Analyses and renders the issue's kept PDF anew (after an upgrade), keeping its metadata; progress shows in the job panel. */
async function again(i) {
  if (!confirm(t('confirmAgain', i.date))) return;
  setJob('queued', 0, 0);
  const res = await fetch(`/api/issues/${i.id}/reingest`, authed({ method: 'POST' }));
  if (res.status === 401) { unauthorized(); return; }
  if (!res.ok) { setJob('failed', 0, 0, await api.problemText(res)); return; }
  const job = await follow((await res.json()).jobId);
  if (editing?.id === i.id) $('edit').hidden = true;
  if (job.state === 'succeeded') loadIssues();
}

/** Publishes a draft (readers see it from now) or withdraws a published issue to a draft. */
async function publish(i, on) {
  const res = await fetch(`/api/issues/${i.id}/${on ? 'publish' : 'unpublish'}`, authed({ method: 'POST' }));
  if (res.status === 401) { unauthorized(); return; }
  const msg = res.ok ? (on ? t('publishedNow') : t('unpublishedNow')) : t('failed') + await api.problemText(res);
  await loadIssues();
  $('list-msg').textContent = msg;
}

async function remove(i) {
  if (!confirm(t('confirmDelete', i.date))) return;
  const res = await fetch(`/api/issues/${i.id}`, authed({ method: 'DELETE' }));
  if (res.status === 401) { unauthorized(); return; }
  $('list-msg').textContent = res.ok ? t('deleted') : t('failed') + await api.problemText(res);
  if (editing?.id === i.id) $('edit').hidden = true;
  loadIssues();
}

// ---------- review: the detected regions over each page ----------

async function review(id) {
  const i = await api.getJson(`/api/issues/${id}`, authed());
  $('review').hidden = false;
  $('review-h').textContent = `${t('review')} · ${i.date}`;
  const kinds = t('kinds');
  $('legend').replaceChildren(...Object.entries(kinds).map(([k, v]) => el('span', {}, el('span', { class: `lg k-${k}` }), v)));
  const figs = await Promise.all(i.pages.map(async (p) => {
    const data = await api.getJson(`/api/issues/${id}/pages/${p.number}`, authed());
    const layer = svg('svg', { viewBox: '0 0 1 1', preserveAspectRatio: 'none', class: 'rv', role: 'img', 'aria-label': `${p.label ?? ''} ${p.name ?? ''}` });
    for (const a of data.articles ?? []) {
      const k = api.kind(a.kind);
      const g = svg('g', { class: `k-${k}` });
      const title = svg('title');
      title.textContent = `${kinds[k] ?? k}: ${a.title ?? ''}`;
      const d = api.rings(a.region).map((r) => `M${r.map((pt) => pt.join(' ')).join('L')}Z`).join('');
      g.append(title, svg('path', { d, 'fill-rule': 'evenodd' }));
      layer.append(g);
    }
    return el('figure', { 'data-page': p.number },
      el('div', { class: 'frame' }, el('img', { src: p.screenUrl, alt: '', loading: 'lazy' }), layer),
      el('figcaption', { lang: 'zh-Hant', text: `${p.label ?? t('pageN', p.number)} ${p.name ?? ''} · ${(data.articles ?? []).length}` }));
  }));
  $('review-pages').replaceChildren(...figs);
  $('review').scrollIntoView({ behavior: 'smooth', block: 'start' });
}

// ---------- wiring ----------

$('login-form').addEventListener('submit', (e) => {
  e.preventDefault();
  sessionStorage.setItem(KEY, $('token').value.trim());
  $('login-error').textContent = '';
  showSignedIn();
});
$('sign-out').addEventListener('click', () => { sessionStorage.removeItem(KEY); showSignedIn(); });
$('file').addEventListener('change', () => pick($('file').files[0]));
const drop = $('drop');
drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => { e.preventDefault(); drop.classList.remove('over'); pick(e.dataTransfer.files[0]); });
$('upload-form').addEventListener('submit', upload);
$('edit-form').addEventListener('submit', save);
$('ed-cancel').addEventListener('click', () => { $('edit').hidden = true; editing = null; });

wireEditor();
setupSwitch(() => { pick(file); relabel(); if (token()) loadIssues(); });
showSignedIn();
