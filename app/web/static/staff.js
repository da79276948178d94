// Staff lookup console (/staff): search as you type, ranked results with the matched words highlighted, the
// selected entry in English and Chinese (Simplified or Traditional, switchable) side by side, copy an answer with its
// disclaimer. Keyboard first.
// Every text comes from the server (the catalogs); everything is rendered as text nodes, never parsed as HTML.
"use strict";

(() => {
  const API = "/api/v1";
  const DEBOUNCE_MS = 150;
  const SEARCHING_NOTICE_MS = 300;
  const SEARCH_LIMIT = 10;
  const SNIPPET_CHARS = 220;
  const SNIPPET_LEAD = 60;
  const MIN_SUFFIX_STEM = 4; // as app/answering/highlight.py: "dose" also marks "doses"
  const STORAGE_KEY = "faqbot.staff.lang";
  const SCRIPT_KEY = "faqbot.staff.script";
  const LANG_TAG = { en: "en", zh: "zh-Hans", "zh-Hant": "zh-Hant" };
  const LANGS = ["en", "zh", "zh-Hant"]; // interface languages
  const SCRIPTS = ["zh", "zh-Hant"]; // what the Chinese column can show: Simplified or Traditional

  const byId = (id) => document.getElementById(id);
  const els = {
    q: byId("q"),
    results: byId("results"),
    heading: byId("results-heading"),
    status: byId("status"),
    columns: byId("columns"),
    prompt: byId("detail-prompt"),
    uiLang: byId("ui-lang"),
    scriptSwitch: byId("script-switch"),
    chinese: byId("entry-zh"),
    phone: byId("phone-link"),
    buffer: byId("copy-buffer"),
  };

  const state = {
    ui: "en",
    strings: {},
    terms: [],
    options: [], // option elements, in display order
    active: -1,
    openId: null,
    script: null, // the Chinese column's script, once the agent has chosen one
    opened: { en: null, zh: null }, // the opened entry's API responses: English and the Chinese column
    browseCache: {},
    seq: 0,
    controller: null,
    debounce: 0,
    notice: 0,
  };

  class ApiError extends Error {}

  const t = (key) => (typeof state.strings[key] === "string" ? state.strings[key] : "");

  async function getJSON(url, signal) {
    const response = await fetch(url, { signal, headers: { Accept: "application/json" } });
    let body = null;
    try {
      body = await response.json();
    } catch {
      body = null;
    }
    if (!response.ok) {
      const message = body && body.error && typeof body.error.message === "string" ? body.error.message : "";
      throw new ApiError(message);
    }
    return body;
  }

  // -- interface language ---------------------------------------------------------------------------------------
  function stored(key) {
    try {
      return window.localStorage.getItem(key);
    } catch {
      return null; // storage disabled
    }
  }

  function store(key, value) {
    try {
      window.localStorage.setItem(key, value);
    } catch {
      // storage disabled: the choice lasts as long as the page
    }
  }

  // A BCP 47 tag -> "en", "zh" or "zh-Hant", as app/language/i18n.py: Chinese takes the tag's script, else its region's likely one.
  function langOfTag(tag) {
    const value = String(tag || "").replace(/_/g, "-");
    const language = value.split("-")[0].toLowerCase();
    if (language === "en") return "en";
    if (language !== "zh" && language !== "yue") return null;
    try {
      return new Intl.Locale(value).maximize().script === "Hant" ? "zh-Hant" : "zh";
    } catch {
      return /-(hant|tw|hk|mo)(-|$)/i.test(value) ? "zh-Hant" : "zh";
    }
  }

  function initialLanguage() {
    const saved = stored(STORAGE_KEY);
    if (LANGS.includes(saved)) return saved;
    for (const tag of navigator.languages || [navigator.language || "en"]) {
      const lang = langOfTag(tag);
      if (lang) return lang;
    }
    return "en";
  }

  // The Chinese column shows the agent's choice, else the interface's Chinese, else Simplified.
  function chineseScript() {
    if (SCRIPTS.includes(state.script)) return state.script;
    return SCRIPTS.includes(state.ui) ? state.ui : "zh";
  }

  function showScriptChoice() {
    const script = chineseScript();
    els.scriptSwitch.setAttribute("aria-label", t("chinese_script"));
    for (const button of els.scriptSwitch.querySelectorAll("button[data-script]")) {
      button.setAttribute("aria-pressed", String(button.dataset.script === script));
    }
    els.chinese.lang = LANG_TAG[script];
  }

  async function switchScript(script) {
    if (!SCRIPTS.includes(script) || script === chineseScript()) return;
    state.script = script;
    store(SCRIPT_KEY, script);
    showScriptChoice();
    if (state.openId) await openEntry(state.openId);
  }

  async function loadStrings(lang) {
    const body = await getJSON(`${API}/staff/strings?lang=${encodeURIComponent(lang)}`);
    state.ui = body.lang;
    state.strings = body.strings;
    document.documentElement.lang = LANG_TAG[state.ui];
    document.title = t("title");
    for (const element of document.querySelectorAll("[data-text]")) {
      element.textContent = t(element.dataset.text);
      if (!element.dataset.text.startsWith("language_name_")) element.lang = LANG_TAG[state.ui];
    }
    els.q.placeholder = t("search_placeholder");
    els.phone.textContent = body.phone;
    els.phone.href = `tel:${String(body.phone).replace(/[^0-9+]/g, "")}`;
    els.uiLang.value = state.ui;
    showScriptChoice();
  }

  async function switchLanguage(lang) {
    try {
      await loadStrings(lang);
      store(STORAGE_KEY, state.ui);
    } catch {
      // keep the current language; the status line says why on the next request
    }
    update();
  }

  // -- highlighting (the rules of app/answering/highlight.py) -------------------------------------------------------------
  const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

  function termPattern(terms) {
    const unique = [...new Set(terms.filter((term) => typeof term === "string" && term.trim()))];
    unique.sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
    const parts = unique.map((term) => {
      let part = term.trim().split(/\s+/).map(escapeRegExp).join("\\s*");
      if (/^[A-Za-z0-9]/.test(term)) part = `(?<![A-Za-z0-9])${part}`;
      if (/[A-Za-z]$/.test(term)) part += term.length >= MIN_SUFFIX_STEM ? "[A-Za-z]*" : "(?![A-Za-z0-9])";
      return part;
    });
    return parts.length ? new RegExp(parts.join("|"), "giu") : null;
  }

  function appendHighlighted(parent, text, pattern) {
    if (!pattern) {
      parent.append(text);
      return;
    }
    let last = 0;
    for (const match of text.matchAll(pattern)) {
      if (!match[0]) continue;
      if (match.index > last) parent.append(text.slice(last, match.index));
      const mark = document.createElement("mark");
      mark.textContent = match[0];
      parent.append(mark);
      last = match.index + match[0].length;
    }
    if (last < text.length) parent.append(text.slice(last));
  }

  function snippet(text, pattern) {
    if (text.length <= SNIPPET_CHARS) return text;
    let start = 0;
    if (pattern) {
      pattern.lastIndex = 0;
      const first = pattern.exec(text);
      pattern.lastIndex = 0;
      if (first && first.index > SNIPPET_CHARS - SNIPPET_LEAD) start = first.index - SNIPPET_LEAD;
    }
    const inWord = (position) => /[A-Za-z0-9]/.test(text[position - 1] || "") && /[A-Za-z0-9]/.test(text[position] || "");
    if (start > 0 && inWord(start)) {
      const space = text.indexOf(" ", start);
      if (space >= 0 && space - start < 20) start = space + 1; // do not start in the middle of a word
    }
    let end = Math.min(text.length, start + SNIPPET_CHARS);
    if (end < text.length && inWord(end)) {
      const space = text.lastIndexOf(" ", end);
      if (space > start + SNIPPET_CHARS / 2) end = space; // nor end in one
    }
    const piece = text.slice(start, end).trim();
    return `${start > 0 ? "…" : ""}${end < text.length ? `${piece.replace(/[\s,;:，、；：]+$/u, "")}…` : piece}`;
  }

  // -- results --------------------------------------------------------------------------------------------------
  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function optionFor(item, pattern, score) {
    const option = element("div", "option");
    option.id = `option-${item.id}`;
    option.setAttribute("role", "option");
    option.setAttribute("aria-selected", "false");
    option.dataset.id = item.id;
    const question = element("div", "option-question");
    appendHighlighted(question, item.question, pattern);
    const answer = element("div", "option-answer");
    appendHighlighted(answer, snippet(item.answer, pattern), pattern);
    option.append(question, answer);
    if (score !== undefined) {
      const meta = element("div", "option-meta");
      const meter = element("meter", "score-meter");
      meter.min = 0;
      meter.max = 1;
      meter.low = 0.35;
      meter.high = 0.6;
      meter.optimum = 1;
      meter.value = score;
      meter.setAttribute("aria-hidden", "true");
      meta.append(element("span", "option-section", item.section), element("span", "score", `${t("score")} ${score.toFixed(2)}`), meter);
      option.append(meta);
    }
    if (item.id === state.openId) option.classList.add("open");
    option.addEventListener("click", () => {
      setActive(state.options.indexOf(option));
      openActive(true);
    });
    return option;
  }

  // Search results start at the best one; browsing starts at the entry that is open, if any.
  function showOptions(nodes, options, startAtOpened) {
    els.results.replaceChildren(...nodes);
    state.options = options;
    els.q.setAttribute("aria-expanded", options.length ? "true" : "false");
    const opened = startAtOpened ? options.findIndex((option) => option.dataset.id === state.openId) : -1;
    setActive(opened >= 0 ? opened : options.length ? 0 : -1, false);
  }

  function setActive(index, scroll = true) {
    state.active = index;
    state.options.forEach((option, position) => {
      const active = position === index;
      option.setAttribute("aria-selected", active ? "true" : "false");
      option.classList.toggle("active", active);
    });
    const option = state.options[index];
    for (const owner of [els.q, els.results]) {
      if (option) owner.setAttribute("aria-activedescendant", option.id);
      else owner.removeAttribute("aria-activedescendant");
    }
    if (option && scroll) option.scrollIntoView({ block: "nearest" });
  }

  function move(step) {
    if (!state.options.length) return;
    const next = state.active < 0 ? 0 : Math.min(state.options.length - 1, Math.max(0, state.active + step));
    setActive(next);
  }

  function beginRequest() {
    state.seq += 1;
    if (state.controller) state.controller.abort();
    state.controller = new AbortController();
    window.clearTimeout(state.notice);
    state.notice = window.setTimeout(() => {
      els.status.textContent = t("searching");
    }, SEARCHING_NOTICE_MS);
    return { seq: state.seq, signal: state.controller.signal };
  }

  function endRequest(seq) {
    if (seq !== state.seq) return false;
    window.clearTimeout(state.notice);
    return true;
  }

  function failed(seq, error) {
    if ((error && error.name === "AbortError") || !endRequest(seq)) return;
    els.status.textContent = (error instanceof ApiError && error.message) || t("load_failed");
    els.status.classList.add("error");
  }

  async function runSearch(query) {
    const { seq, signal } = beginRequest();
    const params = new URLSearchParams({ q: query, lang: state.ui, limit: String(SEARCH_LIMIT) });
    try {
      const data = await getJSON(`${API}/search?${params}`, signal);
      if (!endRequest(seq)) return;
      state.terms = data.terms;
      const pattern = termPattern(data.terms);
      const options = data.results.map((item) => optionFor(item, pattern, item.score));
      els.results.lang = LANG_TAG[data.lang];
      els.heading.textContent = t("results_label");
      els.status.classList.remove("error");
      els.status.textContent = options.length ? t("result_count").replace("{count}", String(options.length)) : t("no_results");
      showOptions(options, options, false);
    } catch (error) {
      failed(seq, error);
    }
  }

  async function runBrowse() {
    const { seq, signal } = beginRequest();
    const lang = state.ui;
    try {
      const data = state.browseCache[lang] || (await getJSON(`${API}/entries?lang=${lang}`, signal));
      state.browseCache[lang] = data;
      if (!endRequest(seq)) return;
      state.terms = [];
      const groups = [];
      const options = [];
      data.sections.forEach((section, position) => {
        const items = data.entries.filter((item) => item.section === section);
        if (!items.length) return;
        const group = element("div", "group");
        group.setAttribute("role", "group");
        const label = element("div", "group-label", section);
        label.id = `section-${position}`;
        group.setAttribute("aria-labelledby", label.id);
        group.append(label);
        for (const item of items) {
          const option = optionFor(item, null);
          group.append(option);
          options.push(option);
        }
        groups.push(group);
      });
      els.results.lang = LANG_TAG[data.lang];
      els.heading.textContent = t("browse_heading");
      els.status.classList.remove("error");
      els.status.textContent = "";
      showOptions(groups, options, true);
    } catch (error) {
      failed(seq, error);
    }
  }

  function update() {
    window.clearTimeout(state.debounce);
    const query = els.q.value.trim();
    if (query) runSearch(query);
    else runBrowse();
  }

  // -- the opened entry, side by side ---------------------------------------------------------------------------
  function openActive(focusList) {
    const option = state.options[state.active];
    if (!option) return;
    openEntry(option.dataset.id);
    if (focusList) els.results.focus();
  }

  async function openEntry(id) {
    state.openId = id;
    const columns = { en: "en", zh: chineseScript() }; // column -> the language it shows
    for (const column of Object.keys(columns)) state.opened[column] = null; // nothing to copy until loaded
    for (const option of state.options) option.classList.toggle("open", option.dataset.id === id);
    try {
      const responses = await Promise.all(
        Object.values(columns).map((lang) => getJSON(`${API}/entries/${encodeURIComponent(id)}?lang=${encodeURIComponent(lang)}`)),
      );
      if (state.openId !== id || columns.zh !== chineseScript()) return;
      Object.keys(columns).forEach((column, position) => {
        state.opened[column] = responses[position];
        renderEntry(column, responses[position]);
      });
      els.prompt.hidden = true;
      els.columns.hidden = false;
    } catch (error) {
      failed(state.seq, error);
    }
  }

  function renderEntry(column, data) {
    const root = byId(`entry-${column}`);
    root.lang = LANG_TAG[data.lang];
    const pattern = termPattern(state.terms);
    const part = (selector) => root.querySelector(selector);
    part(".entry-section").textContent = data.entry.section;
    part(".entry-question").replaceChildren();
    appendHighlighted(part(".entry-question"), data.entry.question, pattern);
    part(".entry-answer").replaceChildren();
    appendHighlighted(part(".entry-answer"), data.entry.answer, pattern);
    const sources = data.entry.sources.map((source) => {
      const item = element("li", "source");
      item.append(element("span", "citation", source.citation), " ");
      if (/^https:\/\//.test(source.url)) {
        const link = element("a", "source-link", source.url);
        link.href = source.url;
        link.target = "_blank";
        link.rel = "noopener noreferrer";
        item.append(link);
      }
      return item;
    });
    part(".entry-sources").replaceChildren(...sources);
    part(".entry-sources").hidden = sources.length === 0;
    part(".entry-sources-heading").hidden = sources.length === 0;
    part(".entry-disclaimer").textContent = data.disclaimer;
  }

  // -- copy -----------------------------------------------------------------------------------------------------
  async function writeClipboard(text) {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return;
    }
    const focused = document.activeElement;
    els.buffer.value = text;
    els.buffer.select();
    const copied = document.execCommand("copy"); // plain-http fallback, where the Clipboard API is missing
    els.buffer.value = "";
    if (focused instanceof HTMLElement) focused.focus();
    if (!copied) throw new Error("copy failed");
  }

  async function copy(column) {
    const data = state.opened[column];
    if (!data || data.entry.id !== state.openId) return; // never copy an answer other than the one opened
    const button = document.querySelector(`button.copy[data-copy="${column}"]`);
    try {
      await writeClipboard(`${data.entry.answer}\n\n${data.disclaimer}`);
      els.status.classList.remove("error");
      els.status.textContent = t("copied");
      button.classList.add("done");
      window.setTimeout(() => button.classList.remove("done"), 1200);
    } catch {
      els.status.classList.add("error");
      els.status.textContent = t("copy_failed");
    }
  }

  // -- keyboard -------------------------------------------------------------------------------------------------
  function onSearchKey(event) {
    if (event.isComposing) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      move(event.key === "ArrowDown" ? 1 : -1);
    } else if (event.key === "Enter") {
      event.preventDefault();
      window.clearTimeout(state.debounce);
      if (state.active < 0 && state.options.length) setActive(0);
      openActive(true);
    }
  }

  function onListKey(event) {
    const moves = { ArrowDown: 1, ArrowUp: -1, PageDown: 5, PageUp: -5 };
    if (event.key in moves) {
      event.preventDefault();
      move(moves[event.key]);
    } else if (event.key === "Home" || event.key === "End") {
      event.preventDefault();
      if (state.options.length) setActive(event.key === "Home" ? 0 : state.options.length - 1);
    } else if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      openActive(true);
    }
  }

  function onKey(event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target === els.q) {
      onSearchKey(event);
      return;
    }
    const editing =
      target instanceof HTMLInputElement ||
      target instanceof HTMLTextAreaElement ||
      target instanceof HTMLSelectElement ||
      (target instanceof HTMLElement && target.isContentEditable);
    if (editing) return;
    if (event.key === "/") {
      event.preventDefault();
      els.q.focus();
      els.q.select();
    } else if (event.key === "c" || event.key === "C") {
      event.preventDefault();
      copy(event.key === "c" ? "en" : "zh");
    } else if (event.key === "Escape") {
      els.q.focus();
    } else if (target === els.results) {
      onListKey(event);
    }
  }

  // -- start ----------------------------------------------------------------------------------------------------
  function start() {
    els.q.addEventListener("input", (event) => {
      if (event.isComposing) return; // wait for the IME to finish a Chinese word
      window.clearTimeout(state.debounce);
      state.debounce = window.setTimeout(update, DEBOUNCE_MS);
    });
    els.q.addEventListener("compositionend", () => {
      window.clearTimeout(state.debounce);
      state.debounce = window.setTimeout(update, DEBOUNCE_MS);
    });
    els.uiLang.addEventListener("change", () => switchLanguage(els.uiLang.value));
    for (const button of document.querySelectorAll("button.copy")) {
      button.addEventListener("click", () => copy(button.dataset.copy));
    }
    for (const button of els.scriptSwitch.querySelectorAll("button[data-script]")) {
      button.addEventListener("click", () => switchScript(button.dataset.script));
    }
    const savedScript = stored(SCRIPT_KEY);
    if (SCRIPTS.includes(savedScript)) state.script = savedScript;
    document.addEventListener("keydown", onKey);
    loadStrings(initialLanguage())
      .catch(() => loadStrings("en"))
      .then(update, (error) => failed(state.seq, error));
    els.q.focus();
  }

  start();
})();
