// The page-replica reader: spreads, page turns, article hot zones, article panel, navigator, table of
// contents, back-issue calendar, search, zoom/pan/pinch/swipe and shareable addresses.
import * as api from './api.js';
import { el, svg } from './api.js';
import { t, setupSwitch } from './i18n.js';
import { attachGestures } from './gestures.js';
import { setupMenu } from './menu.js';

const $ = (id) => document.getElementById(id);
const stage = $('stage');
const viewport = $('viewport');
const spreadEl = $('spread');
const statusEl = $('status');

const state = {
  issue: null, // GET /api/issues/{id}
  spread: [], // page numbers shown
  zoom: 1, tx: 0, ty: 0,
  article: null, // the open article
  firstPaint: false,
  papers: [], // GET /api/papers: the titles with published issues and how to show them
};

const wide = () => innerWidth >= 800 && innerWidth > innerHeight;
const pageCount = () => state.issue?.pages?.length ?? 0;
const pageInfo = (n) => state.issue.pages.find((p) => p.number === n) ?? state.issue.pages[n - 1];

/** Spreads: the front page alone, then pairs (2-3, 4-5, …) on wide screens; one page each on phones. */
function spreadOf(n) {
  const c = pageCount();
  n = Math.min(Math.max(1, n), c);
  if (!wide() || n === 1) return [n];
  const first = n % 2 === 0 ? n : n - 1;
  return first + 1 <= c ? [first, first + 1] : [first];
}
const nextStart = () => state.spread[state.spread.length - 1] + 1;
const prevStart = () => state.spread[0] - 1;

function setStatus(text) {
  statusEl.textContent = text ?? '';
  statusEl.hidden = !text;
}

// ---------- routing: every view has an address ----------

/** A page's address: its readable one (/{title}/{date}/{版次}), which outlives a re-analysis of the issue. */
function pageUrl(n) { return pageInfo(n)?.address ?? `/issues/${state.issue.id}/pages/${n}`; }
const articleUrl = (a) => a.address ?? `/articles/${a.id}`;
function go(url, push) {
  if (location.pathname + location.search === url) return;
  if (push) history.pushState(null, '', url); else history.replaceState(null, '', url);
}

async function route() {
  const path = location.pathname;
  let m;
  try {
    if ((m = path.match(api.READABLE))) {
      const found = await api.byAddress(path);
      if (m[4]) { await openArticle(found.id, { push: false }); return; }
      closeArticle({ push: false, focus: false });
      await loadIssue(m[3] ? found.issueId : found.id);
      await show(m[3] ? found.number : 1, 0);
      return;
    }
    if ((m = path.match(/^\/articles\/(\d+)\/?$/))) {
      await openArticle(Number(m[1]), { push: false });
      return;
    }
    closeArticle({ push: false, focus: false });
    if ((m = path.match(/^\/issues\/(\d+)(?:\/pages\/(\d+))?\/?$/))) {
      await loadIssue(Number(m[1]));
      await show(Number(m[2] ?? 1), 0);
      return;
    }
    setStatus(t('loading'));
    let latest;
    try {
      latest = await api.latestIssue(false, new URLSearchParams(location.search).get('paper'));
    } catch (e) {
      if (e.status === 404) { setStatus(t('noIssue')); return; }
      throw e;
    }
    await loadIssue(latest.id);
    await show(1, 0);
  } catch (e) {
    setStatus(t('failed') + e.message);
  }
}

async function loadIssue(id) {
  if (state.issue?.id === id) return;
  state.issue = await api.issue(id);
  state.spread = [];
  document.body.dataset.issueId = id;
  $('thumbs').replaceChildren();
  const pdf = state.issue.pdfUrl;
  $('dl-issue').hidden = !pdf;
  if (pdf) $('dl-issue').href = pdf;
  renderInfo();
}

function renderInfo() {
  const i = state.issue;
  if (!i) return;
  const labels = state.spread.map((n) => { const p = pageInfo(n); return t('page', p?.label || t('pageN', n), p?.name); });
  $('issue-info').textContent = `${i.draft ? `${t('draftMark')} ` : ''}${t('issue', i.date, i.number, i.totalNumber)} · ${labels.join(' / ')}`;
  document.title = `${api.title(state.papers, i.paper).displayName || i.paper} ${i.date} ${labels.join(' / ')}`;
  renderTitle();
}

/** The header shows the issue's own paper (name, script, colour); a switcher lists the papers when there are several. */
function renderTitle() {
  const i = state.issue;
  if (!i) return;
  const tt = api.title(state.papers, i.paper);
  const several = state.papers.length > 1;
  const brand = $('brand');
  brand.textContent = tt.displayName || i.paper;
  brand.lang = tt.lang || 'zh-Hant';
  brand.href = several ? `/?${new URLSearchParams({ paper: i.paper })}` : '/';
  if (tt.colour) document.documentElement.style.setProperty('--title', tt.colour);
  else document.documentElement.style.removeProperty('--title');
  document.body.dataset.paper = i.paper;
  const sw = $('paper-switch');
  sw.hidden = !several;
  if (several && (sw.options.length !== state.papers.length || sw.value !== i.paper)) {
    sw.replaceChildren(...state.papers.map((p) => el('option', { value: p.name, lang: p.lang, text: p.displayName })));
    sw.value = i.paper;
  }
  const scope = $('search-paper');
  $('search-scope').hidden = !several;
  if (several && scope.options.length !== state.papers.length + 1) {
    scope.replaceChildren(el('option', { value: '', text: t('allPapers') }), ...state.papers.map((p) => el('option', { value: p.name, lang: p.lang, text: p.displayName })));
    scope.value = i.paper;
  }
}

// ---------- spreads and pages ----------

/** Shows the spread holding page n; dir is +1/-1 for a page-turn animation, 0 for none. */
async function show(n, dir, push = false) {
  if (!state.issue || !pageCount()) return;
  const pages = spreadOf(n);
  const same = pages.join() === state.spread.join();
  if (!same) {
    resetZoom();
    state.spread = pages;
    spreadEl.replaceChildren(...pages.map(figure));
    layout();
    if (dir) {
      spreadEl.classList.remove('turn-next', 'turn-prev');
      void spreadEl.offsetWidth; // restart the animation
      spreadEl.classList.add(dir > 0 ? 'turn-next' : 'turn-prev');
    }
    spreadEl.dataset.pages = pages.join(',');
    $('prev').disabled = pages[0] <= 1;
    $('next').disabled = pages[pages.length - 1] >= pageCount();
    const p = pageInfo(pages[0]);
    $('dl-page').hidden = !p.pdfUrl;
    if (p.pdfUrl) $('dl-page').href = p.pdfUrl;
    renderInfo();
    renderToc();
    markThumbs();
    setStatus('');
  }
  if (push !== null) go(pageUrl(n === pages[0] || pages.includes(n) ? n : pages[0]), push);
  await Promise.all(pages.map(regions));
  prefetch(nextStart());
}

function figure(n) {
  const p = pageInfo(n);
  const img = el('img', {
    src: p.screenUrl, alt: t('page', p.label || t('pageN', n), p.name), draggable: 'false',
    decoding: 'async', fetchpriority: 'high',
  });
  if (!state.firstPaint) {
    state.firstPaint = true;
    img.setAttribute('elementtiming', 'first-page');
    img.addEventListener('load', () => {
      img.decode().catch(() => {}).then(() => requestAnimationFrame(() => performance.mark('epaper:first-page')));
    }, { once: true });
  }
  const layer = svg('svg', { viewBox: '0 0 1 1', preserveAspectRatio: 'none', class: 'regions', role: 'group' });
  const fig = el('figure', { class: 'page', 'data-page': n }, img, layer);
  fig.dataset.ratio = (p.width || 842) / (p.height || 1191);
  return fig;
}

/** Fills a page's region layer: one focusable link per article, labelled with its title. */
async function regions(n) {
  const fig = spreadEl.querySelector(`figure[data-page="${n}"]`);
  const layer = fig?.querySelector('svg');
  if (!layer || layer.dataset.ready) return;
  let data;
  try { data = await api.page(state.issue.id, n); } catch { return; }
  layer.dataset.ready = '1';
  layer.setAttribute('aria-label', fig.querySelector('img').alt);
  // Issue 13: say where the page's text comes from when it is not the PDF's own.
  if (data.text?.recognised || data.text?.imageOnly) {
    fig.querySelector('.ocr-note')?.remove();
    fig.append(el('figcaption', { class: 'ocr-note', text: t(data.text.recognised ? 'ocrNote' : 'imageOnlyNote') }));
  }
  for (const a of (data.articles ?? []).filter(api.isReadable)) {
    const label = a.title || (api.kind(a.kind) === 'advertisement' ? t('ad') : t('untitled'));
    const d = api.rings(a.region).map((r) => `M${r.map((pt) => pt.join(' ')).join('L')}Z`).join('');
    const link = svg('a', { href: articleUrl(a), class: `region k-${api.kind(a.kind)}`, 'data-id': a.id, 'aria-label': label });
    const title = svg('title');
    title.textContent = label;
    link.append(title, svg('path', { d, 'fill-rule': 'evenodd' }));
    layer.append(link);
  }
  if (state.article && state.article.pageNumber === n) highlight(state.article.id, 'active');
  renderToc();
}

function layout() {
  const figs = [...spreadEl.children];
  if (!figs.length) return;
  const W = viewport.clientWidth, H = viewport.clientHeight;
  const ratio = Number(figs[0].dataset.ratio);
  const h = Math.max(100, Math.min(H - 12, (W - 8) / (figs.length * ratio)));
  for (const f of figs) {
    f.style.height = `${Math.floor(h)}px`;
    f.style.width = `${Math.floor(h * Number(f.dataset.ratio))}px`;
  }
}

/** Loads the next spread's screen images ahead of time (nothing further). */
function prefetch(n) {
  if (n > pageCount()) return;
  for (const m of spreadOf(n)) {
    const img = new Image();
    img.decoding = 'async';
    img.src = pageInfo(m).screenUrl;
    api.page(state.issue.id, m).catch(() => {});
  }
}

const flip = (dir) => {
  if (!state.issue) return;
  const n = dir > 0 ? nextStart() : prevStart();
  if (n < 1 || n > pageCount()) return;
  closeArticle({ push: false, focus: false });
  show(n, dir, true);
};

// ---------- articles ----------

function highlight(id, cls) {
  for (const r of spreadEl.querySelectorAll(`.region.${cls}`)) r.classList.remove(cls);
  if (id == null) return null;
  const r = spreadEl.querySelector(`.region[data-id="${id}"]`);
  r?.classList.add(cls);
  return r;
}

async function openArticle(id, { push = true } = {}) {
  const a = await api.article(id);
  await loadIssue(a.issueId);
  if (!state.spread.includes(a.pageNumber)) await show(a.pageNumber, 0, null);
  else await regions(a.pageNumber);
  state.article = a;
  highlight(a.id, 'active');
  fillArticle(a);
  const panel = $('article');
  panel.hidden = false;
  document.body.classList.add('reading');
  layout();
  go(articleUrl(a), push);
  panel.focus({ preventScroll: true });
  panel.scrollTop = 0;
}

function fillArticle(a) {
  const text = (id, v) => { const e = $(id); e.textContent = v ?? ''; e.hidden = !v; };
  text('a-kicker', a.kicker);
  text('a-title', a.title || t('untitled'));
  text('a-subtitle', a.subtitle);
  text('a-byline', a.byline);
  text('a-ocr', a.recognised ? t('ocrNote') : null);
  const body = Array.isArray(a.body) ? a.body : String(a.body ?? '').split(/\n+/);
  $('a-body').replaceChildren(...body.filter(Boolean).map((p) => el('p', { text: p })));
  const caps = a.captions ?? [];
  $('a-captions').replaceChildren(...caps.map((c) => el('li', { text: c })));
  $('a-captions').hidden = !caps.length;
  jumpLink('a-from', api.jump(a.continuedFrom, a.continuedFromPage), 'from');
  jumpLink('a-on', api.jump(a.continuedOn, a.continuedOnPage), 'on');
}

function jumpLink(id, j, key) {
  const e = $(id);
  e.replaceChildren();
  e.hidden = !j?.id;
  if (j?.id) e.append(el('a', { href: `/articles/${j.id}`, class: 'jump-link', 'data-id': j.id, text: t(key, j.page ?? '?') }));
}

function closeArticle({ push = true, focus = true } = {}) {
  const panel = $('article');
  if (panel.hidden) return;
  panel.hidden = true;
  document.body.classList.remove('reading');
  layout();
  const id = state.article?.id;
  state.article = null;
  const region = highlight(null, 'active') ?? spreadEl.querySelector(`.region[data-id="${id}"]`);
  if (state.issue && state.spread.length) go(pageUrl(state.spread[0]), push);
  if (focus) (region ?? stage).focus({ preventScroll: true });
}

/** The readable article before/after the open one, crossing to neighbouring pages. */
async function neighbour(dir) {
  const a = state.article;
  if (!a) return null;
  let n = a.pageNumber;
  let list = (await api.page(a.issueId, n)).articles.filter(api.isReadable);
  let i = list.findIndex((x) => x.id === a.id) + dir;
  while (i < 0 || i >= list.length) {
    n += dir;
    if (n < 1 || n > pageCount()) return null;
    list = (await api.page(a.issueId, n)).articles.filter(api.isReadable);
    i = dir > 0 ? 0 : list.length - 1;
  }
  return list[i];
}

/**
 * Shares a readable address: copied to the clipboard when the browser lets the page, and shown in a field either way
 * (selected, to copy by hand).
 */
async function share(path) {
  const url = new URL(path, location.origin).href;
  const box = $('share');
  const field = $('share-url');
  field.value = url;
  box.hidden = false;
  let copied = false;
  try { await navigator.clipboard.writeText(url); copied = true; } catch { /* no clipboard: the field is there */ }
  $('share-note').textContent = t(copied ? 'copied' : 'copyByHand');
  field.focus();
  field.select();
}

// ---------- table of contents, navigator, calendar, search ----------

async function renderToc() {
  if (!state.issue) return;
  const ul = $('toc');
  const groups = [];
  for (const n of state.spread) {
    const p = pageInfo(n);
    let data;
    try { data = await api.page(state.issue.id, n); } catch { continue; }
    const li = el('li', { class: 'toc-page' }, el('h3', { text: t('page', p.label || t('pageN', n), p.name), lang: 'zh-Hant' }));
    const inner = el('ul');
    for (const a of (data.articles ?? []).filter(api.isReadable)) {
      const link = el('a', { href: articleUrl(a), 'data-id': a.id, lang: 'zh-Hant', text: a.title || (api.kind(a.kind) === 'advertisement' ? t('ad') : t('untitled')) });
      inner.append(el('li', {}, link));
    }
    li.append(inner);
    groups.push(li);
  }
  ul.replaceChildren(...groups);
}

function renderThumbs() {
  const ol = $('thumbs');
  if (ol.children.length || !state.issue) { markThumbs(); return; }
  for (const p of state.issue.pages) {
    const label = t('page', p.label || t('pageN', p.number), p.name);
    ol.append(el('li', {}, el('a', { href: pageUrl(p.number), 'data-page': p.number },
      el('img', { src: p.thumbnailUrl, alt: '', loading: 'lazy', width: 120, height: Math.round(120 * (p.height || 1191) / (p.width || 842)) }),
      el('span', { text: label, lang: 'zh-Hant' }))));
  }
  markThumbs();
}
function markThumbs() {
  for (const a of $('thumbs').querySelectorAll('a')) {
    if (state.spread.includes(Number(a.dataset.page))) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

const cal = { y: 0, m: 0 };
async function renderCalendar() {
  const { y, m } = cal;
  $('cal-title').textContent = t('month', y, m + 1);
  const pad = (v) => String(v).padStart(2, '0');
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  let list = [];
  const q = { from: `${y}-${pad(m + 1)}-01`, to: `${y}-${pad(m + 1)}-${pad(last)}`, pageSize: 100 };
  if (state.issue?.paper) q.paper = state.issue.paper; // the back issues of the paper being read
  try { list = api.items(await api.issues(q)); } catch { /* empty month */ }
  const byDay = new Map(list.map((i) => [Number(String(i.date).slice(8, 10)), i]));
  const table = $('calendar');
  const head = el('tr', {}, ...t('week').map((d) => el('th', { scope: 'col', text: d })));
  const rows = [head];
  let row = el('tr');
  const startDay = new Date(Date.UTC(y, m, 1)).getUTCDay();
  for (let i = 0; i < startDay; i++) row.append(el('td'));
  for (let d = 1; d <= last; d++) {
    const i = byDay.get(d);
    const cell = el('td', {}, i ? el('a', { href: i.address ?? `/issues/${i.id}/pages/1`, class: 'has-issue', text: d, 'aria-label': String(i.date) }) : el('span', { text: d }));
    if (i && state.issue?.id === i.id) cell.firstChild.setAttribute('aria-current', 'date');
    row.append(cell);
    if ((startDay + d) % 7 === 0) { rows.push(row); row = el('tr'); }
  }
  if (row.children.length) rows.push(row);
  table.replaceChildren(...rows);
}

async function runSearch(q, pg = 1) {
  const panel = $('search-panel');
  openPanel('search-panel');
  $('results').replaceChildren();
  $('search-total').textContent = t('loading');
  try {
    const scope = $('search-scope').hidden ? null : $('search-paper').value || null;
    const r = await api.search(q, pg, scope);
    const list = api.items(r);
    $('search-total').textContent = list.length ? t('total', r.total ?? list.length) : t('none');
    $('results').replaceChildren(...list.map((h) => el('li', {},
      el('a', { href: h.address ?? `/articles/${h.articleId}`, 'data-id': h.articleId, class: 'result', lang: 'zh-Hant' },
        el('strong', { text: h.title || t('untitled') }),
        el('span', { class: 'meta', text: `${state.papers.length > 1 ? `${api.title(state.papers, h.paper).displayName} · ` : ''}${h.date} · ${t('onPage', h.pageNumber)}` }),
        el('span', { class: 'snippet' }, api.snippetNodes(h.snippet))))));
  } catch (e) {
    $('search-total').textContent = t('failed') + e.message;
  }
  panel.focus?.();
}

function openPanel(id) {
  const p = $(id);
  const btn = document.querySelector(`[aria-controls="${id}"]`);
  if (p.classList.contains('pop')) for (const o of document.querySelectorAll('.panel.pop')) if (o !== p) closePanel(o.id);
  p.hidden = false;
  btn?.setAttribute('aria-expanded', 'true');
  if (id === 'pages-panel') renderThumbs();
  requestAnimationFrame(layout);
}
function closePanel(id) {
  const p = $(id);
  p.hidden = true;
  document.querySelector(`[aria-controls="${id}"]`)?.setAttribute('aria-expanded', 'false');
  requestAnimationFrame(layout);
}
const togglePanel = (id) => ($(id).hidden ? openPanel(id) : closePanel(id));

// ---------- zoom ----------

/** Zoom goes up to the zoom image's own resolution (at least 2×, at most 6×). */
function maxZoom() {
  const f = spreadEl.firstElementChild;
  const p = f && pageInfo(Number(f.dataset.page));
  if (!p?.zoomWidth || !f.clientWidth) return 4;
  return Math.min(6, Math.max(2, p.zoomWidth / (f.clientWidth * (devicePixelRatio || 1)) * 1.5));
}
function applyZoom() {
  const W = viewport.clientWidth, H = viewport.clientHeight;
  state.tx = Math.min(0, Math.max(W * (1 - state.zoom), state.tx));
  state.ty = Math.min(0, Math.max(H * (1 - state.zoom), state.ty));
  spreadEl.style.transform = state.zoom === 1 ? '' : `translate(${state.tx}px, ${state.ty}px) scale(${state.zoom})`;
  stage.classList.toggle('zoomed', state.zoom > 1);
  if (state.zoom > 1.2) {
    for (const f of spreadEl.children) {
      const img = f.querySelector('img');
      const zoomUrl = pageInfo(Number(f.dataset.page))?.zoomUrl;
      if (zoomUrl && img.dataset.zoom !== '1') {
        img.dataset.zoom = '1';
        const hi = new Image();
        hi.onload = () => { img.src = zoomUrl; };
        hi.src = zoomUrl;
      }
    }
  }
}
function zoomAt(z, cx = viewport.clientWidth / 2, cy = viewport.clientHeight / 2) {
  z = Math.min(maxZoom(), Math.max(1, z));
  state.tx = cx - (cx - state.tx) * (z / state.zoom);
  state.ty = cy - (cy - state.ty) * (z / state.zoom);
  state.zoom = z;
  applyZoom();
}
function resetZoom() { state.zoom = 1; state.tx = 0; state.ty = 0; applyZoom(); }

// ---------- events ----------

/**
 * A mouse click on the page opens the article after a short wait, so that a double-click zooms instead of
 * opening an article first. Clicks without a pointer (Enter on a link: detail 0) act at once.
 */
let pendingClick = 0;
function onPageClick(e, action) {
  clearTimeout(pendingClick);
  if (e.detail > 1) return;
  if (e.detail === 0) { action(); return; }
  pendingClick = setTimeout(action, 250);
}

function wire() {
  setupMenu($('btn-more'), $('more-menu'));
  // Another paper: its newest issue, at an address of its own.
  $('paper-switch').addEventListener('change', (e) => location.assign(`/?${new URLSearchParams({ paper: e.target.value })}`));
  $('search-paper').addEventListener('change', () => { const q = $('search-q').value.trim(); if (q) runSearch(q); });
  $('prev').addEventListener('click', () => flip(-1));
  $('next').addEventListener('click', () => flip(1));
  $('zoom-in').addEventListener('click', () => zoomAt(state.zoom * 1.5));
  $('zoom-out').addEventListener('click', () => zoomAt(state.zoom / 1.5));
  $('btn-pages').addEventListener('click', () => togglePanel('pages-panel'));
  $('btn-toc').addEventListener('click', () => togglePanel('toc-panel'));
  $('btn-archive').addEventListener('click', () => {
    if ($('archive-panel').hidden) {
      const d = String(state.issue?.date ?? new Date().toISOString()).slice(0, 10).split('-').map(Number);
      cal.y = d[0]; cal.m = d[1] - 1;
      renderCalendar();
    }
    togglePanel('archive-panel');
  });
  $('cal-prev').addEventListener('click', () => { cal.m--; if (cal.m < 0) { cal.m = 11; cal.y--; } renderCalendar(); });
  $('cal-next').addEventListener('click', () => { cal.m++; if (cal.m > 11) { cal.m = 0; cal.y++; } renderCalendar(); });
  for (const b of document.querySelectorAll('[data-close]')) b.addEventListener('click', () => closePanel(b.dataset.close));
  $('search-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const q = $('search-q').value.trim();
    if (q) runSearch(q);
  });
  $('a-close').addEventListener('click', () => closeArticle());
  $('a-share').addEventListener('click', () => state.article && share(articleUrl(state.article)));
  $('share-page').addEventListener('click', () => state.issue && state.spread.length && share(pageUrl(state.spread[0])));
  $('share-close').addEventListener('click', () => { $('share').hidden = true; });
  $('a-prev').addEventListener('click', async () => { const n = await neighbour(-1); if (n) openArticle(n.id); });
  $('a-next').addEventListener('click', async () => { const n = await neighbour(1); if (n) openArticle(n.id); });

  // Links to articles and pages anywhere in the reader open in place, keeping the address in step.
  document.addEventListener('click', (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey) return;
    const a = e.target.closest('a[href]');
    if (!a) return;
    const href = a.getAttribute('href') ?? a.getAttribute('xlink:href');
    let m;
    if (a.dataset.id && (/^\/articles\/\d+$/.test(href) || href.match(api.READABLE)?.[4])) {
      e.preventDefault();
      if (a.closest('#search-panel')) closePanel('search-panel');
      const open = () => openArticle(Number(a.dataset.id)).catch((err) => setStatus(t('failed') + err.message));
      if (a.closest('#spread')) onPageClick(e, open); else open();
    } else if ((m = href.match(/^\/issues\/(\d+)\/pages\/(\d+)$/))) {
      e.preventDefault();
      if (a.closest('#archive-panel')) closePanel('archive-panel');
      closeArticle({ push: false, focus: false });
      loadIssue(Number(m[1])).then(() => show(Number(m[2]), 0, true)).catch((err) => setStatus(t('failed') + err.message));
    } else if (a.dataset.page && a.closest('#thumbs') && state.issue) {
      e.preventDefault();
      closeArticle({ push: false, focus: false });
      show(Number(a.dataset.page), 0, true);
    } else if (api.READABLE.test(href)) {
      // Another readable address (a back issue): followed in place, as a navigation would, without reloading.
      e.preventDefault();
      if (a.closest('#archive-panel')) closePanel('archive-panel');
      history.pushState(null, '', href);
      route();
    }
  });

  // A click on the page away from any drawn region asks the API what is there; the outer edges turn.
  spreadEl.addEventListener('click', async (e) => {
    const fig = e.target.closest('figure.page');
    if (!fig || state.zoom > 1) return;
    const box = fig.getBoundingClientRect();
    const x = (e.clientX - box.left) / box.width, y = (e.clientY - box.top) / box.height;
    const isFirst = fig === spreadEl.firstElementChild, isLast = fig === spreadEl.lastElementChild;
    const edge = isLast && x > 0.97 ? 1 : isFirst && x < 0.03 ? -1 : 0;
    if (edge) { e.preventDefault(); e.stopPropagation(); flip(edge); return; }
    if (e.target.closest('a')) return;
    onPageClick(e, async () => {
      const found = await api.hit(state.issue.id, Number(fig.dataset.page), x, y);
      if (found?.id != null) openArticle(found.id);
    });
  }, true);

  // Hover and focus in the table of contents outline the article on the page.
  const tocHl = (e) => { const a = e.target.closest('a[data-id]'); highlight(a && e.type !== 'mouseout' && e.type !== 'focusout' ? a.dataset.id : null, 'hl'); };
  for (const ev of ['mouseover', 'mouseout', 'focusin', 'focusout']) $('toc').addEventListener(ev, tocHl);

  document.addEventListener('keydown', (e) => {
    const typing = e.target.closest('input, textarea, select');
    if (e.key === 'Escape') {
      if (!$('article').hidden) { closeArticle(); e.preventDefault(); return; }
      const open = [...document.querySelectorAll('.panel.pop:not([hidden])')];
      if (open.length) { for (const p of open) closePanel(p.id); e.preventDefault(); return; }
      if (state.zoom > 1) resetZoom();
      return;
    }
    if (typing || e.altKey || e.ctrlKey || e.metaKey) return;
    // SVG links do not turn Enter into a click by themselves.
    const region = e.target.closest?.('a.region');
    if (region && (e.key === 'Enter' || e.key === ' ')) {
      e.preventDefault();
      openArticle(Number(region.dataset.id)).catch((err) => setStatus(t('failed') + err.message));
      return;
    }
    if (e.key === 'ArrowRight' || e.key === 'PageDown') { flip(1); e.preventDefault(); }
    else if (e.key === 'ArrowLeft' || e.key === 'PageUp') { flip(-1); e.preventDefault(); }
    else if (e.key === '+' || e.key === '=') zoomAt(state.zoom * 1.5);
    else if (e.key === '-') zoomAt(state.zoom / 1.5);
  });

  attachGestures(viewport, {
    zoom: () => state.zoom,
    zoomAt,
    pan: (dx, dy) => { state.tx += dx; state.ty += dy; applyZoom(); },
    swipe: (dir) => flip(dir),
    doubleTap: (x, y) => (state.zoom > 1 ? resetZoom() : zoomAt(2.5, x, y)),
  });

  let lastWide = wide();
  addEventListener('resize', () => {
    if (wide() !== lastWide && state.issue && state.spread.length) {
      lastWide = wide();
      const n = state.spread[0];
      state.spread = [];
      show(n, 0, null);
    }
    layout();
    applyZoom();
  });
  addEventListener('popstate', route);
}

setupSwitch(() => { $('search-paper').replaceChildren(); renderInfo(); renderToc(); $('thumbs').replaceChildren(); if (!$('pages-panel').hidden) renderThumbs(); for (const l of spreadEl.querySelectorAll('svg')) { delete l.dataset.ready; l.replaceChildren(); } state.spread.forEach(regions); if (state.article) fillArticle(state.article); });
wire();
route();
api.papers().then((list) => { state.papers = list; renderInfo(); });
