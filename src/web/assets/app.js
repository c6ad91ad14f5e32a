// The page's script: search as you type, the section view, the handout basket, and the
// offline copy (service worker + search.mjs). Without it the page still works: the server (or
// the export) renders results, sections and topics as plain pages.
//
// Two homes, told by <meta name="outreach" data-mode>: `server` (`outreach serve`: the JSON API
// answers until a service worker keeps a copy on the phone) and `static` (`outreach export`: no
// server, the copy in search.mjs answers). Once a copy is kept, searches never need the network.
'use strict';
(() => {
  const $ = (s, el = document) => el.querySelector(s);
  const $$ = (s, el = document) => [...el.querySelectorAll(s)];
  const meta = $('meta[name=outreach]');
  const BASE = (meta && meta.dataset.base) || '/';
  const MODE = (meta && meta.dataset.mode) || 'server';
  let edition = (meta && meta.dataset.edition) || '';
  // A static copy's section and topic pages carry a link to the search; here it becomes the box
  // (the same size, so nothing moves).
  const bare = $('nav.search');
  if (bare) {
    const logo = bare.querySelector('.home').outerHTML;
    bare.outerHTML = `<form class="search" action="${BASE}" method="get" role="search">${logo}<label class="vh" for="q">Search health information</label><input id="q" name="q" type="search" placeholder="e.g. withdrawal" autocomplete="off" autocapitalize="none" spellcheck="false" maxlength="200" enterkeyhint="search"><button type="submit">Search</button></form>`;
  }
  // A static copy keeps "Where to get help" on its home page only (the copy's size budget);
  // the other pages take the home page's block, from the phone's copy when offline. It goes
  // last, so nothing on the page moves.
  const foot = $('footer.foot');
  if (foot && !$('.help', foot)) {
    fetch(BASE).then((r) => (r.ok ? r.text() : '')).then((t) => {
      const help = $('.help', new DOMParser().parseFromString(t, 'text/html'));
      if (help && !$('.help', foot)) foot.append(help);
    }).catch(() => {});
  }
  const main = $('#main'), input = $('#q'), form = $('.search');
  document.documentElement.classList.add('js');
  // What only the script writes to (pages without it stay small): the notice of a failed
  // request above the view, the live region for announcements.
  main.insertAdjacentHTML('beforebegin', '<div class="notice" id="notice" role="alert" hidden></div>');
  main.insertAdjacentHTML('afterend', '<p class="vh" id="live" role="status"></p>');
  // The handout basket exists only with the script, so pages without it stay small.
  document.body.insertAdjacentHTML('beforeend', `<div class="bar" id="bar">
<button type="button" id="open-basket" class="primary">Handout: <span id="basket-count">0 sections</span></button>
</div>
<dialog id="basket" aria-labelledby="basket-title">
<form method="dialog" class="basket">
<h2 id="basket-title" tabindex="-1">Your handout</h2>
<p id="basket-empty">Nothing yet: add sections with “Add to handout”.</p>
<ol id="basket-items" class="items"></ol>
<fieldset><legend>Print</legend>
<label><input type="radio" name="profile" value="standard" checked> Standard</label>
<label><input type="radio" name="profile" value="large"> Large print</label>
</fieldset>
<fieldset><legend>Paper</legend>
<label><input type="radio" name="paper" value="letter" checked> Letter</label>
<label><input type="radio" name="paper" value="a4"> A4</label>
</fieldset>
<p id="basket-offline" class="msg warn" hidden></p>
<p id="basket-msg" class="msg" role="status"></p>
<div class="row">
<button type="button" id="download" class="primary">Download PDF</button>
<button type="submit" value="close">Close</button>
</div>
</form>
</dialog>`);

  const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const label = (t) => t.replace(/-/g, ' ');
  const qs = (q, topic) => {
    const p = new URLSearchParams();
    if (q) p.set('q', q);
    if (topic) p.set('topic', topic);
    const s = p.toString();
    return s ? `?${s}` : '';
  };
  const home = (q, topic) => `${BASE}${qs(q, topic)}`;
  let pages = new Map(); // section id → its page under BASE (static copies)
  const sectionUrl = (id, q) => (MODE === 'static' && pages.has(id)
    ? `${BASE}${pages.get(id)}${qs(q)}` : `${BASE}s/${encodeURIComponent(id)}${qs(q)}`);

  // ---- where answers come from: the copy on this phone, or the server ----
  const kept = () => !!(navigator.serviceWorker && navigator.serviceWorker.controller);
  const local = () => MODE === 'static' || kept();
  let engineP = null;
  let loaded = null; // the last engine loaded, for the edition line
  function engine() {
    engineP ||= import(`${BASE}search.mjs`)
      .then((m) => m.open(new URL(`${BASE}search-data.json`, location.href)))
      .then((e) => {
        pages = new Map(e.sections.map((s) => [s.id, s.page]));
        loaded = e;
        drawMode(e);
        return e;
      })
      .catch((err) => { engineP = null; throw err; });
    return engineP;
  }
  const modeLine = $('#mode');
  let modeNote = '';
  let notKept = false; // the service worker said why it kept no copy
  function drawMode(e = loaded) {
    if (!modeLine) return;
    const reviewed = e && e.data.reviewed !== 'unknown' ? ` · reviewed ${e.data.reviewed}` : '';
    let text;
    if (kept()) text = `Offline copy on this phone · edition ${edition}${reviewed}`;
    else if (MODE === 'static') {
      // A phone keeps the copy only where a service worker may run: over https (or localhost).
      const keeps = 'serviceWorker' in navigator && window.isSecureContext;
      text = `Copy from this site · edition ${edition}${reviewed} · ${keeps ? (notKept ? 'not kept on this phone' : 'keeping it on this phone…') : 'kept offline only over https'}`;
    }
    else text = navigator.onLine === false ? 'Offline: this page needs the server it came from.' : `Searching the server at ${location.host}`;
    modeLine.textContent = modeNote ? `${modeNote} ${text}` : text;
  }
  async function getJSON(url, signal) {
    let r;
    try {
      r = await fetch(url, { signal, headers: { Accept: 'application/json' } });
    } catch (err) {
      if (err.name === 'AbortError') throw err;
      throw new Error('No connection to the server.');
    }
    const body = await r.json().catch(() => ({}));
    if (!r.ok) throw new Error(body.error || `the server answered ${r.status}`);
    return body;
  }
  // The <main> of another page of this app (a section, the home page): from the service
  // worker's copy when there is one, else from the network.
  async function fetchMain(url, signal) {
    let r;
    try {
      r = await fetch(url, { signal });
    } catch (err) {
      if (err.name === 'AbortError') throw err;
      throw new Error('No connection, and this page is not in the copy on this phone.');
    }
    if (!r.ok) throw new Error(r.status === 404 ? 'This page does not exist.' : `The server answered ${r.status}.`);
    const doc = new DOMParser().parseFromString(await r.text(), 'text/html');
    const m = doc.querySelector('#main');
    if (!m) throw new Error('The page came back empty.');
    return m.innerHTML;
  }

  // ---- one polite announcement per pause, never one per keystroke ----
  const live = $('#live');
  let liveTimer = 0;
  function announce(text) {
    clearTimeout(liveTimer);
    liveTimer = setTimeout(() => { if (live) live.textContent = text; }, 700);
  }

  // ---- a failed request keeps what is shown, says what happened, offers a retry ----
  const notice = $('#notice');
  function fail(message, retry) {
    notice.innerHTML = `<p>${esc(message)}</p>`;
    if (retry) {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = 'Try again';
      b.addEventListener('click', () => { notice.hidden = true; retry(); });
      notice.append(b);
    }
    notice.hidden = false;
  }
  const clearFail = () => { notice.hidden = true; notice.textContent = ''; };

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
  // A custom PDF is made by the server: a static copy has none, and offline it is out of reach.
  const canMakePdf = () => MODE === 'server' && navigator.onLine !== false;
  function drawBasket() {
    const n = basket.items.length;
    $('#bar').hidden = false;
    $('#bar').classList.toggle('empty', n === 0);
    $('#basket-count').textContent = `${n} section${n === 1 ? '' : 's'}`;
    $('#basket-empty').hidden = n > 0;
    // Without the server (the copy, or offline) the sections are printed as the phone sets
    // them, which can save a PDF too; the server's PDF is typeset.
    $('#download').disabled = n === 0;
    $('#download').textContent = canMakePdf() ? 'Download PDF' : 'Print';
    const why = $('#basket-offline');
    why.hidden = canMakePdf();
    why.className = MODE === 'static' ? 'msg' : 'msg warn';
    why.textContent = MODE === 'static'
      ? 'Print puts these sections on paper from this phone; “Save as PDF” keeps a file. Ready-made handouts are on the start page.'
      : 'You are offline: Print puts these sections on paper from this phone (“Save as PDF” keeps a file). The designed PDF needs the connection back.';
    $('#basket-items').innerHTML = basket.items.map((it, i) => `<li data-i="${i}">
      <span class="label">${esc(it.heading)}<small>${esc(it.title)}</small></span>
      <span class="moves"><button type="button" data-move="-1" aria-label="Move ${esc(it.heading)} up"${i ? '' : ' disabled'}>↑</button>
      <button type="button" data-move="1" aria-label="Move ${esc(it.heading)} down"${i < n - 1 ? '' : ' disabled'}>↓</button>
      <button type="button" data-remove aria-label="Remove ${esc(it.heading)}">✕</button></span></li>`).join('');
    for (const r of $$('#basket input[type=radio]')) r.checked = basket[r.name] === r.value;
    syncButtons();
  }
  window.addEventListener('online', () => { drawBasket(); drawMode(); checkUpdate(); });
  window.addEventListener('offline', () => { drawBasket(); if (!local()) drawMode(); });
  document.addEventListener('click', (e) => {
    const add = e.target.closest('.add');
    if (add) {
      const id = add.dataset.id;
      if (has(id)) basket.items = basket.items.filter((i) => i.id !== id);
      else {
        // A section page's button names the section by its crumb and heading beside it.
        const art = add.closest('article');
        const near = (sel) => (art && art.querySelector(sel) ? art.querySelector(sel).textContent : '');
        basket.items.push({ id, title: add.dataset.title || near('.crumb'), heading: add.dataset.heading || near('h1') });
      }
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
        save();
        // Focus follows the section moved, on the same arrow while it can go on, and the new
        // place is said.
        const moved = $(`#basket-items li[data-i="${j}"]`);
        (moved.querySelector(`[data-move="${btn.dataset.move}"]:not([disabled])`) || moved.querySelector('button:not([disabled])')).focus();
        $('#basket-msg').textContent = `${basket.items[j].heading} is now ${j + 1} of ${basket.items.length}.`;
        return;
      }
      if ('remove' in btn.dataset) basket.items.splice(i, 1);
      save();
      const again = $(`#basket-items li[data-i="${Math.min(i, basket.items.length - 1)}"] button:not([disabled])`);
      // The last one removed: focus stays in the dialog, on its title.
      if (again) again.focus(); else $('#basket-title').focus();
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
    drawBasket();
    $('#basket').showModal();
  });
  // The print: the sections' headings and text from the copy, where to get help and the
  // disclaimer from the page's foot, on the paper and in the print size chosen.
  async function printSheet() {
    const pages = await Promise.all(basket.items.map((it) => fetchMain(sectionUrl(it.id))
      .then((h) => new DOMParser().parseFromString(h, 'text/html'))));
    const sheet = $('#sheet') || document.body.appendChild(document.createElement('div'));
    sheet.id = 'sheet';
    sheet.className = `${basket.profile} ${basket.paper}`;
    const titles = [...new Set(pages.map((d) => $('.crumb', d).textContent))].join(' · ');
    sheet.innerHTML = `<h1>${esc(titles)}</h1>${pages.map((d) => `<h2>${$('h1', d).innerHTML}</h2>${$('.body', d).innerHTML}`).join('')}${[$('.foot .help'), $('.foot > p')].map((e) => (e ? e.outerHTML : '')).join('')}`;
    $('#basket-msg').textContent = '';
    window.print();
  }
  $('#download').addEventListener('click', async () => {
    const msg = $('#basket-msg');
    if (!canMakePdf()) return printSheet().catch((err) => { msg.textContent = `Could not print: ${err.message}`; });
    msg.textContent = 'Making the PDF…';
    try {
      let r;
      try {
        r = await fetch(`${BASE}api/handout`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ sections: basket.items.map((i) => i.id), profile: basket.profile, paper: basket.paper }),
        });
      } catch (_) {
        throw new Error('there is no connection to the server. Your sections are kept; try again when online');
      }
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
      msg.textContent = `Could not make the PDF: ${err.message}.`;
    }
  });
  window.addEventListener('storage', (e) => { if (e.key === KEY) { basket = load(); drawBasket(); } });

  // ---- ready-made handouts: share the file where the phone can, else download ----
  function enableShare() {
    const files = typeof File === 'function' && navigator.canShare
      && navigator.canShare({ files: [new File(['x'], 'x.pdf', { type: 'application/pdf' })] });
    // Where the phone cannot share a file, the Download link beside it is the way.
    for (const b of $$('.share')) b.hidden = !files;
  }
  main.addEventListener('click', async (e) => {
    const b = e.target.closest('.share');
    if (!b) return;
    e.preventDefault();
    // The file, its name and its title are the entry's link's (page.rs `handouts_html`).
    const link = $('.pdf-open', b.closest('li'));
    const href = link.getAttribute('href'), name = href.split('/').pop();
    try {
      const r = await fetch(href);
      if (!r.ok) throw new Error(`${r.status}`);
      const file = new File([await r.blob()], name, { type: 'application/pdf' });
      if (navigator.canShare && navigator.canShare({ files: [file] })) {
        await navigator.share({ files: [file], title: link.textContent });
        return;
      }
      const url = URL.createObjectURL(file);
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
    } catch (err) {
      if (err.name !== 'AbortError') fail(`Could not share ${name}: no connection, and it is not in the copy on this phone.`);
    }
  });

  // ---- views ----
  function chip(text, n, href, on) {
    const a = $('#t-chip').content.firstElementChild.cloneNode(true);
    a.setAttribute('href', href);
    if (on) a.setAttribute('aria-current', 'true');
    a.firstChild.textContent = `${text} `;
    $('.n', a).textContent = String(n);
    return a.outerHTML;
  }
  const chips = (q, counts, total, current) => `<nav class="chips" aria-label="Topics">${
    total == null ? '' : chip('All', total, home(q), !current)}${
    counts.map(([t, n]) => chip(label(t), n, home(q, current === t ? '' : t), current === t)).join('')}</nav>`;

  // Repeated parts are drawn from the server's markup, `<template id="t-…">` (src/web/page.rs),
  // filled with text, so nothing is escaped by hand. A static copy's section and topic pages
  // do not carry them: they are borrowed from its home page (kept on the phone like the rest).
  let templatesP = null;
  function templates() {
    if ($('#t-hit') && $('#t-chip')) return Promise.resolve();
    templatesP ||= fetch(BASE).then((r) => {
      if (!r.ok) throw new Error(`The server answered ${r.status}.`);
      return r.text();
    }).then((html) => {
      const doc = new DOMParser().parseFromString(html, 'text/html');
      for (const t of doc.querySelectorAll('template[id^="t-"]')) document.body.append(document.importNode(t, true));
      if (!$('#t-hit') || !$('#t-chip')) throw new Error('The search page came back without its parts.');
    }).catch((err) => {
      templatesP = null;
      throw err.name === 'TypeError' ? new Error('No connection, and the search page is not in the copy on this phone.') : err;
    });
    return templatesP;
  }
  function hitItem(h, q) {
    const li = $('#t-hit').content.firstElementChild.cloneNode(true);
    $('.hit-link', li).setAttribute('href', sectionUrl(h.id, q));
    $('.crumb', li).textContent = h.title;
    $('.heading', li).textContent = h.heading;
    $('.snip', li).innerHTML = h.snippet; // escaped by the search, with <mark> around matches
    $('.tags', li).textContent = h.topics.map(label).join(' · ');
    const add = $('.add', li);
    Object.assign(add.dataset, { id: h.id, title: h.title, heading: h.heading });
    return li.outerHTML;
  }

  // The words of `q`, lowercased, accents typed or not ("sobredósis" is "sobredosis";
  // contacts.rs `says`).
  const wordsOf = (q) => q.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().match(/[\p{L}\p{N}]+/gu) || [];
  // A word or phrase ("help_line") of the list, each word singular or plural (contacts.rs).
  const asksForContacts = (q, words) => {
    const ws = wordsOf(q);
    // A phone number: seven digits or more in one run of digits and the marks numbers are
    // written with (contacts.rs `has_phone_number`).
    let run = 0, most = 0;
    for (const c of q.normalize('NFKC')) {
      if (c >= '0' && c <= '9') most = Math.max(most, ++run);
      else if (!' -.()+/'.includes(c)) run = 0;
    }
    if (most >= 7 || ws.join(' ') === 'help') return true;
    return mentions(ws, words);
  };
  // Whether the words `ws` hold an entry of `words` (`_` joins a phrase), singular or plural.
  const mentions = (ws, words) => (words || '').split(' ').filter(Boolean).some((e) => {
    const want = e.split('_');
    return ws.some((_, i) => want.every((c, k) => ws[i + k] === c || ws[i + k] === `${c}s`));
  });
  // The contact words and those that ask for a place: the help block's data-words and
  // data-place on the server's pages; a static copy leaves them to its search data (`contact`,
  // `place`; page.rs `Help::for_static_copy`), which the phone has loaded before it shows an
  // answer.
  const contactWords = (help) => help.dataset.words ?? (loaded ? loaded.contactEntries.join(' ') : '');
  const placeWords = (help) => help.dataset.place ?? (loaded ? loaded.place.join(' ') : '');
  // The help block for `q`: its entries with a number to dial first when `q` asks for someone
  // to call rather than a place to go (contacts.rs `calls_first`, page.rs).
  // (Also for a query that found nothing: `nothing`; contacts.rs `Order::of`.)
  const helpFor = (q, help, calls, nothing) => {
    const ws = wordsOf(q);
    if (!(calls || nothing || asksForContacts(q, contactWords(help))) || mentions(ws, placeWords(help))) return help.outerHTML;
    const block = help.cloneNode(true);
    const list = block.querySelector('ul');
    // The emergency number (`data-sos`) and the other numbers, each in the corpus's order: the
    // emergency number first for an emergency ("help" alone too), after the others for a call
    // for a number ("hotline"; contacts.rs `Order::of`).
    const sos = [...list.querySelectorAll('li[data-sos]')], numbers = [...list.querySelectorAll('li[data-call]')];
    const emergency = calls || ws.join(' ') === 'help' || mentions(ws, help.dataset.emergency ?? (loaded ? loaded.emergency.join(' ') : ''));
    list.prepend(...(emergency ? [...sos, ...numbers] : [...numbers, ...sos]));
    return block.outerHTML;
  };

  // Only the first letter or two of a word being typed ("k", "kr"): no word of three letters
  // or more (page.rs `still_typing`).
  const stillTyping = (q) => {
    const words = q.match(/[\p{L}\p{N}]+/gu) || [];
    return words.length > 0 && words.every((w) => [...w].length < 3);
  };

  // What the search did with the words, said once and plainly.
  function notes(r, answered) {
    let out = '';
    const typos = r.expanded.filter((e) => e.kind === 'typo');
    const syn = r.expanded.filter((e) => e.kind === 'synonym');
    if (typos.length) out += `<p class="note">Showing results for <b>${esc(typos.map((e) => e.to[0]).join(', '))}</b> (you typed “${esc(typos.map((e) => e.from).join(', '))}”).</p>`;
    for (const e of syn) out += `<p class="note">“${esc(e.from)}” also finds <b>${esc(e.to.join(', '))}</b>.</p>`;
    // Each word quoted, never a phrase nobody typed; not said where the contacts answer the
    // query (`answered`; query.rs `unmatched_words`).
    const words = (r.unmatched || []).map((w) => `“${esc(w)}”`);
    if (words.length && r.total > 0 && !answered) {
      out += `<p class="note">No section mentions ${words.length > 1 ? `${words.slice(0, -1).join(', ')} or ${words.at(-1)}` : words[0]}: showing the rest of your search.</p>`;
    }
    return out;
  }

  function resultsHtml(r, q, topic, counts, total, topicsAll, limit) {
    const title = q.trim() ? `Results for “${esc(q.trim())}”` : `Topic: ${esc(label(topic).replace(/^./, (c) => c.toUpperCase()))}`;
    // A query for a number or a place, or one that found nothing, gets the contacts first
    // (the words are the server's, src/search/contacts.rs).
    const help = document.querySelector('footer .help');
    // (Also a misspelt word of a crisis, "suicde": `calls`, query.rs.)
    const asks = !!help && (!!r.calls || asksForContacts(q, contactWords(help)));
    // The numbers first, above any note on the query's words (page.rs).
    let out = `<h1 class="view-title" tabindex="-1">${title}</h1>${asks ? helpFor(q, help, !!r.calls) : ''}<div class="notes" id="notes">${notes(r, asks)}</div>`;
    // Also a last word that found nothing yet but starts a longer word ("sho" on the way to
    // "should"; query.rs `being_typed`): "keep typing", not the help block, between letters.
    const typing = stillTyping(q) || !!r.typing;
    if (help && !asks && !r.total && q.trim() && !typing) out += helpFor(q, help, !!r.calls, true);
    const n = r.total;
    // A call for help that no section answers is answered by the contacts alone (page.rs).
    if (asks && n === 0) return out;
    // A chosen topic is said, with the way out of it (page.rs says it too).
    const scope = topic ? ` on ${label(topic)}` : '';
    let count = n === 0 ? (q.trim() ? `No sections${scope} match “${q.trim()}”${typing ? ': keep typing' : ''}.` : `No sections${scope}.`)
      : n === 1 ? '1 section' : n > r.hits.length ? `${n} sections, best ${r.hits.length} shown` : `${n} sections`;
    if (n > 0) count += scope;
    out += `<p class="count" id="count">${esc(count)}</p>`;
    if (topic && q.trim()) out += `<p><a class="more" href="${esc(home(q))}">Search all topics</a></p>`;
    // No dead ends: when nothing matched, what looser means found, then every topic.
    if (r.related && r.related.length) {
      out += '<h2 class="sub">Related sections</h2><ul class="related">';
      for (const x of r.related) out += `<li><a href="${esc(sectionUrl(x.id, q))}"><span class="crumb">${esc(x.title)}</span> ${esc(x.heading)}</a> <span class="why">(${esc(x.reason)})</span></li>`;
      out += '</ul>';
    }
    out += `<ol class="hits">${r.hits.map((h) => hitItem(h, q)).join('')}</ol>`;
    if (n > r.hits.length) out += `<p><a class="more" href="${esc(home(q, topic))}" data-limit="50">Show all ${n} sections</a></p>`;
    // The answer comes first; narrowing by topic after it.
    if (n === 0) out += `<h2 class="sub">Browse a topic instead</h2>${chips('', topicsAll, null, null)}`;
    else if (counts.length) out += `<h2 class="sub">${q.trim() ? 'Narrow by topic' : 'Other topics'}</h2>${chips(q, counts, total, topic)}`;
    return out;
  }

  const topicCounts = (e) => {
    const m = new Map();
    for (const s of e.sections) for (const t of s.topics) m.set(t, (m.get(t) || 0) + 1);
    return [...m].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  };
  let topicsCache = null;

  // Answers from the copy (instant) or the server; either way the same object.
  async function answer(q, topic, limit, signal) {
    if (local()) {
      try {
        const e = await engine();
        const r = e.search(q, { topics: topic ? [topic] : [], limit });
        const unfiltered = topic && q.trim() ? e.search(q, { limit: 1 }) : null;
        return { r, unfiltered, topics: topicCounts(e) };
      } catch (err) {
        if (MODE === 'static') throw new Error('The search data could not be loaded.');
        // A server page whose copy failed to load: the server still answers.
      }
    }
    const base = `${BASE}api/search${qs(q)}`;
    const join = q ? '&' : '?';
    const url = `${base}${topic ? `${join}topic=${encodeURIComponent(topic)}` : ''}${limit !== 10 ? `${(q || topic) ? '&' : '?'}limit=${limit}` : ''}`;
    const [r, unfiltered, topics] = await Promise.all([
      getJSON(url, signal),
      topic && q.trim() ? getJSON(`${base}&limit=1`, signal) : null,
      topicsCache || getJSON(`${BASE}api/topics`, signal).then((t) => (topicsCache = t.map((x) => [x.topic, x.sections]))),
    ]);
    return { r, unfiltered, topics };
  }

  let ctrl = null;
  async function showResults(q, topic, opts = {}) {
    if (ctrl) ctrl.abort();
    ctrl = new AbortController();
    const signal = ctrl.signal;
    try {
      if (!q.trim() && !topic) return await showHome();
      const limit = opts.limit || 10;
      // The server may be slow: after a moment, say that the search is on its way.
      const slow = setTimeout(() => { main.setAttribute('aria-busy', 'true'); document.body.classList.add('busy'); }, 250);
      let found;
      try {
        found = await answer(q, topic, limit, signal);
      } finally {
        clearTimeout(slow);
        if (!signal.aborted) { main.removeAttribute('aria-busy'); document.body.classList.remove('busy'); }
      }
      const { r, unfiltered, topics } = found;
      await templates();
      if (signal.aborted) return;
      let counts, total = null;
      if (!q.trim()) counts = topics;
      else {
        const u = unfiltered || r;
        counts = Object.entries(u.facets).filter(([, n]) => n > 0);
        total = u.total;
      }
      clearFail();
      main.dataset.view = 'results';
      main.innerHTML = resultsHtml(r, q, topic, counts, total, topics, limit);
      document.title = `${q || label(topic)} – Outreach`;
      syncButtons();
      const n = r.total;
      const first = n === 0 && !$('#count', main) && $('.help li b', main);
      announce(first ? `Where to get help: ${first.textContent}` : n === 0 ? `No sections match ${q}` : `${n} section${n === 1 ? '' : 's'} found`);
      const back = opts.focusHref && $$('a', main).find((x) => x.getAttribute('href') === opts.focusHref);
      if (back) back.focus({ preventScroll: true });
      else if (opts.focus) $('.view-title', main).focus({ preventScroll: true });
      // Back to results: where they were left; a topic or query followed: from the top.
      if (opts.scroll != null) window.scrollTo(0, opts.scroll);
      else if (opts.focus) window.scrollTo(0, 0);
    } catch (err) {
      if (err.name !== 'AbortError') fail(`Could not search: ${err.message}`, () => showResults(q, topic, opts));
    }
  }

  let homeHtml = main.dataset.view === 'home' ? main.innerHTML : null;
  async function showHome() {
    if (!homeHtml) homeHtml = await fetchMain(BASE);
    main.dataset.view = 'home';
    main.innerHTML = homeHtml;
    document.title = 'Outreach: health information';
    enableShare();
  }

  // A section opened from the results marks the words the query matched, as its snippet did
  // (the search's `words`: lowercased and accent-folded, like the index).
  async function markMatches(q) {
    const art = $('article.section', main), add = art && $('.add[data-id]', art);
    if (!add || !q.trim()) return;
    let hit;
    try {
      const r = local() ? (await engine()).search(q, { limit: 50 }) : await getJSON(`${BASE}api/search${qs(q)}&limit=50`);
      hit = r.hits.find((h) => h.id === add.dataset.id);
    } catch (err) { return; }
    if (!hit || !hit.words || !art.isConnected) return;
    const words = new Set(hit.words);
    const fold = (w) => w.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
    for (const root of [$('h1', art), $('.body', art)]) {
      const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT), nodes = [];
      while (walk.nextNode()) nodes.push(walk.currentNode);
      for (const n of nodes) {
        const t = n.data, out = [];
        let at = 0;
        for (const m of t.matchAll(/[\p{Alphabetic}\p{Nd}\p{Nl}\p{No}]+/gu)) {
          if (!words.has(fold(m[0]))) continue;
          const k = document.createElement('mark');
          k.textContent = m[0];
          out.push(t.slice(at, m.index), k);
          at = m.index + m[0].length;
        }
        if (out.length) n.replaceWith(...out, t.slice(at));
      }
    }
  }

  async function showSection(url, q, from) {
    if (ctrl) ctrl.abort();
    ctrl = new AbortController();
    try {
      const html = await fetchMain(url.split('?')[0], ctrl.signal);
      clearFail();
      main.dataset.view = 'section';
      main.innerHTML = html;
      // The way back says where it goes: the results, the topic list, or home.
      const back = $('a.back', main);
      if (back) {
        if (from && from.topic && !from.q) { back.href = home('', from.topic); back.textContent = `← ${label(from.topic)} sections`; }
        else if (q) { back.href = home(q); back.textContent = '← Back to results'; }
        else { back.href = BASE; back.textContent = '← Home'; }
      }
      const h1 = $('h1', main);
      document.title = `${h1 ? h1.textContent : 'Section'} – Outreach`;
      syncButtons();
      window.scrollTo(0, 0);
      if (h1) { h1.tabIndex = -1; h1.focus({ preventScroll: true }); }
      markMatches(q);
    } catch (err) {
      if (err.name !== 'AbortError') fail(`Could not open the section: ${err.message}`, () => showSection(url, q, from));
    }
  }

  // Which view a URL of this app shows, or null for anything else (PDFs, other sites).
  function viewOf(url) {
    if (url.origin !== location.origin || !url.pathname.startsWith(BASE)) return null;
    const rest = url.pathname.slice(BASE.length);
    const p = url.searchParams;
    if (rest === '' || rest === 'index.html') return { kind: 'results', q: p.get('q') || '', topic: p.get('topic') || '' };
    if (rest.startsWith('s/')) return { kind: 'section', url: url.pathname, q: p.get('q') || '' };
    const t = /^t\/([^/]+)\.html$/.exec(rest);
    if (t) return { kind: 'results', q: '', topic: decodeURIComponent(t[1]) };
    return null;
  }

  function route(opts = {}) {
    const v = viewOf(new URL(location.href));
    const st = history.state || {};
    if (!v) return;
    // A basket's printed sheet is done with: the browser's own Print prints the page again.
    const sheet = $('#sheet');
    if (sheet) sheet.remove();
    input.value = v.q || '';
    if (v.kind === 'section') return showSection(v.url, v.q, st.from);
    return showResults(v.q, v.topic, { ...opts, limit: st.limit, scroll: st.scroll, focusHref: st.focusHref });
  }

  // Links inside the app are followed without a reload; the results' scroll position is kept
  // for the way back.
  main.addEventListener('click', (e) => {
    const a = e.target.closest('a[href]');
    if (!a || a.hasAttribute('download') || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
    const url = new URL(a.href, location.href);
    const v = viewOf(url);
    if (!v) return;
    e.preventDefault();
    const here = viewOf(new URL(location.href));
    if (a.classList.contains('back') && history.state && history.state.fromResults) return history.back();
    // The way back returns to this scroll position, with focus on the link that was followed.
    if (main.dataset.view === 'results') history.replaceState({ ...(history.state || {}), scroll: window.scrollY, focusHref: a.getAttribute('href') }, '');
    const from = here && here.kind === 'results' ? { q: here.q, topic: here.topic } : null;
    const limit = a.dataset.limit ? Number(a.dataset.limit) : undefined;
    const target = v.kind === 'results' && url.pathname !== BASE ? home(v.q, v.topic) : `${url.pathname}${url.search}`;
    history.pushState({ fromResults: main.dataset.view === 'results', from, limit }, '', target);
    route({ focus: v.kind === 'results' });
  });
  window.addEventListener('popstate', () => route());

  let timer = 0;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    // The copy on the phone answers at once; the server is asked after a pause.
    timer = setTimeout(() => {
      const q = input.value;
      // A topic chosen on the results (or a topic's own page) stays chosen while the query is
      // edited.
      const here = viewOf(new URL(location.href));
      const topic = main.dataset.view === 'results' && here ? here.topic || '' : '';
      const url = home(q, topic);
      if (main.dataset.view !== 'results' || !location.search) history.pushState(null, '', url);
      else history.replaceState(null, '', url);
      showResults(q, topic);
    }, local() ? 0 : 150);
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    clearTimeout(timer);
    history.pushState(null, '', home(input.value));
    showResults(input.value, '', { focus: true });
    input.blur(); // closes the phone keyboard so the results are visible
  });

  // ---- the service worker: keeps the whole edition on the phone, swaps editions whole ----
  let registration = null;
  function checkUpdate() { if (registration && navigator.onLine !== false) registration.update().catch(() => {}); }
  if ('serviceWorker' in navigator && window.isSecureContext) {
    navigator.serviceWorker.register(`${BASE}sw.js`, { scope: BASE, updateViaCache: 'none' })
      .then((reg) => { registration = reg; checkUpdate(); })
      .catch(() => drawMode());
    navigator.serviceWorker.addEventListener('message', (e) => {
      if (e.data && e.data.type === 'updated') {
        edition = e.data.edition;
        // A section or results on the screen are the old edition's: say how to see the new.
        const stale = main.dataset.view !== 'home';
        modeNote = `Updated to edition ${edition}.${stale ? ' Reload to see this page in it.' : ''}`;
        engineP = null; // the next search reads the new edition's data
        homeHtml = null;
        engine().catch(() => drawMode());
      }
      if (e.data && e.data.type === 'not-kept') {
        // Nothing (new) was kept on this phone: say why, and that it tries again.
        notKept = !kept();
        modeNote = `Edition ${e.data.edition} could not be kept on this phone (${e.data.reason}); it tries again next time online.`;
        drawMode();
      }
    });
    navigator.serviceWorker.addEventListener('controllerchange', () => { drawMode(); if (local()) engine().catch(() => {}); });
  }

  drawBasket();
  enableShare();
  if (local()) engine().catch(() => drawMode()); else drawMode();
  // A static copy's home page carries no results: draw them for ?q= / ?topic=.
  const first = viewOf(new URL(location.href));
  // The offline copy answers an address it does not hold (a section, a topic) with the start
  // page: it says so.
  if (main.dataset.view === 'home' && !/^(index\.html)?$/.test(location.pathname.slice(BASE.length))) fail('That page is not in the copy on this phone: here is the start page.');
  else if (first && first.kind === 'results' && (first.q || first.topic) && main.dataset.view === 'home') route();
  // A static copy's section page, opened or reloaded with ?q=, leads back to those results.
  const back = first && first.kind === 'section' && first.q && $('a.back', main);
  if (back) { back.href = home(first.q); back.textContent = '← Back to results'; input.value = first.q; markMatches(first.q); }
})();
