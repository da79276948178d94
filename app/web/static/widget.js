/*
 * IVIG for TEN: patient FAQ chat widget.
 *
 * Embed with one line:  <script src="https://HOST/widget.js" defer></script>
 * Optional attributes on that script tag:
 *   data-lang="en|zh|zh-Hant" the widget's language: English, Simplified or Traditional Chinese (default: the page's
 *                             <html lang>, else the browser's languages; zh-TW, zh-HK, zh-MO and zh-Hant are Traditional)
 *   data-title="..."          the panel's title (default: the app's own, translated)
 *   data-position="right|left" which bottom corner the launcher sits in (default: right)
 *   data-api="https://HOST"   the FAQ API's base URL (default: the origin this script was loaded from)
 *   data-timeout="20000"      how long to wait for an answer, in milliseconds (default: 20000)
 * Any element of the host page with a data-faqbot-ask attribute asks its value (or, when empty, its text) when
 * clicked: the widget opens and sends it, as the demo page's list of questions does.
 *
 * Design notes: the widget lives in an open Shadow DOM and is styled through a constructable stylesheet
 * (adoptedStyleSheets), so host pages need no 'unsafe-inline' in their Content-Security-Policy. It hard-codes
 * no text: every label comes from GET /api/v1/widget/strings in the chosen language. Everything the server
 * sends is rendered with textContent (never parsed as HTML), links only for http(s) and tel: URLs. The
 * conversation is kept in this tab's sessionStorage only; "New conversation" clears it. The widget sets its own
 * direction (ltr), so a right-to-left host page cannot reorder its text, and never cuts a question: past the
 * server's limit it says so and sends nothing.
 */
(function () {
  "use strict";

  var HOST_TAG = "faqbot-widget";
  var STORAGE_VERSION = "v1";
  var MAX_STORED_MESSAGES = 60;
  var MAX_QUESTION_CHARS = 500; // until the strings say (max_question_chars): app/answering/schemas.py MAX_QUESTION_CHARS
  var LANG_TAGS = { en: "en", zh: "zh-Hans", "zh-Hant": "zh-Hant" };
  var LANGS = ["en", "zh", "zh-Hant"];
  // The keys of GET /api/v1/widget/strings that this script uses (a cached copy lacking one is fetched again).
  var STRING_KEYS = [
    "title", "launcher", "close", "new_conversation", "language", "transcript", "greeting", "input_label",
    "placeholder", "privacy_hint", "send", "you", "bot", "about", "sources", "suggestions", "new_tab", "call",
    "emergency_call", "typing", "error_network", "error_timeout", "error_server", "retry", "too_long",
    // Feedback (issue 12).
    "helpful_question", "helpful_yes", "helpful_no", "consent_offer", "consent_details", "consent_send",
    "consent_decline", "feedback_thanks", "question_sent", "feedback_failed",
  ];
  var HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{2fa1f}]/u; // as app/language/i18n.py HAN_CHARACTERS
  var SVG_NS = "http://www.w3.org/2000/svg";

  var script = document.currentScript;
  if (!script) {
    script = document.querySelector('script[src$="/widget.js"]');
  }
  var LOADED = typeof Symbol === "function" ? Symbol.for("faqbot-widget") : "__faqbotWidget";
  if (!script || window[LOADED]) {
    return; // no tag to read, or already on the page (the script was included twice)
  }
  window[LOADED] = true;

  // -- configuration ------------------------------------------------------------------------------------------
  // A BCP 47 tag -> "en", "zh" (Simplified) or "zh-Hant" (Traditional), as app/language/i18n.py lang_of_tag: Chinese takes the
  // tag's script, else the likely script of its region (Intl.Locale's CLDR data: zh-TW/HK/MO -> Hant).
  function supportedLang(tag) {
    var value = String(tag || "").trim().replace(/_/g, "-");
    var language = value.split("-")[0].toLowerCase();
    if (language === "en") return "en";
    if (language !== "zh" && language !== "yue") return null;
    var script = null;
    try {
      script = new Intl.Locale(value).maximize().script || null;
    } catch (error) {
      var parts = value.toLowerCase().split("-");
      script = parts.indexOf("hant") > 0 || /-(tw|hk|mo)(-|$)/.test(value.toLowerCase()) || language === "yue" ? "Hant" : "Hans";
    }
    return script === "Hant" ? "zh-Hant" : "zh";
  }

  function apiBaseFrom(value) {
    try {
      var url = new URL(value || script.src, script.src || document.baseURI);
      if (url.protocol !== "https:" && url.protocol !== "http:") return null;
      if (!value) return url.origin;
      return (url.origin + url.pathname).replace(/\/+$/, "");
    } catch (error) {
      return null;
    }
  }

  function detectLang() {
    var fromAttribute = supportedLang(script.getAttribute("data-lang"));
    if (fromAttribute) return fromAttribute;
    var fromPage = supportedLang(document.documentElement.getAttribute("lang"));
    if (fromPage) return fromPage;
    var languages = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language];
    for (var i = 0; i < languages.length; i++) {
      var lang = supportedLang(languages[i]);
      if (lang) return lang;
    }
    return "en";
  }

  var timeoutAttribute = parseInt(script.getAttribute("data-timeout") || "", 10);
  var config = {
    api: apiBaseFrom(script.getAttribute("data-api")),
    title: (script.getAttribute("data-title") || "").trim(),
    position: script.getAttribute("data-position") === "left" ? "left" : "right",
    timeout: isFinite(timeoutAttribute) ? Math.min(Math.max(timeoutAttribute, 1000), 120000) : 20000,
  };
  if (!config.api) return;
  var storageKey = "faqbot-widget:" + STORAGE_VERSION + ":" + config.api;

  // -- storage: this tab's sessionStorage only (it may be unavailable: then the conversation lives in memory) --
  function readStorage(key) {
    try {
      var raw = window.sessionStorage.getItem(key);
      return raw ? JSON.parse(raw) : null;
    } catch (error) {
      return null;
    }
  }

  function writeStorage(key, value) {
    try {
      if (value === null) window.sessionStorage.removeItem(key);
      else window.sessionStorage.setItem(key, JSON.stringify(value));
    } catch (error) {
      /* storage full or disabled: keep going without it */
    }
  }

  function isEntryRef(item) {
    return item && typeof item.question === "string" && typeof item.id === "string";
  }

  function validReply(reply) {
    return (
      reply &&
      typeof reply.reply === "string" &&
      typeof reply.disclaimer === "string" &&
      LANGS.indexOf(reply.lang) >= 0 &&
      typeof reply.kind === "string" &&
      Array.isArray(reply.suggestions) &&
      reply.suggestions.every(isEntryRef) &&
      (reply.entry === null ||
        (isEntryRef(reply.entry) &&
          Array.isArray(reply.entry.sources) &&
          reply.entry.sources.every(function (source) {
            return source && typeof source.citation === "string" && typeof source.url === "string";
          })))
    );
  }

  function validMessage(message) {
    if (!message) return false;
    if (message.who === "user") return typeof message.text === "string";
    return message.who === "bot" && validReply(message.reply);
  }

  function loadState() {
    var stored = readStorage(storageKey) || {};
    return {
      lang: LANGS.indexOf(stored.lang) >= 0 ? stored.lang : null, // the user's own choice
      open: stored.open === true,
      messages: Array.isArray(stored.messages) ? stored.messages.filter(validMessage) : [],
    };
  }

  var state = loadState();

  function saveState() {
    state.messages = state.messages.slice(-MAX_STORED_MESSAGES);
    writeStorage(storageKey, { lang: state.lang, open: state.open, messages: state.messages });
  }

  // -- the API --------------------------------------------------------------------------------------------------
  var stringsCache = {};

  function fetchJson(path, options, timeout) {
    var controller = new AbortController();
    var timedOut = false;
    var timer = setTimeout(function () {
      timedOut = true;
      controller.abort();
    }, timeout);
    if (options.signal) {
      options.signal.addEventListener("abort", function () {
        controller.abort();
      });
    }
    var init = {
      method: options.method || "GET",
      headers: options.body ? { "Content-Type": "application/json" } : {},
      body: options.body ? JSON.stringify(options.body) : undefined,
      mode: "cors",
      credentials: "omit",
      cache: "no-store",
      referrerPolicy: "no-referrer",
      signal: controller.signal,
    };
    return fetch(config.api + path, init)
      .then(function (response) {
        return response
          .json()
          .catch(function () {
            return null;
          })
          .then(function (data) {
            return { ok: response.ok, status: response.status, data: data };
          });
      })
      .catch(function (error) {
        var failure = new Error(timedOut ? "timeout" : "network");
        failure.kind = timedOut ? "timeout" : "network";
        failure.cause = error;
        throw failure;
      })
      .finally(function () {
        clearTimeout(timer);
      });
  }

  function completeStrings(data) {
    return Boolean(
      data &&
        data.strings &&
        typeof data.phone === "string" &&
        Array.isArray(data.languages) &&
        STRING_KEYS.every(function (key) {
          return typeof data.strings[key] === "string";
        })
    );
  }

  function loadStrings(lang) {
    if (stringsCache[lang]) return Promise.resolve(stringsCache[lang]);
    var key = "faqbot-widget:" + STORAGE_VERSION + ":strings:" + lang + ":" + config.api;
    var stored = readStorage(key);
    if (stored && stored.lang === lang && completeStrings(stored)) {
      stringsCache[lang] = stored;
      return Promise.resolve(stored);
    }
    return fetchJson("/api/v1/widget/strings?lang=" + encodeURIComponent(lang), {}, config.timeout).then(function (result) {
      if (!result.ok || !completeStrings(result.data)) {
        var failure = new Error("strings");
        failure.kind = "server";
        throw failure;
      }
      stringsCache[lang] = result.data;
      writeStorage(key, result.data);
      return result.data;
    });
  }

  // -- DOM helpers (text only: nothing from the server is ever parsed as HTML) --------------------------------
  function el(tag, className, attributes, children) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (attributes) {
      Object.keys(attributes).forEach(function (name) {
        if (attributes[name] !== null && attributes[name] !== undefined) node.setAttribute(name, attributes[name]);
      });
    }
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function safeHref(url, allowTel) {
    try {
      var parsed = new URL(url);
      if (parsed.protocol === "https:" || parsed.protocol === "http:") return parsed.href;
      if (allowTel && parsed.protocol === "tel:" && /^tel:\+?[0-9]+$/.test(url)) return url;
    } catch (error) {
      /* not a URL */
    }
    return null;
  }

  // Append text to node, turning each occurrence of a link's text into a link (phone numbers -> tel:).
  function appendLinkedText(node, text, links) {
    var rest = text;
    while (rest) {
      var best = null;
      links.forEach(function (link) {
        if (!link.text || !link.href) return;
        var at = rest.indexOf(link.text);
        if (at >= 0 && (best === null || at < best.at)) best = { at: at, link: link };
      });
      if (!best) {
        node.appendChild(document.createTextNode(rest));
        break;
      }
      if (best.at > 0) node.appendChild(document.createTextNode(rest.slice(0, best.at)));
      node.appendChild(el("a", "tel", { href: best.link.href }, [best.link.text]));
      rest = rest.slice(best.at + best.link.text.length);
    }
    return node;
  }

  function fill(template, name, value) {
    return String(template).split("{" + name + "}").join(value);
  }

  function icon(paths, className) {
    var svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("class", className);
    paths.forEach(function (d) {
      var path = document.createElementNS(SVG_NS, "path");
      path.setAttribute("d", d);
      svg.appendChild(path);
    });
    return svg;
  }

  // -- styles ---------------------------------------------------------------------------------------------------
  var CSS = [
    // The host: reset whatever the page throws at it (!important in a shadow tree beats the page's !important).
    ":host { all: initial !important; display: block !important; position: static !important; }",
    "[hidden] { display: none !important; }",
    ".root { font: 15px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Noto Sans CJK SC',",
    "  'PingFang SC', 'Microsoft YaHei', sans-serif; color: #1f2328; -webkit-text-size-adjust: 100%; }",
    // Traditional text in Traditional glyph shapes (Taiwan's fonts read right in Hong Kong too).
    ":lang(zh-Hant) { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Noto Sans CJK TC',",
    "  'PingFang TC', 'Microsoft JhengHei', sans-serif; }",
    ".root *, .root *::before, .root *::after { box-sizing: border-box; }",
    "button, input { font: inherit; color: inherit; margin: 0; letter-spacing: normal; text-transform: none; }",
    "button { cursor: pointer; }",
    "a { color: #0b4f8a; text-decoration: underline; }",
    ":focus-visible { outline: 3px solid #0b4f8a; outline-offset: 2px; }",
    ".sr { position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;",
    "  clip-path: inset(50%); white-space: nowrap; border: 0; }",
    // Launcher.
    ".launcher { position: fixed; bottom: 16px; z-index: 2147483000; display: inline-flex; align-items: center;",
    "  gap: 8px; min-height: 48px; padding: 10px 18px; border: 2px solid #ffffff; border-radius: 24px;",
    "  background: #0b4f8a; color: #ffffff; font-weight: 600; font-size: 15px;",
    "  box-shadow: 0 4px 14px rgba(0, 0, 0, 0.3); }",
    ".launcher:hover { background: #083b68; }",
    ".right .launcher, .right .panel { right: 16px; }",
    ".left .launcher, .left .panel { left: 16px; }",
    ".icon { width: 22px; height: 22px; fill: currentColor; flex: none; }",
    // Panel.
    ".panel { position: fixed; bottom: 16px; z-index: 2147483001; display: flex; flex-direction: column;",
    "  width: 380px; max-width: calc(100vw - 32px); height: 620px; max-height: calc(100vh - 32px);",
    "  background: #ffffff; border: 1px solid #8c959f; border-radius: 12px; overflow: hidden;",
    "  box-shadow: 0 8px 30px rgba(0, 0, 0, 0.25); }",
    ".head { flex: none; padding: 10px 12px 8px; border-bottom: 1px solid #d0d7de; background: #0b4f8a; color: #ffffff; }",
    ".head :focus-visible { outline-color: #ffffff; }",
    ".head-row { display: flex; align-items: center; justify-content: space-between; gap: 8px; }",
    ".head-row + .head-row { margin-top: 6px; }",
    ".title { margin: 0; font-size: 16px; font-weight: 700; line-height: 1.3; color: #ffffff; text-wrap: balance; }",
    ".close { flex: none; display: inline-flex; align-items: center; justify-content: center; width: 36px;",
    "  height: 36px; padding: 0; border: 1px solid transparent; border-radius: 8px; background: transparent; color: #ffffff; }",
    ".close:hover { border-color: #ffffff; }",
    ".langs { display: inline-flex; border: 1px solid #ffffff; border-radius: 8px; overflow: hidden; }",
    ".langs button { min-width: 48px; min-height: 32px; padding: 4px 10px; border: 0; background: transparent;",
    "  color: #ffffff; font-size: 14px; }",
    ".langs button[aria-pressed='true'] { background: #ffffff; color: #0b4f8a; font-weight: 700; }",
    ".new { min-height: 32px; padding: 4px 10px; border: 1px solid #ffffff; border-radius: 8px;",
    "  background: transparent; color: #ffffff; font-size: 14px; }",
    ".new:hover, .close:hover, .langs button[aria-pressed='false']:hover { background: #083b68; }",
    // Transcript.
    ".log { position: relative; flex: 1 1 auto; min-height: 0; overflow-y: auto; padding: 12px;",
    "  background: #f6f8fa; overscroll-behavior: contain; }",
    ".msg { margin: 0 0 12px; padding: 10px 12px; border-radius: 10px; max-width: 100%;",
    "  overflow-wrap: anywhere; word-break: normal; }",
    ".msg p { margin: 0 0 8px; white-space: pre-line; }",
    ".msg > :last-child { margin-bottom: 0; }",
    ".user { margin-left: 40px; background: #0b4f8a; color: #ffffff; }",
    ".bot { margin-right: 12px; background: #ffffff; border: 1px solid #d0d7de; }",
    ".about { font-weight: 700; color: #123c69; }",
    ".label { margin: 10px 0 4px; font-size: 13px; font-weight: 700; color: #3d444d; }",
    ".sources ol { margin: 0 0 8px; padding-left: 20px; font-size: 13px; }",
    ".sources li { margin-bottom: 4px; }",
    ".chips { display: flex; flex-wrap: wrap; gap: 6px; margin: 0 0 8px; padding: 0; list-style: none; }",
    ".chip { min-height: 32px; padding: 5px 10px; border: 1px solid #0b4f8a; border-radius: 16px;",
    "  background: #ffffff; color: #0b4f8a; font-size: 14px; text-align: start; }",
    ".chip:hover { background: #e7f0f9; }",
    ".disclaimer { margin-top: 10px !important; padding-top: 8px; border-top: 1px solid #d0d7de;",
    "  font-size: 12px; line-height: 1.45; color: #4b5259; }",
    ".call { font-weight: 600; }",
    ".emergency { border: 2px solid #b3261e; }",
    ".alert { margin: 0 0 10px; padding: 10px; border-radius: 8px; background: #fdecea; color: #5f1410;",
    "  border-left: 6px solid #b3261e; font-weight: 700; }",
    ".alert a { color: #5f1410; }",
    ".alert .emergency-calls { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 6px; }",
    ".alert .emergency-call { display: inline-block; padding: 6px 12px; border-radius: 8px; min-height: 24px;",
    "  background: #b3261e; color: #ffffff; text-decoration: none; }",
    ".error { background: #fff8e1; border: 1px solid #8a6100; color: #3d2b00; }",
    ".retry { margin-top: 6px; min-height: 32px; padding: 4px 12px; border: 1px solid #0b4f8a; border-radius: 8px;",
    "  background: #0b4f8a; color: #ffffff; }",
    // Feedback under a reply: "Was this helpful?" and the consent offer.
    ".feedback { margin-top: 10px; padding-top: 8px; border-top: 1px solid #d0d7de; font-size: 14px; }",
    ".feedback .row { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; }",
    ".feedback .row p { margin: 0 6px 0 0; }",
    ".feedback button { min-height: 32px; padding: 4px 12px; border: 1px solid #0b4f8a; border-radius: 8px;",
    "  background: #ffffff; color: #0b4f8a; }",
    ".feedback button.primary { background: #0b4f8a; color: #ffffff; }",
    ".consent { margin-top: 6px; padding: 8px; border-radius: 8px; background: #eef4fb; }",
    ".consent .details { font-size: 13px; color: #3d444d; }",
    ".feedback-status:empty { display: none; }",
    // Typing indicator and the question form.
    ".typing { flex: none; display: flex; align-items: center; gap: 8px; padding: 6px 14px; font-size: 13px;",
    "  color: #3d444d; background: #f6f8fa; }",
    ".dots { display: inline-flex; gap: 3px; }",
    ".dots span { width: 6px; height: 6px; border-radius: 50%; background: #57606a;",
    "  animation: faqbot-blink 1.2s infinite ease-in-out; }",
    ".dots span:nth-child(2) { animation-delay: 0.2s; }",
    ".dots span:nth-child(3) { animation-delay: 0.4s; }",
    "@keyframes faqbot-blink { 0%, 80%, 100% { opacity: 0.25; } 40% { opacity: 1; } }",
    ".form { flex: none; padding: 10px 12px 8px; border-top: 1px solid #d0d7de; background: #ffffff; }",
    ".row { display: flex; gap: 8px; }",
    ".input { flex: 1 1 auto; min-width: 0; min-height: 44px; padding: 8px 10px; border: 1px solid #6e7781;",
    "  border-radius: 8px; background: #ffffff; color: #1f2328; font-size: 16px; }",
    ".input::placeholder { color: #6b7280; opacity: 1; }",
    ".send { flex: none; min-height: 44px; padding: 8px 14px; border: 0; border-radius: 8px; background: #0b4f8a;",
    "  color: #ffffff; font-weight: 600; }",
    ".send[aria-disabled='true'] { background: #57606a; cursor: progress; }",
    ".hint { margin: 6px 0 0; font-size: 12px; color: #4b5259; }",
    ".counter { margin: 6px 0 0; font-size: 12px; color: #4b5259; }",
    ".counter.over { color: #8e1b13; font-weight: 700; }",
    ".input[aria-invalid='true'] { border-color: #b3261e; outline-color: #b3261e; }",
    // Phones and narrow screens: the panel takes the whole screen.
    "@media (max-width: 480px) {",
    "  .panel { top: 0; bottom: 0; left: 0 !important; right: 0 !important; width: 100%; max-width: 100%;",
    "    height: 100%; max-height: 100%; border-radius: 0; border: 0; }",
    "  .user { margin-left: 24px; } .bot { margin-right: 0; }",
    "}",
    "@media (prefers-reduced-motion: reduce) { .dots span { animation: none; opacity: 0.7; } }",
    "@media (forced-colors: active) { .launcher, .send, .chip, .retry, .langs button, .new { border: 1px solid ButtonText; } }",
  ].join("\n");

  // -- the widget -------------------------------------------------------------------------------------------------
  var host = document.createElement(HOST_TAG);
  var shadow = host.attachShadow({ mode: "open" });
  if ("adoptedStyleSheets" in shadow && typeof CSSStyleSheet === "function") {
    var sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    shadow.adoptedStyleSheets = [sheet];
  }

  var ui = {}; // elements
  var strings = null; // the UI strings of the current language
  var current = "en"; // the UI language
  var pending = null; // {question, generation, controller} while a question is in flight
  var generation = 0; // bumped by "new conversation", so late replies of the old one are dropped
  var queuedFromPage = null; // a question the host page asked (data-faqbot-ask) before the widget was ready

  function build() {
    ui.root = el("div", "root " + config.position, { dir: "ltr" }); // never the host page's direction
    ui.launcher = el("button", "launcher", { type: "button", "aria-expanded": "false", "aria-controls": "faqbot-panel" });
    ui.launcherText = el("span");
    ui.launcher.appendChild(
      icon(["M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"], "icon")
    );
    ui.launcher.appendChild(ui.launcherText);

    ui.panel = el("section", "panel", { id: "faqbot-panel", role: "dialog", "aria-modal": "false", "aria-labelledby": "faqbot-title", hidden: "" });
    ui.title = el("h2", "title", { id: "faqbot-title" });
    ui.close = el("button", "close", { type: "button" }, [
      icon(["M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12 19 17.6 17.6 19 12 13.4 6.4 19 5 17.6 10.6 12 5 6.4z"], "icon"),
    ]);
    ui.langs = el("div", "langs", { role: "group" });
    ui.langButtons = {};
    ui.newConversation = el("button", "new", { type: "button" });
    var head = el("div", "head", null, [
      el("div", "head-row", null, [ui.title, ui.close]),
      el("div", "head-row", null, [ui.langs, ui.newConversation]),
    ]);

    ui.log = el("div", "log", { role: "log", "aria-live": "polite", "aria-relevant": "additions", tabindex: "0" });
    ui.greeting = el("div", "msg bot greeting");
    ui.log.appendChild(ui.greeting);

    ui.typing = el("div", "typing", { role: "status", hidden: "" });
    ui.typingText = el("span");
    ui.typing.appendChild(el("span", "dots", { "aria-hidden": "true" }, [el("span"), el("span"), el("span")]));
    ui.typing.appendChild(ui.typingText);

    ui.form = el("form", "form", { novalidate: "" });
    ui.inputLabel = el("label", "sr", { for: "faqbot-input" });
    // No maxlength: the browser would cut a long paste silently. The counter says when it is too long instead.
    ui.input = el("input", "input", {
      id: "faqbot-input",
      type: "text",
      dir: "auto",
      autocomplete: "off",
      enterkeyhint: "send",
      "aria-describedby": "faqbot-counter faqbot-hint",
    });
    ui.send = el("button", "send", { type: "submit" });
    ui.hint = el("p", "hint", { id: "faqbot-hint" });
    ui.counter = el("p", "counter", { id: "faqbot-counter", "aria-live": "polite", hidden: "" });
    ui.form.appendChild(ui.inputLabel);
    ui.form.appendChild(el("div", "row", null, [ui.input, ui.send]));
    ui.form.appendChild(ui.counter);
    ui.form.appendChild(ui.hint);

    ui.panel.appendChild(head);
    ui.panel.appendChild(ui.log);
    ui.panel.appendChild(ui.typing);
    ui.panel.appendChild(ui.form);
    ui.root.appendChild(ui.launcher);
    ui.root.appendChild(ui.panel);
    shadow.appendChild(ui.root);

    ui.launcher.addEventListener("click", function () {
      openPanel(true);
    });
    ui.close.addEventListener("click", closePanel);
    ui.newConversation.addEventListener("click", newConversation);
    ui.panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        event.preventDefault();
        closePanel();
      }
    });
    ui.form.addEventListener("submit", function (event) {
      event.preventDefault();
      submitInput();
    });
    ui.input.addEventListener("input", updateCounter);
  }

  // -- the question's length: shown as it nears the limit; past it, said plainly and nothing is sent ------------
  function questionLimit() {
    return strings && typeof strings.max_question_chars === "number" ? strings.max_question_chars : MAX_QUESTION_CHARS;
  }

  function questionLength(text) {
    return Array.from(text).length; // characters as the server counts them (code points, not UTF-16 units)
  }

  // Returns true when the text in the box is within the limit.
  function updateCounter() {
    var limit = questionLimit();
    var length = questionLength(ui.input.value.trim());
    var over = length > limit;
    ui.counter.hidden = length < Math.floor(limit * 0.8);
    ui.counter.classList.toggle("over", over);
    ui.counter.textContent = (over ? strings.strings.too_long + " " : "") + length + " / " + limit;
    if (over) ui.input.setAttribute("aria-invalid", "true");
    else ui.input.removeAttribute("aria-invalid");
    return !over;
  }

  function submitInput() {
    var question = ui.input.value.trim();
    if (!question || pending) return;
    if (!updateCounter()) {
      ui.counter.textContent = ""; // emptied and filled again, so that screen readers say it again
      setTimeout(updateCounter, 50);
      ui.input.focus();
      return;
    }
    ui.input.value = "";
    updateCounter();
    ask(question);
  }

  // A question the host page asks (an element with data-faqbot-ask): open the widget and send it like a typed one.
  function askFromPage(question) {
    if (!ui.root) {
      queuedFromPage = question; // asked as soon as the widget is ready
      return;
    }
    openPanel(true);
    ui.input.value = question;
    submitInput(); // while another answer is pending, the question waits in the box
  }

  document.addEventListener("click", function (event) {
    var target = event.target && event.target.closest ? event.target.closest("[data-faqbot-ask]") : null;
    if (!target) return;
    var question = (target.getAttribute("data-faqbot-ask") || target.textContent || "").trim();
    if (!question) return;
    event.preventDefault();
    askFromPage(question);
  });

  // Labels of the chrome, in the current language.
  function applyStrings() {
    var s = strings.strings;
    var tag = strings.tag || LANG_TAGS[current];
    ui.root.setAttribute("lang", tag);
    ui.launcherText.textContent = s.launcher;
    ui.title.textContent = config.title || s.title;
    ui.close.setAttribute("aria-label", s.close);
    ui.close.setAttribute("title", s.close);
    ui.langs.setAttribute("aria-label", s.language);
    ui.newConversation.textContent = s.new_conversation;
    ui.log.setAttribute("aria-label", s.transcript);
    ui.typingText.textContent = s.typing;
    ui.inputLabel.textContent = s.input_label;
    ui.input.setAttribute("placeholder", s.placeholder);
    ui.send.textContent = s.send;
    ui.hint.textContent = s.privacy_hint;
    updateCounter();

    while (ui.langs.firstChild) ui.langs.removeChild(ui.langs.firstChild);
    (strings.languages || []).forEach(function (option) {
      var name = typeof option.name === "string" ? option.name : option.label;
      var button = el(
        "button",
        null,
        { type: "button", lang: option.tag, title: name, "aria-label": name, "aria-pressed": String(option.code === current) },
        [option.label]
      );
      button.addEventListener("click", function () {
        switchLanguage(option.code);
      });
      ui.langButtons[option.code] = button;
      ui.langs.appendChild(button);
    });
    renderGreeting();
  }

  function renderGreeting() {
    var s = strings.strings;
    while (ui.greeting.firstChild) ui.greeting.removeChild(ui.greeting.firstChild);
    ui.greeting.setAttribute("lang", strings.tag || LANG_TAGS[current]);
    ui.greeting.appendChild(el("p", null, null, [s.greeting]));
    if (!state.messages.length && strings.starters && strings.starters.length) {
      ui.greeting.appendChild(suggestionList(strings.starters, s.suggestions));
    }
    if (typeof strings.disclaimer === "string") ui.greeting.appendChild(el("p", "disclaimer", null, [strings.disclaimer]));
  }

  function suggestionList(items, label) {
    var wrapper = el("div", "suggestions");
    wrapper.appendChild(el("p", "label", null, [label]));
    var list = el("ul", "chips");
    items.forEach(function (item) {
      var chip = el("button", "chip", { type: "button" }, [item.question]);
      chip.addEventListener("click", function () {
        if (pending) return;
        ask(item.question);
        ui.input.focus();
      });
      list.appendChild(el("li", null, null, [chip]));
    });
    wrapper.appendChild(list);
    return wrapper;
  }

  function renderUser(message) {
    var chinese = current === "zh-Hant" ? LANG_TAGS["zh-Hant"] : LANG_TAGS.zh;
    var node = el("div", "msg user", { lang: HAN.test(message.text) ? chinese : LANG_TAGS.en });
    node.appendChild(el("span", "sr", { lang: strings.tag }, [strings.strings.you + " "]));
    node.appendChild(el("p", null, { dir: "auto" }, [message.text])); // whatever script the user typed in
    return node;
  }

  // One reply of the API: emergency first, then "About: <question>", the answer, sources, suggestions, disclaimer.
  function renderBot(reply, live, message) {
    var texts = (stringsCache[reply.lang] || strings).strings;
    var info = stringsCache[reply.lang] || strings;
    var phoneLink = { text: info.phone, href: safeHref(info.phone_href, true) };
    var node = el("div", "msg bot kind-" + reply.kind.replace(/[^a-z_]/g, ""), { lang: LANG_TAGS[reply.lang] });
    node.appendChild(el("span", "sr", null, [texts.bot + " "]));
    var paragraphs = reply.reply.split(/\n{2,}/);

    if (reply.kind === "emergency") {
      node.classList.add("emergency");
      // One call button per emergency number of the reader's language (FAQBOT_EMERGENCY_REGIONS), the main one first.
      var lines = (info.emergency_lines && info.emergency_lines.length)
        ? info.emergency_lines
        : [{ label: info.emergency_number, number: info.emergency_number, href: info.emergency_href }];
      var emergencyLinks = lines.map(function (line) {
        return { text: line.number, label: line.label, href: safeHref(line.href, true) };
      });
      var alert = el("div", "alert", live ? { role: "alert" } : null);
      alert.appendChild(appendLinkedText(el("p"), paragraphs.shift() || "", emergencyLinks.concat([phoneLink])));
      var calls = el("div", "emergency-calls");
      emergencyLinks.forEach(function (link) {
        if (link.href) {
          calls.appendChild(el("a", "emergency-call", { href: link.href }, [fill(texts.emergency_call, "emergency_number", link.label)]));
        }
      });
      alert.appendChild(calls);
      node.appendChild(alert);
    }
    if (reply.entry) {
      node.appendChild(el("p", "about", null, [fill(texts.about, "question", reply.entry.question)]));
    }
    paragraphs.forEach(function (text) {
      if (text.trim()) node.appendChild(appendLinkedText(el("p"), text, [phoneLink]));
    });
    if (reply.kind === "no_match" && reply.reply.indexOf(info.phone) < 0) {
      node.appendChild(appendLinkedText(el("p", "call"), fill(texts.call, "phone", info.phone), [phoneLink]));
    }

    var sources = reply.entry ? reply.entry.sources : [];
    if (sources.length) {
      var list = el("ol");
      sources.forEach(function (source) {
        var href = safeHref(source.url, false);
        var item = el("li");
        if (href) {
          item.appendChild(
            el("a", null, { href: href, target: "_blank", rel: "noopener noreferrer" }, [
              shortCitation(source.citation),
              el("span", "sr", null, [" " + texts.new_tab]),
            ])
          );
        } else {
          item.appendChild(document.createTextNode(source.citation));
        }
        list.appendChild(item);
      });
      node.appendChild(el("div", "sources", null, [el("p", "label", null, [texts.sources]), list]));
    }
    var feedback = message ? feedbackBlock(message, texts) : null; // right under the answer, before suggestions
    if (feedback) node.appendChild(feedback);
    if (reply.suggestions.length) {
      node.appendChild(suggestionList(reply.suggestions, texts.suggestions));
    }
    node.appendChild(el("p", "disclaimer", null, [reply.disclaimer]));
    return node;
  }

  // -- feedback (issue 12): "Was this helpful?" under an answer; the consent offer after "no" and on a no-match --
  // The question leaves the browser only from the consent offer's "send" button. message.feedback remembers the
  // step reached: undefined, "yes", "no" (offer shown), "sent" or "declined".
  function feedbackBlock(message, texts) {
    var reply = message.reply;
    var rateable = reply.kind === "answer" || reply.kind === "no_match";
    if (!rateable || typeof reply.reply_id !== "string" || typeof message.question !== "string") return null;
    var box = el("div", "feedback");
    renderFeedback(box, message, texts, false);
    return box;
  }

  function renderFeedback(box, message, texts, focus) {
    while (box.firstChild) box.removeChild(box.firstChild);
    var step = message.feedback;
    var status = el("p", "feedback-status", { role: "status", tabindex: "-1" });
    if (step === undefined && message.reply.kind === "answer") {
      var question = el("p", null, { id: "faqbot-helpful-" + message.reply.reply_id }, [texts.helpful_question]);
      var row = el("div", "row", { role: "group", "aria-labelledby": "faqbot-helpful-" + message.reply.reply_id }, [question]);
      [["helpful_yes", true], ["helpful_no", false]].forEach(function (choice) {
        var button = el("button", "helpful-" + (choice[1] ? "yes" : "no"), { type: "button" }, [texts[choice[0]]]);
        button.addEventListener("click", function () {
          sendFeedback(box, message, texts, { helpful: choice[1], consent: false }, choice[1] ? "yes" : "no");
        });
        row.appendChild(button);
      });
      box.appendChild(row);
    } else if (step === undefined || step === "no") {
      var offer = el("div", "consent", { role: "group", "aria-labelledby": "faqbot-consent-" + message.reply.reply_id });
      offer.appendChild(el("p", null, { id: "faqbot-consent-" + message.reply.reply_id }, [texts.consent_offer]));
      offer.appendChild(el("p", "details", null, [texts.consent_details]));
      var send = el("button", "consent-send primary", { type: "button" }, [texts.consent_send]);
      var decline = el("button", "consent-decline", { type: "button" }, [texts.consent_decline]);
      send.addEventListener("click", function () {
        sendFeedback(box, message, texts, { helpful: false, consent: true, question: message.question }, "sent");
      });
      decline.addEventListener("click", function () {
        message.feedback = "declined";
        saveState();
        renderFeedback(box, message, texts, true);
      });
      offer.appendChild(el("div", "row", null, [send, decline]));
      box.appendChild(offer);
      if (step === "no") status.textContent = texts.feedback_thanks;
    } else {
      status.textContent = step === "sent" ? texts.question_sent : texts.feedback_thanks;
    }
    box.appendChild(status);
    if (focus) {
      var first = box.querySelector("button");
      (first || status).focus();
    }
    return status;
  }

  function sendFeedback(box, message, texts, choice, nextStep) {
    var buttons = box.querySelectorAll("button");
    for (var i = 0; i < buttons.length; i++) buttons[i].disabled = true;
    var body = { reply_id: message.reply.reply_id, helpful: choice.helpful, consent: choice.consent, question: choice.question || null };
    fetchJson("/api/v1/feedback", { method: "POST", body: body }, config.timeout)
      .then(function (result) {
        if (!result.ok) throw new Error("feedback");
        message.feedback = nextStep;
        saveState();
        renderFeedback(box, message, texts, true);
      })
      .catch(function () {
        var status = renderFeedback(box, message, texts, false);
        status.textContent = texts.feedback_failed;
      });
  }

  // An error is a reply too: it carries the disclaimer, the server's when it sent one (in the reply's language).
  function renderError(message, retry, disclaimer) {
    var node = el("div", "msg error", { lang: strings.tag });
    node.appendChild(el("p", null, null, [message]));
    if (retry) {
      var button = el("button", "retry", { type: "button" }, [strings.strings.retry]);
      button.addEventListener("click", function () {
        if (node.parentNode) node.parentNode.removeChild(node);
        retry();
        ui.input.focus();
      });
      node.appendChild(button);
    }
    var text = typeof disclaimer === "string" ? disclaimer : strings.disclaimer;
    if (typeof text === "string") node.appendChild(el("p", "disclaimer", null, [text]));
    return node;
  }

  // Add a message to the log and scroll (inside the log only: scrollIntoView would scroll the host page too).
  // A reply is shown from its start, with the question it answers above it when that fits.
  function show(node, alignTop) {
    ui.log.appendChild(node);
    if (!alignTop) {
      ui.log.scrollTop = ui.log.scrollHeight;
      return;
    }
    scrollToStartOf(node);
  }

  function scrollToStartOf(node) {
    var top = node.offsetTop;
    var question = node.previousElementSibling;
    if (question && question.classList.contains("user") && top - question.offsetTop < ui.log.clientHeight / 3) {
      top = question.offsetTop;
    }
    ui.log.scrollTop = Math.max(top - 8, 0);
  }

  // Opening the panel shows where to read: the greeting from its first line, else the start of the latest reply
  // (scrolling to the very end would hide the greeting's start under the header on a phone).
  function scrollToReadingPosition() {
    var replies = ui.log.querySelectorAll(".msg.bot:not(.greeting), .msg.error");
    if (!replies.length) {
      ui.log.scrollTop = 0;
      return;
    }
    scrollToStartOf(replies[replies.length - 1]);
  }

  // "Prins, C., Kerdel, F. A., ... & French, L. E. (2003). Title..." -> "Prins, C., et al. (2003). Title..."
  function shortCitation(citation) {
    var match = /^(.+?)\s\((\d{4}[a-z]?)\)\.\s+([\s\S]*)$/.exec(citation);
    if (!match) return citation;
    var first = match[1].split(/,\s*/).slice(0, 2).join(", ");
    if (match[1].length <= first.length + 24) return citation;
    return first + ", et al. (" + match[2] + "). " + match[3];
  }

  function renderTranscript() {
    while (ui.greeting.nextSibling) ui.log.removeChild(ui.greeting.nextSibling);
    state.messages.forEach(function (message) {
      ui.log.appendChild(message.who === "user" ? renderUser(message) : renderBot(message.reply, false, message));
    });
    ui.log.scrollTop = ui.log.scrollHeight;
  }

  function setPending(value) {
    pending = value;
    ui.typing.hidden = !value;
    ui.send.setAttribute("aria-disabled", value ? "true" : "false");
  }

  function ask(question, isRetry) {
    if (!isRetry) {
      var message = { who: "user", text: question };
      state.messages.push(message);
      saveState();
      if (state.messages.length === 1) renderGreeting(); // the starter questions have done their job
      show(renderUser(message), false);
    }
    var request = { question: question, generation: generation, controller: new AbortController() };
    setPending(request);
    var body = { question: question, lang: current };
    fetchJson("/api/v1/ask", { method: "POST", body: body, signal: request.controller.signal }, config.timeout)
      .then(function (result) {
        if (request.generation !== generation) return;
        if (result.ok && validReply(result.data)) {
          return loadStrings(result.data.lang)
            .catch(function () {
              return null; // labels in the UI language will do
            })
            .then(function () {
              if (request.generation !== generation) return;
              var botMessage = { who: "bot", reply: result.data, question: question };
              state.messages.push(botMessage);
              saveState();
              show(renderBot(result.data, true, botMessage), true);
            });
        }
        var serverMessage = result.data && result.data.error && typeof result.data.error.message === "string" ? result.data.error.message : null;
        var retryable = !result.ok ? result.status >= 500 || result.status === 429 || !serverMessage : true;
        show(
          renderError(serverMessage || fill(strings.strings.error_server, "phone", strings.phone), retryable ? function () {
            ask(question, true);
          } : null, result.data && result.data.disclaimer),
          false
        );
      })
      .catch(function (error) {
        if (request.generation !== generation) return;
        var text = error && error.kind === "timeout" ? strings.strings.error_timeout : strings.strings.error_network;
        show(
          renderError(text, function () {
            ask(question, true);
          }),
          false
        );
      })
      .finally(function () {
        if (pending === request) setPending(null);
      });
  }

  function openPanel(focus) {
    ui.panel.hidden = false;
    ui.launcher.hidden = true;
    ui.launcher.setAttribute("aria-expanded", "true");
    state.open = true;
    saveState();
    scrollToReadingPosition();
    if (focus) ui.input.focus();
  }

  function closePanel() {
    ui.panel.hidden = true;
    ui.launcher.hidden = false;
    ui.launcher.setAttribute("aria-expanded", "false");
    state.open = false;
    saveState();
    ui.launcher.focus();
  }

  function newConversation() {
    generation += 1;
    if (pending) {
      pending.controller.abort();
      setPending(null);
    }
    state.messages = [];
    saveState();
    renderTranscript();
    renderGreeting();
    ui.input.value = "";
    updateCounter();
    ui.input.focus();
  }

  function switchLanguage(lang) {
    if (lang === current) return;
    loadStrings(lang).then(
      function (loaded) {
        current = lang;
        strings = loaded;
        state.lang = lang;
        saveState();
        applyStrings();
        if (ui.langButtons[lang]) ui.langButtons[lang].focus();
      },
      function (error) {
        var text = error && error.kind === "timeout" ? strings.strings.error_timeout : strings.strings.error_network;
        show(
          renderError(text, function () {
            switchLanguage(lang);
          }),
          false
        );
      }
    );
  }

  function start(attempt) {
    current = state.lang || detectLang();
    var langs = [current];
    state.messages.forEach(function (message) {
      if (message.who === "bot" && langs.indexOf(message.reply.lang) < 0) langs.push(message.reply.lang);
    });
    loadStrings(current)
      .then(function (loaded) {
        strings = loaded;
        // Labels for earlier replies in the other language; if they cannot be had, the UI language's will do.
        return Promise.all(
          langs.slice(1).map(function (lang) {
            return loadStrings(lang).catch(function () {
              return null;
            });
          })
        );
      })
      .then(function () {
        build();
        applyStrings();
        renderTranscript();
        document.body.appendChild(host);
        if (state.open) openPanel(false);
        if (queuedFromPage) {
          askFromPage(queuedFromPage);
          queuedFromPage = null;
        }
      })
      .catch(function () {
        // The service cannot be reached: try again a few times, then stay out of the way.
        if (attempt < 3) {
          setTimeout(function () {
            start(attempt + 1);
          }, 2000 * (attempt + 1));
        }
      });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      start(0);
    });
  } else {
    start(0);
  }
})();
