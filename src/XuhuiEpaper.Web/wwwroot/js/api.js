// The issue-4 API (the product's contract), read defensively: only the documented fields are relied on.

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** Reads an RFC 7807 problem (or any error body) into one sentence. */
export async function problemText(res) {
  try {
    const p = await res.json();
    return p.detail || p.title || `HTTP ${res.status}`;
  } catch {
    return `HTTP ${res.status}`;
  }
}

/**
 * The admin token of this tab, when an archivist signed in on /admin: sent along, it lets the reader show a draft
 * (review before publishing) to its reviewer. Anyone else's answers are the same with or without it.
 */
function adminHeaders() {
  let token = null;
  try { token = sessionStorage.getItem('epaper.adminToken'); } catch { /* storage blocked */ }
  return token ? { Authorization: `Bearer ${token}` } : {};
}

export async function getJson(url, init) {
  const res = await fetch(url, { headers: { Accept: 'application/json', ...adminHeaders() }, ...init });
  if (!res.ok) throw new ApiError(res.status, await problemText(res));
  return res.json();
}

const cache = new Map();
/** GET with an in-memory cache of the promise (pages and issues do not change while read). */
export function cached(url) {
  if (!cache.has(url)) {
    const p = getJson(url);
    cache.set(url, p);
    p.catch(() => cache.delete(url));
  }
  return cache.get(url);
}

/**
 * The static edition (written by `epaper export`, served by any web server) says so in a meta tag: it reads the same
 * answers from .json files, and hit-tests and searches in the browser (static-edition.js, loaded only there).
 */
export const isStatic = document.querySelector('meta[name="epaper-edition"]')?.getAttribute('content') === 'static';
const answer = (path) => (isStatic ? `${path}.json` : path);
const staticEdition = () => import('./static-edition.js');

/** The newest issue; with its pages, it also fills the cache of GET /api/issues/{id}. */
export async function latestIssue(fresh = false, paper = null) {
  // The static edition has one newest issue (latest.json) for the papers it holds.
  const url = isStatic ? answer('/api/issues/latest') : paper ? `/api/issues/latest?${new URLSearchParams({ paper })}` : '/api/issues/latest';
  const i = await getJson(url, fresh ? { cache: 'no-store' } : undefined);
  if (Array.isArray(i.pages)) cache.set(answer(`/api/issues/${i.id}`), Promise.resolve(i));
  return i;
}
export const issue = (id) => cached(answer(`/api/issues/${id}`));
/**
 * Readable addresses, /{title}/{yyyy-MM-dd}[/{版次}[/{n}]] (title percent-encoded): an issue, a page, an article. They
 * do not depend on database ids; the same path under /api/papers is the issue, page or article JSON.
 */
export const READABLE = /^\/([^/]+)\/(\d{4}-\d{2}-\d{2})(?:\/([^/]+)(?:\/(\d+))?)?\/?$/;
export const byAddress = (path) => cached(answer(`/api/papers${path.replace(/\/$/, '')}`));
export const page = (id, n) => cached(answer(`/api/issues/${id}/pages/${n}`));
export const article = (id) => cached(answer(`/api/articles/${id}`));
export const issues = (q) => (isStatic ? staticEdition().then((s) => s.issues(q)) : getJson(`/api/issues?${new URLSearchParams(q)}`));
export const search = (q, pg = 1, paper = null) => (isStatic
  ? staticEdition().then((s) => s.search(q, pg))
  : getJson(`/api/search?${new URLSearchParams(paper ? { q, page: pg, paper } : { q, page: pg })}`));
/** The papers (titles) with published issues and how to show each: { name, displayName, lang, colour }. */
export const papers = () => (isStatic ? Promise.resolve([]) : cached('/api/papers').then(items).catch(() => []));
/** How to show a paper: its configured settings, or its stored name in Traditional script. */
export const title = (list, name) => list.find((p) => p.name === name) ?? { name, displayName: name ?? '', lang: 'zh-Hant', colour: null };
export async function hit(id, n, x, y) {
  if (isStatic) return (await staticEdition()).hit(await page(id, n), x, y);
  const res = await fetch(`/api/issues/${id}/pages/${n}/hit?x=${x.toFixed(4)}&y=${y.toFixed(4)}`, { headers: { Accept: 'application/json', ...adminHeaders() } });
  return res.ok ? res.json() : null;
}

/** The list out of a paged answer, whatever the property is called. */
export function items(r) {
  if (Array.isArray(r)) return r;
  return r?.items ?? r?.results ?? r?.issues ?? [];
}

const KINDS = ['article', 'notice', 'advertisement', 'masthead', 'pageheader', 'other', 'photo', 'folio'];
export function kind(k) {
  if (typeof k === 'number') return KINDS[k] ?? 'other';
  return String(k ?? 'article').toLowerCase().replace(/[^a-z]/g, '');
}
/** Regions a reader can open: not page furniture (masthead, page header, folio line). */
export const isReadable = (a) => !['masthead', 'pageheader', 'folio'].includes(kind(a.kind));

/** The outline rings of a region: the polygon when there is one, otherwise its rectangles. */
export function rings(region) {
  if (Array.isArray(region?.polygons) && region.polygons.length) return region.polygons;
  const poly = region?.polygon;
  if (Array.isArray(poly) && poly.length) {
    if (Array.isArray(poly[0]?.[0])) return poly; // several rings
    return [poly];
  }
  return (region?.rects ?? []).map(([x, y, w, h]) => [[x, y], [x + w, y], [x + w, y + h], [x, y + h]]);
}

/** The centre of the region's largest rectangle (where a label or highlight goes). */
export function centre(region) {
  const rects = region?.rects ?? [];
  let best = null;
  for (const r of rects) if (!best || r[2] * r[3] > best[2] * best[3]) best = r;
  return best ? [best[0] + best[2] / 2, best[1] + best[3] / 2] : [0.5, 0.5];
}

/** A continuation link as { id, page }: the API may give a number or an object. */
export function jump(v, pageField) {
  if (v == null) return null;
  if (typeof v === 'number' || typeof v === 'string') return { id: v, page: pageField ?? null };
  return { id: v.articleId ?? v.id ?? null, page: v.pageNumber ?? v.page ?? pageField ?? null };
}

/** Builds a snippet's text with only its <mark> elements kept (the rest of the markup is dropped). */
export function snippetNodes(html) {
  const doc = new DOMParser().parseFromString(`<p>${html ?? ''}</p>`, 'text/html');
  const out = document.createDocumentFragment();
  const walk = (node, into) => {
    for (const c of node.childNodes) {
      if (c.nodeType === Node.TEXT_NODE) into.append(c.textContent);
      else if (c.nodeName === 'MARK') {
        const m = document.createElement('mark');
        m.textContent = c.textContent;
        into.append(m);
      } else walk(c, into);
    }
  };
  walk(doc.body, out);
  return out;
}

export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue;
    if (k === 'text') e.textContent = v;
    else if (k === 'class') e.className = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  e.append(...children.filter((c) => c != null));
  return e;
}

export const SVG = 'http://www.w3.org/2000/svg';
export function svg(tag, attrs = {}) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) if (v != null) e.setAttribute(k, v);
  return e;
}
