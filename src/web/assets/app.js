// The page's script: search as you type, the section view and the handout basket.
// Without it the page still works: the server renders results for a plain form submit.
'use strict';
(() => {
  const $ = (s, el = document) => el.querySelector(s);
  const $$ = (s, el = document) => [...el.querySelectorAll(s)];
  const main = $('#main'), input = $('#q'), form = $('.search');
  document.documentElement.classList.add('js');

  const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const label = (t) => t.replace(/-/g, ' ');
  const qs = (q, topic) => {
    const p = new URLSearchParams();
    if (q) p.set('q', q);
    if (topic) p.set('topic', topic);
    const s = p.toString();
    return s ? `?${s}` : '';
  };
  const sectionUrl = (id, q) => `/s/${encodeURIComponent(id)}${qs(q)}`;
  async function getJSON(url, signal) {
    const r = await fetch(url, { signal, headers: { Accept: 'application/json' } });
    const body = await r.json().catch(() => ({}));
    if (!r.ok) throw new Error(body.error || `the server answered ${r.status}`);
    return body;
  }

  // ---- the handout basket, kept in local storage ----
  const KEY = 'outreach.basket.v1';
  const usLetter = /-(us|ca|mx|ph)$/i.test(navigator.language || '');
  function load() {
    try {
      const b = JSON.parse(localStorage.getItem(KEY));
      if (b && Array.isArray(b.items)) return b;
    } catch (_) { /* a broken or blocked store starts empty */ }
    return { items: [], profile: 'standard', paper: usLetter ? 'letter' : 'a4' };
  }
  let basket = load();
  const has = (id) => basket.items.some((i) => i.id === id);
  function save() {
    try { localStorage.setItem(KEY, JSON.stringify(basket)); } catch (_) { /* private mode */ }
    drawBasket();
  }
  function syncButtons() {
    for (const b of $$('.add')) {
      const on = has(b.dataset.id);
      b.setAttribute('aria-pressed', String(on));
      b.textContent = on ? 'In handout ✓' : 'Add to handout';
    }
  }
  function drawBasket() {
    const n = basket.items.length;
    $('#bar').hidden = n === 0;
    $('#basket-count').textContent = `${n} section${n === 1 ? '' : 's'}`;
    $('#basket-empty').hidden = n > 0;
    $('#download').disabled = n === 0;
    $('#basket-items').innerHTML = basket.items.map((it, i) => `<li data-i="${i}">
      <span class="label">${esc(it.heading)}<small>${esc(it.title)}</small></span>
      <button type="button" data-move="-1" aria-label="Move ${esc(it.heading)} up"${i ? '' : ' disabled'}>↑</button>
      <button type="button" data-move="1" aria-label="Move ${esc(it.heading)} down"${i < n - 1 ? '' : ' disabled'}>↓</button>
      <button type="button" data-remove aria-label="Remove ${esc(it.heading)}">✕</button></li>`).join('');
    for (const r of $$('#basket input[type=radio]')) r.checked = basket[r.name] === r.value;
    syncButtons();
  }
  document.addEventListener('click', (e) => {
    const add = e.target.closest('.add');
    if (add) {
      const id = add.dataset.id;
      if (has(id)) basket.items = basket.items.filter((i) => i.id !== id);
      else basket.items.push({ id, title: add.dataset.title, heading: add.dataset.heading });
      save();
      return;
    }
    const li = e.target.closest('#basket-items li');
    const btn = e.target.closest('button');
    if (li && btn) {
      const i = Number(li.dataset.i);
      if (btn.dataset.move) {
        const j = i + Number(btn.dataset.move);
        if (j < 0 || j >= basket.items.length) return;
        [basket.items[i], basket.items[j]] = [basket.items[j], basket.items[i]];
      } else if ('remove' in btn.dataset) {
        basket.items.splice(i, 1);
      }
      save();
      const again = $(`#basket-items li[data-i="${Math.min(i, basket.items.length - 1)}"] button:not([disabled])`);
      if (again) again.focus();
    }
  });
  $('#basket').addEventListener('change', (e) => {
    if (e.target.name === 'profile' || e.target.name === 'paper') {
      basket[e.target.name] = e.target.value;
      save();
    }
  });
  $('#open-basket').addEventListener('click', () => {
    $('#basket-msg').textContent = '';
    $('#basket').showModal();
  });
  $('#download').addEventListener('click', async () => {
    const msg = $('#basket-msg');
    msg.textContent = 'Making the PDF…';
    try {
      const r = await fetch('/api/handout', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ sections: basket.items.map((i) => i.id), profile: basket.profile, paper: basket.paper }),
      });
      if (!r.ok) throw new Error((await r.json().catch(() => ({}))).error || `the server answered ${r.status}`);
      const url = URL.createObjectURL(await r.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = 'handout.pdf';
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
      msg.textContent = 'Downloaded handout.pdf.';
    } catch (err) {
      msg.textContent = `Could not make the PDF: ${err.message}`;
    }
  });
  window.addEventListener('storage', (e) => { if (e.key === KEY) { basket = load(); drawBasket(); } });

  // ---- views ----
  let topicsCache = null;
  const topicList = async () => (topicsCache ||= await getJSON('/api/topics'));
  const chip = (text, n, href, on) =>
    `<a class="chip" href="${esc(href)}"${on ? ' aria-current="true"' : ''}>${esc(text)} <span class="n">${n}</span></a>`;
  const chips = (q, counts, total, current) => `<nav class="chips" aria-label="Topics">${
    total == null ? '' : chip('All', total, `/${qs(q)}`, !current)}${
    counts.map(([t, n]) => chip(label(t), n, `/${qs(q, current === t ? '' : t)}`, current === t)).join('')}</nav>`;
  const addButton = (h, cls = '') =>
    `<button type="button" class="add ${cls}" data-id="${esc(h.id)}" data-title="${esc(h.title)}" data-heading="${esc(h.heading)}" aria-pressed="false">Add to handout</button>`;

  function resultsHtml(r, q, topic, counts, total) {
    let out = counts.length ? chips(q, counts, total, topic) : '';
    out += '<div class="notes" id="notes">';
    for (const e of r.expanded) out += `<p class="note">Showing <b>${esc(e.to.join(', '))}</b> for <b>${esc(e.from)}</b> (${esc(e.kind)})</p>`;
    if (r.suggestion) out += `<p class="dym">Did you mean <a href="/${esc(qs(r.suggestion, topic))}">${esc(r.suggestion)}</a>?</p>`;
    out += '</div>';
    const n = r.total;
    let count = n === 0 ? 'No sections match. Try other words, or pick a topic.'
      : n === 1 ? '1 section' : n > r.hits.length ? `${n} sections, best ${r.hits.length} shown` : `${n} sections`;
    if (!q.trim() && n > 0) count += ` on ${label(topic)}`;
    out += `<p class="count" id="count" role="status">${esc(count)}</p>`;
    // No dead ends: when nothing matched, the sections search found by looser means.
    if (r.related && r.related.length) {
      out += '<h2 class="sub">Related sections</h2><ul class="related">';
      for (const x of r.related) out += `<li><a href="${esc(sectionUrl(x.id, q))}"><span class="crumb">${esc(x.title)}</span> ${esc(x.heading)}</a> <span class="why">(${esc(x.reason)})</span></li>`;
      out += '</ul>';
    }
    out += '<ol class="hits">';
    for (const h of r.hits) {
      // h.snippet is escaped by the server, with <mark> around matches.
      out += `<li class="hit"><a class="hit-link" href="${esc(sectionUrl(h.id, q))}"><span class="crumb">${esc(h.title)}</span> <span class="heading">${esc(h.heading)}</span></a><p class="snip">${h.snippet}</p><div class="hit-foot"><span class="tags">${esc(h.topics.map(label).join(' · '))}</span>${addButton(h)}</div></li>`;
    }
    return `${out}</ol>`;
  }

  let ctrl = null;
  async function showResults(q, topic) {
    if (ctrl) ctrl.abort();
    ctrl = new AbortController();
    const signal = ctrl.signal;
    const base = `/api/search${qs(q)}`;
    const url = topic ? `${base}${q ? '&' : '?'}topic=${encodeURIComponent(topic)}` : base;
    try {
      if (!q.trim() && !topic) return await showHome();
      const [r, unfiltered, topics] = await Promise.all([
        getJSON(url, signal),
        topic && q.trim() ? getJSON(`${base}&limit=1`, signal) : null,
        q.trim() ? null : topicList(),
      ]);
      let counts, total = null;
      if (topics) counts = topics.map((t) => [t.topic, t.sections]);
      else {
        const u = unfiltered || r;
        counts = Object.entries(u.facets).filter(([, n]) => n > 0);
        total = u.total;
      }
      main.dataset.view = 'results';
      main.innerHTML = resultsHtml(r, q, topic, counts, total);
      document.title = `${q || label(topic)} – Outreach`;
      syncButtons();
    } catch (err) {
      if (err.name !== 'AbortError') main.innerHTML = `<div class="intro"><h1>Sorry</h1><p>${esc(err.message)}</p></div>`;
    }
  }

  async function showHome() {
    const topics = await topicList();
    main.dataset.view = 'home';
    main.innerHTML = `<div class="intro"><h1>Addiction health information</h1><p>Search in your own words: typos and everyday words are fine. Everything here works offline.</p></div><h2 class="sub">Topics</h2>${chips('', topics.map((t) => [t.topic, t.sections]), null, null)}`;
    document.title = 'Outreach: health information';
  }

  async function showSection(id, q) {
    if (ctrl) ctrl.abort();
    ctrl = new AbortController();
    try {
      const s = await getJSON(`/api/sections/${encodeURIComponent(id)}`, ctrl.signal);
      const back = q ? `<a class="back" href="/${esc(qs(q))}">← Back to results</a>` : '<a class="back" href="/">← Home</a>';
      const tags = s.topics.map((t) => `<a href="/${esc(qs('', t))}">${esc(label(t))}</a>`).join(', ');
      main.dataset.view = 'section';
      main.innerHTML = `<article class="section">${back}<p class="crumb">${esc(s.title)}</p><h1>${esc(s.heading)}</h1>${addButton(s, 'wide')}<div class="body">${s.html}</div><p class="tags">Topics: ${tags}</p></article>`;
      document.title = `${s.heading} – Outreach`;
      syncButtons();
      window.scrollTo(0, 0);
      main.focus({ preventScroll: true });
    } catch (err) {
      if (err.name !== 'AbortError') main.innerHTML = `<div class="intro"><h1>Not found</h1><p>${esc(err.message)}</p><p><a class="back" href="/">Start again</a></p></div>`;
    }
  }

  function route() {
    const p = new URLSearchParams(location.search);
    const q = p.get('q') || '';
    input.value = q;
    if (location.pathname.startsWith('/s/')) return showSection(decodeURIComponent(location.pathname.slice(3)), q);
    return showResults(q, p.get('topic') || '');
  }

  // Same-page links (results, chips, "did you mean", back) are followed without a reload.
  main.addEventListener('click', (e) => {
    const a = e.target.closest('a[href^="/"]');
    if (!a || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    if (a.classList.contains('back') && history.state && history.state.fromResults) return history.back();
    history.pushState({ fromResults: main.dataset.view === 'results' }, '', a.getAttribute('href'));
    route();
  });
  window.addEventListener('popstate', route);

  let timer = 0;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const q = input.value;
      // A topic chosen on the results stays chosen while the query is edited.
      const topic = main.dataset.view === 'results' ? new URLSearchParams(location.search).get('topic') || '' : '';
      const url = `/${qs(q, topic)}`;
      if (main.dataset.view === 'section' || !location.search) history.pushState(null, '', url);
      else history.replaceState(null, '', url);
      showResults(q, topic);
    }, 100);
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    clearTimeout(timer);
    history.pushState(null, '', `/${qs(input.value)}`);
    showResults(input.value, '');
    input.blur(); // closes the phone keyboard so the results are visible
  });

  drawBasket();
})();
