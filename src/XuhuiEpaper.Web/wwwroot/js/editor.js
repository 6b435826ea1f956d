// Region editor: the archivist corrects what the finder got wrong on one page at a time. Regions are drawn over the
// page image; the list on the right selects them (click or arrow keys), ticks them for a merge, and the panel below
// splits, moves blocks, redraws, adds, deletes, changes the kind and fixes the header text. Every change goes to the
// API as one edit, which answers with the page's new layout; the edit log undoes any edit, or resets the page.
import * as api from './api.js';
import { el, svg } from './api.js';
import { lang } from './i18n.js';

const TEXT = {
  zh: {
    title: (d) => `校正区域 · ${d}`, close: '关闭', edited: '已校正', notEdited: '未校正（自动识别结果）',
    regions: '区域', merge: (n) => `合并所选（${n}）`, add: '新增区域', reset: '恢复本版原样', undoLast: '撤销上一步',
    kind: '类型', kicker: '引题', titleF: '标题', subtitle: '副题', byline: '作者', save: '保存文字和类型',
    blocks: '区块（勾选后可拆分或移动）', split: '勾选的区块拆为新文章', moveTo: '把勾选的区块移到', move: '移动',
    redraw: '重画此区域', del: '删除此区域', preview: '读者将看到的文字', newPreview: '新文章将包含',
    draw: '在版面上拖出矩形（可画多个），再点“确定”。', ok: '确定', cancel: '取消', log: '校正记录', undo: '撤销',
    undone: (by) => `已由 ${by} 撤销`, none: '（无）', pick: '选一个区域', confirmReset: '把本版恢复为自动识别的结果吗？校正记录会保留。',
    confirmDelete: (k) => `删除区域 ${k} 吗？`, failed: '未能完成：', kinds: { article: '文章', notice: '公告', advertisement: '广告', photo: '图片' },
    parts: { kicker: '引题', title: '标题', subtitle: '副题', byline: '作者', body: '正文', caption: '图说', photo: '图片', other: '其他' },
    other: { masthead: '报头', pageheader: '眉题', folio: '页脚', other: '其他' }, page: (l, n) => `${l || `第${n}版`}`,
  },
  en: {
    title: (d) => `Correct regions · ${d}`, close: 'Close', edited: 'Corrected', notEdited: 'Not corrected (as the finder found it)',
    regions: 'Regions', merge: (n) => `Merge selected (${n})`, add: 'Add a region', reset: 'Reset page', undoLast: 'Undo last edit',
    kind: 'Kind', kicker: 'Kicker', titleF: 'Title', subtitle: 'Subtitle', byline: 'Byline', save: 'Save text and kind',
    blocks: 'Blocks (tick to split or move)', split: 'Split ticked blocks into a new article', moveTo: 'Move ticked blocks to', move: 'Move',
    redraw: 'Redraw this region', del: 'Delete this region', preview: 'What a reader will get', newPreview: 'The new article will hold',
    draw: 'Drag rectangles on the page (one or more), then press OK.', ok: 'OK', cancel: 'Cancel', log: 'Edit log', undo: 'Undo',
    undone: (by) => `undone by ${by}`, none: '(none)', pick: 'Pick a region', confirmReset: 'Put this page back to what the finder found? The log is kept.',
    confirmDelete: (k) => `Delete region ${k}?`, failed: 'Not done: ', kinds: { article: 'article', notice: 'notice', advertisement: 'advertisement', photo: 'photo' },
    parts: { kicker: 'kicker', title: 'title', subtitle: 'subtitle', byline: 'byline', body: 'body', caption: 'caption', photo: 'photo', other: 'other' },
    other: { masthead: 'masthead', pageheader: 'page header', folio: 'folio', other: 'other' }, page: (l, n) => `${l || `Page ${n}`}`,
  },
};
const s = (k, ...a) => { const v = TEXT[lang]?.[k] ?? TEXT.zh[k]; return typeof v === 'function' ? v(...a) : v; };
const $ = (id) => document.getElementById(id);

const state = { issue: null, number: 1, layout: null, selected: null, ticked: new Set(), blocks: new Set(), mode: null, drawn: [], auth: null, unauthorized: null };

function kindName(k) { return s('kinds')[k] ?? s('other')[k] ?? k; }

async function call(url, method = 'GET', body) {
  const init = state.auth({ method, ...(body ? { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) } : {}) });
  const res = await fetch(url, init);
  if (res.status === 401) { state.unauthorized(); return null; }
  if (!res.ok) { showError(await api.problemText(res)); return null; }
  showError('');
  return res.json();
}

function showError(text) {
  const e = $('rg-error');
  e.textContent = text ? s('failed') + text : '';
}

/** Opens the editor on an issue (page 1, or the page given). */
export async function openEditor(issueId, { auth, unauthorized, page = 1 }) {
  state.auth = auth;
  state.unauthorized = unauthorized;
  state.issue = await api.getJson(`/api/issues/${issueId}`);
  $('regions').hidden = false;
  $('rg-h').textContent = s('title', state.issue.date);
  $('rg-pages').replaceChildren(...state.issue.pages.map((p) => {
    const b = el('button', { type: 'button', 'data-page': p.number, text: s('page', p.label, p.number) });
    b.addEventListener('click', () => loadPage(p.number));
    return b;
  }));
  await loadPage(page);
  $('regions').scrollIntoView({ block: 'start' });
}

async function loadPage(number) {
  state.number = number;
  state.selected = null;
  state.ticked.clear();
  state.blocks.clear();
  setMode(null);
  const p = state.issue.pages.find((x) => x.number === number);
  $('rg-img').src = p.screenUrl;
  for (const b of $('rg-pages').children) b.setAttribute('aria-pressed', String(Number(b.dataset.page) === number));
  const layout = await call(`/api/issues/${state.issue.id}/pages/${number}/layout`);
  if (layout) show(layout);
}

function show(layout) {
  state.layout = layout;
  const keys = new Set(layout.regions.map((r) => r.key));
  if (!keys.has(state.selected)) state.selected = null;
  for (const k of [...state.ticked]) if (!keys.has(k)) state.ticked.delete(k);
  const inSelected = new Set(region()?.blocks ?? []);
  for (const b of [...state.blocks]) if (!inSelected.has(b)) state.blocks.delete(b);
  $('rg-status').textContent = layout.edited ? s('edited') : s('notEdited');
  $('rg-status').className = layout.edited ? 'ok' : '';
  render();
}

const region = () => state.layout?.regions.find((r) => r.key === state.selected) ?? null;
const editable = (r) => ['article', 'notice', 'advertisement', 'photo'].includes(r.kind);

function label(r) {
  return `${r.key} · ${kindName(r.kind)} · ${r.title ?? r.body?.[0]?.slice(0, 16) ?? r.captions?.[0]?.slice(0, 16) ?? ''}`;
}

function render() {
  drawLayer();
  renderList();
  renderDetail();
  renderLog();
  $('rg-merge').textContent = s('merge', state.ticked.size);
  $('rg-merge').disabled = state.ticked.size < 2;
  $('rg-undo-last').disabled = !state.layout.edits.some((e) => !e.undoneAt);
}

function drawLayer() {
  const layer = $('rg-layer');
  const paths = state.layout.regions.map((r) => {
    const g = svg('g', { class: `k-${api.kind(r.kind)}${r.key === state.selected ? ' sel' : ''}${state.ticked.has(r.key) ? ' tick' : ''}`, 'data-key': r.key });
    const d = api.rings(r.region).map((ring) => `M${ring.map((pt) => pt.join(' ')).join('L')}Z`).join('');
    const t = svg('title');
    t.textContent = label(r);
    g.append(t, svg('path', { d, 'fill-rule': 'evenodd' }));
    g.addEventListener('click', (e) => { if (!state.mode) { e.stopPropagation(); select(r.key, e.shiftKey || e.ctrlKey); } });
    return g;
  });
  const selected = new Set(region()?.blocks ?? []);
  const blocks = state.layout.blocks.filter((b) => selected.has(b.id)).map((b) => {
    const [x, y, w, h] = b.box;
    const rect = svg('rect', { x, y, width: w, height: h, class: `blk${state.blocks.has(b.id) ? ' on' : ''}`, 'data-block': b.id });
    const t = svg('title');
    t.textContent = `${s('parts')[b.part] ?? b.part}: ${b.text.slice(0, 40)}`;
    rect.append(t);
    rect.addEventListener('click', (e) => { if (!state.mode) { e.stopPropagation(); toggleBlock(b.id); } });
    return rect;
  });
  const drawn = state.drawn.map(([x, y, w, h]) => svg('rect', { x, y, width: w, height: h, class: 'drawn' }));
  layer.replaceChildren(...paths, ...blocks, ...drawn);
  layer.classList.toggle('drawing', !!state.mode);
}

function renderList() {
  const list = $('rg-list');
  list.replaceChildren(...state.layout.regions.map((r) => {
    const tick = el('input', { type: 'checkbox', 'aria-label': `${s('merge', '')} ${r.key}`, 'data-tick': r.key });
    tick.checked = state.ticked.has(r.key);
    tick.disabled = !editable(r);
    tick.addEventListener('change', () => { if (tick.checked) state.ticked.add(r.key); else state.ticked.delete(r.key); render(); focusList(r.key, 'tick'); });
    const b = el('button', { type: 'button', class: `pick k-${api.kind(r.kind)}`, 'data-key': r.key, 'aria-pressed': String(r.key === state.selected), text: label(r) });
    b.addEventListener('click', () => select(r.key));
    b.addEventListener('keydown', (e) => {
      const i = state.layout.regions.findIndex((x) => x.key === r.key);
      const next = e.key === 'ArrowDown' ? i + 1 : e.key === 'ArrowUp' ? i - 1 : -1;
      if (next >= 0 && next < state.layout.regions.length) { e.preventDefault(); select(state.layout.regions[next].key); focusList(state.layout.regions[next].key); }
      if (e.key === ' ' && e.shiftKey && editable(r)) { e.preventDefault(); tick.click(); }
    });
    return el('li', { lang: 'zh-Hant' }, tick, b);
  }));
}

function focusList(key, what = 'pick') {
  document.querySelector(what === 'tick' ? `#rg-list input[data-tick="${key}"]` : `#rg-list button[data-key="${key}"]`)?.focus();
}

function select(key, tick = false) {
  if (tick) {
    if (state.ticked.has(key)) state.ticked.delete(key); else state.ticked.add(key);
  }
  if (state.selected !== key) state.blocks.clear();
  state.selected = key;
  render();
}

function toggleBlock(id) {
  if (state.blocks.has(id)) state.blocks.delete(id); else state.blocks.add(id);
  render();
}

function renderDetail() {
  const r = region();
  $('rg-detail').hidden = !r;
  $('rg-none').hidden = !!r;
  if (!r) return;
  $('rg-kind').value = editable(r) ? r.kind : 'article';
  $('rg-kind').disabled = !editable(r);
  for (const f of ['kicker', 'title', 'subtitle', 'byline']) $(`rg-${f}`).value = r[f] ?? '';
  const byId = new Map(state.layout.blocks.map((b) => [b.id, b]));
  $('rg-blocks').replaceChildren(...r.blocks.map((id, i) => {
    const b = { ...byId.get(id), part: r.blockParts?.[i] ?? byId.get(id).part };
    const box = el('input', { type: 'checkbox', 'data-block': id });
    box.checked = state.blocks.has(id);
    box.addEventListener('change', () => toggleBlock(id));
    return el('li', {}, el('label', { lang: 'zh-Hant' }, box, el('span', { class: 'part', text: s('parts')[b.part] ?? b.part }), el('span', { text: b.text.replace(/\s+/g, ' ').slice(0, 60) || '—' })));
  }));
  const others = state.layout.regions.filter((x) => x.key !== r.key && editable(x));
  $('rg-to').replaceChildren(...others.map((x) => el('option', { value: x.key, text: label(x) })));
  $('rg-split').disabled = state.blocks.size === 0 || state.blocks.size === r.blocks.length;
  $('rg-move').disabled = state.blocks.size === 0 || others.length === 0;
  preview($('rg-preview'), [r.kicker, r.title, r.subtitle, r.byline].filter(Boolean), [...r.body, ...r.captions]);
  const picked = r.blocks.filter((id) => state.blocks.has(id)).map((id) => byId.get(id).text).filter(Boolean);
  $('rg-new').hidden = picked.length === 0;
  preview($('rg-new-text'), [], picked);
}

function preview(box, heads, paragraphs) {
  box.replaceChildren(...heads.map((h) => el('p', { class: 'head', text: h })), ...paragraphs.map((p) => el('p', { text: p })));
  if (!heads.length && !paragraphs.length) box.append(el('p', { text: s('none') }));
}

function renderLog() {
  const edits = [...state.layout.edits].reverse();
  $('rg-log').replaceChildren(...(edits.length ? edits.map((e) => {
    const when = new Date(e.at).toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN');
    const li = el('li', { 'data-edit': e.id, class: e.undoneAt ? 'undone' : '' }, el('span', { text: `#${e.id} ${when} · ${e.editor} · ${e.summary}` }));
    if (e.undoneAt) li.append(el('span', { class: 'muted', text: ` (${s('undone', e.undoneBy)})` }));
    else {
      const b = el('button', { type: 'button', 'data-undo': e.id, text: s('undo') });
      b.addEventListener('click', () => undo(e.id));
      li.append(' ', b);
    }
    return li;
  }) : [el('li', { text: s('none') })]));
}

const base = () => `/api/issues/${state.issue.id}/pages/${state.number}`;

async function edit(body) {
  const layout = await call(`${base()}/edits`, 'POST', body);
  if (layout) { state.ticked.clear(); state.blocks.clear(); show(layout); }
  return layout;
}

async function undo(id) {
  const layout = await call(`${base()}/edits/${id}/undo`, 'POST');
  if (layout) show(layout);
}

function setMode(mode) {
  state.mode = mode;
  state.drawn = [];
  $('rg-drawbar').hidden = !mode;
  $('rg-add-kind').hidden = mode !== 'add';
  if (state.layout) drawLayer();
}

function pointer(e) {
  const r = $('rg-layer').getBoundingClientRect();
  return [Math.min(1, Math.max(0, (e.clientX - r.left) / r.width)), Math.min(1, Math.max(0, (e.clientY - r.top) / r.height))];
}

function wireDrawing() {
  const layer = $('rg-layer');
  let start = null;
  layer.addEventListener('pointerdown', (e) => {
    if (!state.mode) return;
    e.preventDefault();
    layer.setPointerCapture(e.pointerId);
    start = pointer(e);
    state.drawn.push([start[0], start[1], 0, 0]);
  });
  layer.addEventListener('pointermove', (e) => {
    if (!start) return;
    const [x, y] = pointer(e);
    state.drawn[state.drawn.length - 1] = [Math.min(x, start[0]), Math.min(y, start[1]), Math.abs(x - start[0]), Math.abs(y - start[1])];
    drawLayer();
  });
  layer.addEventListener('pointerup', () => {
    start = null;
    state.drawn = state.drawn.filter(([, , w, h]) => w > 0.004 && h > 0.004);
    drawLayer();
  });
}

export function wireEditor() {
  wireDrawing();
  $('rg-close').addEventListener('click', () => { $('regions').hidden = true; });
  $('rg-merge').addEventListener('click', () => edit({ action: 'merge', regions: state.layout.regions.map((r) => r.key).filter((k) => state.ticked.has(k)) }));
  $('rg-add').addEventListener('click', () => setMode('add'));
  $('rg-redraw').addEventListener('click', () => setMode('redraw'));
  $('rg-draw-cancel').addEventListener('click', () => setMode(null));
  $('rg-draw-ok').addEventListener('click', async () => {
    const rects = state.drawn.map((r) => r.map((v) => Math.round(v * 1e5) / 1e5));
    const body = state.mode === 'add' ? { action: 'add', rects, kind: $('rg-add-kind').value } : { action: 'redraw', region: state.selected, rects };
    if (await edit(body)) setMode(null);
  });
  $('rg-reset').addEventListener('click', async () => {
    if (!confirm(s('confirmReset'))) return;
    const layout = await call(`${base()}/reset`, 'POST');
    if (layout) show(layout);
  });
  $('rg-undo-last').addEventListener('click', () => {
    const last = [...state.layout.edits].reverse().find((e) => !e.undoneAt);
    if (last) undo(last.id);
  });
  $('rg-split').addEventListener('click', () => edit({ action: 'split', region: state.selected, blocks: [...state.blocks] }));
  $('rg-move').addEventListener('click', () => edit({ action: 'move', blocks: [...state.blocks], to: $('rg-to').value }));
  $('rg-delete').addEventListener('click', () => { if (confirm(s('confirmDelete', state.selected))) edit({ action: 'delete', region: state.selected }); });
  $('rg-fields').addEventListener('submit', (e) => {
    e.preventDefault();
    const r = region();
    const body = { action: 'change', region: r.key };
    if (editable(r) && $('rg-kind').value !== r.kind) body.kind = $('rg-kind').value;
    for (const f of ['kicker', 'title', 'subtitle', 'byline']) if (($(`rg-${f}`).value ?? '') !== (r[f] ?? '')) body[f] = $(`rg-${f}`).value;
    edit(body);
  });
  relabel();
}

/** Puts the editor's labels in the current language (at start and after the language switch). */
export function relabel() {
  for (const sel of [$('rg-kind'), $('rg-add-kind')]) {
    const value = sel.value;
    sel.replaceChildren(...Object.entries(s('kinds')).map(([k, v]) => el('option', { value: k, text: v })));
    if (value) sel.value = value;
  }
  $('rg-layer').setAttribute('aria-label', s('regions'));
  if (state.layout && !$('regions').hidden) { $('rg-h').textContent = s('title', state.issue.date); show(state.layout); }
  for (const [id, key] of [['rg-regions-h', 'regions'], ['rg-add', 'add'], ['rg-reset', 'reset'], ['rg-undo-last', 'undoLast'], ['rg-close', 'close'],
    ['rg-kind-l', 'kind'], ['rg-kicker-l', 'kicker'], ['rg-title-l', 'titleF'], ['rg-subtitle-l', 'subtitle'], ['rg-byline-l', 'byline'], ['rg-save', 'save'],
    ['rg-blocks-h', 'blocks'], ['rg-split', 'split'], ['rg-to-l', 'moveTo'], ['rg-move', 'move'], ['rg-redraw', 'redraw'], ['rg-delete', 'del'],
    ['rg-preview-h', 'preview'], ['rg-new-h', 'newPreview'], ['rg-draw-help', 'draw'], ['rg-draw-ok', 'ok'], ['rg-draw-cancel', 'cancel'],
    ['rg-log-h', 'log'], ['rg-none', 'pick']]) {
    $(id).textContent = s(key);
  }
}
