// The static edition's answers, worked out in the browser from files `epaper export` wrote: the hit test over the
// page JSON's rectangles, the calendar from the month lists, and search over the sharded index in /search/ (the live
// search's CJK bigrams, folded the same way, ranked as FTS5's bm25). Loaded only by the static edition (api.js).
import { cached, getJson } from './api.js';

// ---------- hit test ----------

/**
 * The article under the normalized point, as GET /api/issues/{id}/pages/{n}/hit answers: a rectangle of its region
 * holds the point (left and top edges in, right and bottom out); of several, the smallest region, then the first.
 */
export function hit(page, x, y) {
  let best = null;
  let bestArea = Infinity;
  for (const a of page?.articles ?? []) {
    const rects = a.region?.rects ?? [];
    if (!rects.some(([rx, ry, w, h]) => x >= rx && x < rx + w && y >= ry && y < ry + h)) continue;
    const area = rects.reduce((sum, r) => sum + r[2] * r[3], 0);
    if (area < bestArea) { best = a; bestArea = area; }
  }
  return best;
}

// ---------- the issue list (calendar) ----------

const pad = (v) => String(v).padStart(2, '0');
async function month(y, m) {
  try { return (await cached(`/api/issues/months/${y}-${pad(m)}.json`)).items ?? []; } catch { return []; }
}

/** Issues between q.from and q.to (at most three years of months), newest first, as GET /api/issues answers. */
export async function issues(q = {}) {
  const from = q.from ?? '1900-01-01';
  const to = q.to ?? new Date().toISOString().slice(0, 10);
  let [y, m] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  const months = [];
  for (let i = 0; i < 36 && (y < ty || (y === ty && m <= tm)); i++) {
    months.push(month(y, m));
    if (++m > 12) { m = 1; y++; }
  }
  const items = (await Promise.all(months)).flat()
    .filter((i) => i.date >= from && i.date <= to)
    .sort((a, b) => b.date.localeCompare(a.date) || b.id - a.id);
  return { total: items.length, page: 1, pageSize: items.length, items };
}

// ---------- search ----------

const PAGE_SIZE = 20;
let manifest = null;
/** search/index.json is revalidated once a visit: a new export may have changed it (the shards it names never change). */
function index() {
  manifest ??= getJson('/search/index.json', { cache: 'no-cache' }).catch((e) => { manifest = null; throw e; });
  return manifest;
}

/** As the live search normalizes: radicals folded, NFKC, Traditional to Simplified (the tables come with the index). */
function normalize(text, fold) {
  let s = '';
  for (const ch of text) s += fold.radicals[ch] ?? ch;
  let out = '';
  for (const ch of s.normalize('NFKC')) out += fold.simplified[ch] ?? ch;
  return out;
}

const isCjk = (v) => (v >= 0x3400 && v <= 0x4DBF) || (v >= 0x4E00 && v <= 0x9FFF) || (v >= 0xF900 && v <= 0xFAFF)
  || (v >= 0x20000 && v <= 0x3FFFF) || (v >= 0x3040 && v <= 0x30FF) || (v >= 0x31F0 && v <= 0x31FF)
  || (v >= 0x3100 && v <= 0x312F) || (v >= 0x31A0 && v <= 0x31BF) || (v >= 0xAC00 && v <= 0xD7AF)
  || (v >= 0x1100 && v <= 0x11FF) || v === 0x3005 || v === 0x3007;
const WORD = /[\p{L}\p{Nd}\p{Nl}\p{No}]/u;

/** Runs of CJK characters and of letters/digits (lower case); everything else separates them. */
function runs(text) {
  const out = [];
  let kind = null;
  let run = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0);
    const k = isCjk(cp) ? 'cjk' : WORD.test(ch) ? 'word' : null;
    if (k !== kind && run) { out.push({ kind, text: run }); run = ''; }
    kind = k;
    if (k) run += k === 'word' ? ch.toLowerCase() : ch;
  }
  if (run && kind) out.push({ kind, text: run });
  return out;
}

/** The query as FTS5 sees it: a phrase of bigrams per CJK run, a prefix for one character, a token per word; all must match. */
function parse(query, fold) {
  const clauses = new Map();
  const terms = [];
  for (const r of runs(normalize(query, fold))) {
    terms.push(r.text);
    if (r.kind === 'word') {
      const token = r.text.normalize('NFD').replace(/\p{Mn}/gu, '').toLowerCase();
      clauses.set(`w:${token}`, { tokens: [token] });
      continue;
    }
    const chars = [...r.text];
    if (chars.length === 1) { clauses.set(`p:${chars[0]}`, { prefix: chars[0] }); continue; }
    const tokens = chars.slice(1).map((c, i) => chars[i] + c);
    clauses.set(`b:${tokens.join(' ')}`, { tokens });
  }
  return { clauses: [...clauses.values()], terms };
}

const bucket = (cp, bits) => Math.imul(cp, 0x9E3779B1) >>> (32 - bits);
async function shardOf(ix, token) {
  const name = ix.shards[bucket(token.codePointAt(0), ix.bits)];
  return name ? cached(`/search/shards/${name}`) : {};
}

/** A posting list [doc, count, position, +delta, …] as doc → positions. */
function decode(flat) {
  const docs = new Map();
  for (let i = 0; i < (flat?.length ?? 0);) {
    const doc = flat[i++];
    const n = flat[i++];
    const positions = new Array(n);
    let p = 0;
    for (let k = 0; k < n; k++) { p += flat[i++]; positions[k] = p; }
    docs.set(doc, positions);
  }
  return docs;
}

/** doc → the positions where the clause matches. */
async function evaluate(ix, clause) {
  if (clause.prefix) {
    const shard = await shardOf(ix, clause.prefix);
    const docs = new Map();
    for (const [token, flat] of Object.entries(shard)) {
      if (String.fromCodePoint(token.codePointAt(0)) !== clause.prefix) continue;
      for (const [doc, positions] of decode(flat)) docs.set(doc, (docs.get(doc) ?? []).concat(positions));
    }
    return docs;
  }
  const lists = await Promise.all(clause.tokens.map(async (t) => decode((await shardOf(ix, t))[t])));
  const docs = new Map();
  for (const [doc, first] of lists[0]) {
    if (!lists.every((l) => l.has(doc))) continue;
    const later = lists.slice(1).map((l) => new Set(l.get(doc)));
    const starts = first.filter((p) => later.every((s, i) => s.has(p + i + 1)));
    if (starts.length) docs.set(doc, starts);
  }
  return docs;
}

async function docsOf(ix, numbers) {
  const chunks = [...new Set(numbers.map((d) => Math.floor(d / ix.docsPerChunk)))];
  const loaded = new Map(await Promise.all(chunks.map(async (c) => [c, await cached(`/search/docs/${ix.docChunks[c]}`)])));
  return new Map(numbers.map((d) => [d, loaded.get(Math.floor(d / ix.docsPerChunk))[d % ix.docsPerChunk]]));
}

/** FTS5's bm25 with the live search's weights: title 10, deck (kicker, subtitle, byline) 3, body 1. */
function bm25(ix, clauses, doc) {
  const [, , , , , titleEnd, deckEnd, length] = doc.meta;
  const k1 = 1.2;
  const b = 0.75;
  const avgdl = ix.tokens / Math.max(1, ix.documents);
  let score = 0;
  clauses.forEach((c, i) => {
    const f = doc.hits[i].reduce((sum, p) => sum + (p < titleEnd ? 10 : p < deckEnd ? 3 : 1), 0);
    const idf = Math.max(1e-6, Math.log((ix.documents - c.size + 0.5) / (c.size + 0.5)));
    score += idf * ((f * (k1 + 1)) / (f + k1 * (1 - b + (b * length) / avgdl)));
  });
  return score;
}

/** Search as GET /api/search answers it: { query, total, page, pageSize, results: [{ articleId, …, snippet }] }. */
export async function search(q, pg = 1) {
  const ix = await index();
  const fold = await cached(`/search/${ix.fold}`);
  const { clauses, terms } = parse(q, fold);
  const empty = { query: q, total: 0, page: pg, pageSize: PAGE_SIZE, results: [] };
  if (!clauses.length) return empty;
  const matches = await Promise.all(clauses.map((c) => evaluate(ix, c)));
  const found = [...matches[0].keys()].filter((d) => matches.every((m) => m.has(d)));
  if (!found.length) return { ...empty };
  const metas = await docsOf(ix, found);
  const ranked = found
    .map((d) => ({ meta: metas.get(d), hits: matches.map((m) => m.get(d)) }))
    .map((doc) => ({ ...doc, score: bm25(ix, matches, doc) }))
    .sort((a, b) => b.score - a.score || b.meta[2].localeCompare(a.meta[2]) || a.meta[0] - b.meta[0]);
  const shown = ranked.slice((pg - 1) * PAGE_SIZE, pg * PAGE_SIZE);
  const results = await Promise.all(shown.map(async ({ meta: [articleId, issueId, date, pageNumber, title] }) => {
    const a = await cached(`/api/articles/${articleId}.json`).catch(() => null);
    const text = [...(a?.body ?? []), ...(a?.captions ?? [])].join(' ');
    const inText = contains(text, terms, fold);
    return {
      articleId, issueId, date, pageNumber, title,
      snippet: inText || !contains(title, terms, fold) ? snippet(text, terms, fold) : snippet(title, terms, fold),
      url: `/api/articles/${articleId}.json`,
      address: a?.address ?? null,
    };
  }));
  return { query: q, total: ranked.length, page: pg, pageSize: PAGE_SIZE, results };
}

// ---------- snippets, as the live search makes them ----------

const collapse = (text) => text.trim().replace(/\s+/g, ' ');

/** The text normalized a character at a time, with the span of the original each normalized unit came from. */
function normalizeWithMap(source, fold) {
  let text = '';
  const map = [];
  for (let i = 0; i < source.length;) {
    const ch = String.fromCodePoint(source.codePointAt(i));
    const n = normalize(ch, fold);
    text += n;
    for (let k = 0; k < n.length; k++) map.push([i, i + ch.length]);
    i += ch.length;
  }
  return { text, map };
}

function findMatches(text, terms) {
  const lower = text.toLowerCase();
  const hay = lower.length === text.length ? lower : text;
  const ranges = [];
  for (const term of terms.filter(Boolean)) {
    for (let at = hay.indexOf(term); at >= 0; at = hay.indexOf(term, at + term.length)) ranges.push([at, at + term.length]);
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged = [];
  for (const r of ranges) {
    if (merged.length && r[0] <= merged[merged.length - 1][1]) merged[merged.length - 1][1] = Math.max(merged[merged.length - 1][1], r[1]);
    else merged.push([...r]);
  }
  return merged;
}

const contains = (text, terms, fold) => findMatches(normalize(text ?? '', fold), terms).length > 0;
const escape = (s) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

/** About 80 characters around the first match, matches in <mark>, the rest escaped; the text as printed. */
function snippet(text, terms, fold, maxChars = 80) {
  const source = collapse(text ?? '');
  const { text: normalized, map } = normalizeWithMap(source, fold);
  const matches = findMatches(normalized, terms).map(([s, e]) => [map[s][0], map[e - 1][1]]);
  let start = Math.max(0, (matches[0]?.[0] ?? 0) - Math.floor(maxChars / 4));
  let end = Math.min(source.length, start + maxChars);
  if (end - start < maxChars) start = Math.max(0, end - maxChars);
  const low = (i) => { const c = source.charCodeAt(i); return c >= 0xDC00 && c <= 0xDFFF; };
  if (start > 0 && low(start)) start--;
  if (end < source.length && low(end)) end++;
  let out = start > 0 ? '…' : '';
  let position = start;
  for (const [ms, me] of matches) {
    if (me <= position || ms >= end) continue;
    const s = Math.max(ms, position);
    const e = Math.min(me, end);
    out += `${escape(source.slice(position, s))}<mark>${escape(source.slice(s, e))}</mark>`;
    position = e;
  }
  out += escape(source.slice(position, end));
  if (end < source.length) out += '…';
  return out;
}
