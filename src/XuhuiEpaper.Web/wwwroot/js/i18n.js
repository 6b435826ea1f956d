// UI text in Simplified Chinese with an English switch (kept in localStorage). The paper's own text stays Traditional.

const T = {
  zh: {
    skip: '跳到版面', tools: '工具', pages: '版面导航', toc: '本版目录', archive: '往期', searchLabel: '搜索',
    searchPlaceholder: '搜索文章', search: '搜索', zoomGroup: '缩放', zoomIn: '放大', zoomOut: '缩小',
    pagePdf: '本版PDF', more: '更多', draftMark: '【草稿，未发布】', paperSwitch: '报纸', allPapers: '全部报纸', searchIn: '搜索范围', issuePdf: '整期PDF', stage: '版面', prev: '上一版', next: '下一版', prevMonth: '上个月',
    nextMonth: '下个月', close: '关闭', results: '搜索结果', prevArticle: '上一篇', nextArticle: '下一篇',
    closeArticle: '关闭文章', loading: '正在加载…', noIssue: '还没有发布任何一期。', failed: '加载失败：',
    total: (n) => `共 ${n} 条结果`, none: '没有找到相关文章。', from: (p) => `上接第${p}版`, on: (p) => `下转第${p}版`,
    page: (label, name) => `${label}${name ? ' ' + name : ''}`, pageN: (n) => `第${n}版`, ad: '广告', untitled: '无标题',
    issue: (d, n, t) => `${d}${n ? ` 第${n}期` : ''}${t ? `（总第${t}期）` : ''}`, month: (y, m) => `${y}年${m}月`,
    week: ['日', '一', '二', '三', '四', '五', '六'], onPage: (p) => `第${p}版`, region: (t) => `打开文章：${t}`,
    admin: '档案管理', token: '管理令牌', tokenHelp: '令牌保存在本标签页的会话存储中。', signIn: '登录', signOut: '退出',
    upload: '上传', drop: '把 PDF 拖到这里，或点击选择文件', date: '日期', number: '期号', totalNumber: '总期号',
    paper: '报名', queued: '排队中', running: '处理中', succeeded: '完成', failedState: '失败', issues: '各期',
    edit: '编辑', del: '删除', review: '检查版面', regions: '校正区域', save: '保存', cancel: '取消', pageNames: '版名',
    again: '重新分析', confirmAgain: (d) => `重新分析 ${d} 这一期的 PDF 吗？版面区域和文字将重新生成，日期、期号和版名保留。`,
    confirmDelete: (d) => `确定删除 ${d} 这一期吗？它将移入回收站，可以恢复。`, deleted: '已删除（在回收站中）。', saved: '已保存。',
    replace: '替换同日已有的一期（旧的一期移入回收站）',
    noFile: '请先选择一个 PDF 文件。', badToken: '令牌错误或缺失（401）。', pagesCount: '版数', actions: '操作',
    textVerdict: (v, s) => `文字：${{ readable: '可读', unreadable: '无法读取', scan: '扫描图像', notext: '无文字' }[v] ?? v}，${{ pdf: '来自 PDF', recognised: '图像识别', none: '未收录（仅图像）' }[s] ?? s}`,
    ocrNote: '本版文字由图像识别生成', imageOnlyNote: '本版文字无法读取，仅提供图像',
    state: '状态', draft: '草稿', published: '已发布', publish: '发布', unpublish: '撤回', publishedNow: '已发布，读者现在可以看到。', unpublishedNow: '已撤回为草稿，读者看不到了。',
    share: '复制链接', sharePage: '复制本版链接', copied: '链接已复制：', copyByHand: '请复制链接：', shareLink: '链接',
    legend: '区域类型', kinds: { article: '文章', notice: '启事', advertisement: '广告', masthead: '报头', pageheader: '眉题', other: '其他', photo: '图片', folio: '报脚' },
  },
  en: {
    skip: 'Skip to the page', tools: 'Tools', pages: 'Pages', toc: 'On this page', archive: 'Back issues', searchLabel: 'Search',
    searchPlaceholder: 'Search articles', search: 'Search', zoomGroup: 'Zoom', zoomIn: 'Zoom in', zoomOut: 'Zoom out',
    pagePdf: 'Page PDF', more: 'More', draftMark: '[Draft, not published]', paperSwitch: 'Paper', allPapers: 'All papers', searchIn: 'Search in', issuePdf: 'Issue PDF', stage: 'Pages', prev: 'Previous page', next: 'Next page', prevMonth: 'Previous month',
    nextMonth: 'Next month', close: 'Close', results: 'Search results', prevArticle: 'Previous article', nextArticle: 'Next article',
    closeArticle: 'Close the article', loading: 'Loading…', noIssue: 'No issue has been published yet.', failed: 'Could not load: ',
    total: (n) => `${n} result${n === 1 ? '' : 's'}`, none: 'No articles found.', from: (p) => `Continued from page ${p}`, on: (p) => `Continued on page ${p}`,
    page: (label, name) => `${label}${name ? ' ' + name : ''}`, pageN: (n) => `Page ${n}`, ad: 'Advertisement', untitled: 'Untitled',
    issue: (d, n, t) => `${d}${n ? ` · No. ${n}` : ''}${t ? ` (${t})` : ''}`, month: (y, m) => `${y}-${String(m).padStart(2, '0')}`,
    week: ['Su', 'Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa'], onPage: (p) => `page ${p}`, region: (t) => `Open the article: ${t}`,
    admin: 'Archive admin', token: 'Admin token', tokenHelp: 'The token is kept in this tab\'s session storage.', signIn: 'Sign in', signOut: 'Sign out',
    upload: 'Upload', drop: 'Drop a PDF here, or click to choose a file', date: 'Date', number: 'Number', totalNumber: 'Total number',
    paper: 'Paper', queued: 'Queued', running: 'Running', succeeded: 'Done', failedState: 'Failed', issues: 'Issues',
    edit: 'Edit', del: 'Delete', review: 'Review regions', regions: 'Correct regions', save: 'Save', cancel: 'Cancel', pageNames: 'Page names',
    again: 'Analyse again', confirmAgain: (d) => `Analyse the PDF of ${d} again? Regions and text are made anew; the date, numbers and page names stay.`,
    confirmDelete: (d) => `Delete the issue of ${d}? It goes to the trash, from where it can be restored.`, deleted: 'Deleted (in the trash).', saved: 'Saved.',
    replace: 'Replace the issue of that date (the old one goes to the trash)',
    noFile: 'Choose a PDF file first.', badToken: 'Wrong or missing token (401).', pagesCount: 'Pages', actions: 'Actions',
    textVerdict: (v, s) => `Text: ${v}, ${{ pdf: 'from the PDF', recognised: 'recognised (OCR)', none: 'not indexed (image only)' }[s] ?? s}`,
    ocrNote: 'The text of this page was recognised from its image (OCR)', imageOnlyNote: 'The text of this page cannot be read: image only',
    state: 'State', draft: 'Draft', published: 'Published', publish: 'Publish', unpublish: 'Unpublish', publishedNow: 'Published: readers see it now.', unpublishedNow: 'Withdrawn to a draft: readers no longer see it.',
    share: 'Copy link', sharePage: 'Copy link to this page', copied: 'Link copied: ', copyByHand: 'Copy the link: ', shareLink: 'Link',
    legend: 'Region kinds', kinds: { article: 'Article', notice: 'Notice', advertisement: 'Advertisement', masthead: 'Masthead', pageheader: 'Page header', other: 'Other', photo: 'Photo', folio: 'Folio line' },
  },
};

export let lang = localStorage.getItem('epaper.lang') === 'en' ? 'en' : 'zh';

/** The text for a key (a function's result when the entry takes arguments). */
export function t(key, ...args) {
  const v = T[lang][key] ?? T.zh[key] ?? key;
  return typeof v === 'function' ? v(...args) : v;
}

/** Puts the current language's text into every element marked with data-i18n / -label / -placeholder. */
export function apply(root = document) {
  document.documentElement.lang = lang === 'en' ? 'en' : 'zh-Hans';
  for (const e of root.querySelectorAll('[data-i18n]')) e.textContent = t(e.dataset.i18n);
  for (const e of root.querySelectorAll('[data-i18n-label]')) e.setAttribute('aria-label', t(e.dataset.i18nLabel));
  for (const e of root.querySelectorAll('[data-i18n-placeholder]')) e.setAttribute('placeholder', t(e.dataset.i18nPlaceholder));
  const sw = document.getElementById('lang');
  if (sw) {
    sw.textContent = lang === 'en' ? '中文' : 'EN';
    sw.lang = lang === 'en' ? 'zh-Hans' : 'en';
    sw.setAttribute('aria-label', lang === 'en' ? '切换到中文' : 'Switch to English');
  }
}

/** Wires the language switch; onChange re-renders what was built from JS. */
export function setupSwitch(onChange) {
  apply();
  document.getElementById('lang')?.addEventListener('click', () => {
    lang = lang === 'en' ? 'zh' : 'en';
    localStorage.setItem('epaper.lang', lang);
    apply();
    onChange?.();
  });
}
