// Kiosk: the newest issue's front page, full screen, no chrome. ?cycle=SECONDS turns through the pages;
// ?poll=SECONDS (default 30) is how often it asks for a newer issue; ?paper=NAME shows that paper's issues only.
// When the server cannot be reached the last page stays on screen and the next poll tries again.
import * as api from './api.js';

const params = new URLSearchParams(location.search);
const num = (k, d) => { const v = Number(params.get(k)); return Number.isFinite(v) && v > 0 ? v : d; };
const poll = num('poll', 30) * 1000;
const paper = params.get('paper') || null;
let papers = [];
const cycle = num('cycle', 0) * 1000;
const stage = document.getElementById('kiosk');
const note = document.getElementById('note');

let current = null; // the issue shown
let n = 1;

/** Shows page n of the issue once its image has loaded, so the screen never goes blank. */
async function showPage(issue, pageNumber) {
  const p = issue.pages.find((x) => x.number === pageNumber) ?? issue.pages[0];
  const img = new Image();
  img.src = p.zoomUrl && Math.max(innerWidth, innerHeight) * devicePixelRatio > 1700 ? p.zoomUrl : p.screenUrl;
  img.alt = `${api.title(papers, issue.paper).displayName || issue.paper} ${issue.date} ${p.label ?? ''} ${p.name ?? ''}`.trim();
  img.lang = api.title(papers, issue.paper).lang;
  await img.decode();
  img.className = 'fresh';
  stage.replaceChildren(img);
  current = issue;
  n = p.number;
  document.body.dataset.issueId = issue.id;
  document.body.dataset.page = p.number;
  document.body.dataset.paper = issue.paper;
  document.title = img.alt;
}

async function check() {
  try {
    if (!papers.length) papers = await api.papers();
    const latest = await api.latestIssue(true, paper);
    if (!current || latest.id !== current.id) await showPage(await api.issue(latest.id), 1);
    note.textContent = '';
  } catch (e) {
    // Unreachable or failing: keep the last page on screen and try again at the next poll.
    note.textContent = current ? '' : e.status === 404 ? '尚未发布任何一期' : '正在连接服务器…';
  }
}

await check();
setInterval(check, poll);
if (cycle) {
  setInterval(() => {
    if (!current) return;
    const count = current.pages.length;
    showPage(current, (n % count) + 1).catch(() => {});
  }, cycle);
}
