// Ask panel: GET /api/ask/?q=&lang= -> an answer with the passages it cites, each linking to its paragraph anchor.
import { api } from "./api.js";
import { h, recordHref, searchHref } from "./dom.js";
import { languageName, t, tn } from "./i18n.js";
import { textBlocks } from "./paragraphs.js";
import { refreshLanguageLinks, setTitle, startPage } from "./shell.js";

const $ = (id) => document.getElementById(id);
let lang = "en";
let controller = null;

// The answer sentence as the API gives it may be cut ("… and integrated into the …"): match what is there.
const answerSentence = (answer) => String(answer || "").replace(/\s*…\s*$/, "").trim();

// The passage's text with the sentence that answers marked, extended to the end of that sentence when cut.
function passageText(text, sentence) {
  let marked = false;
  return String(text || "").split(/\n{2,}/).filter((s) => s.trim()).map((block) => {
    const at = sentence && !marked ? block.indexOf(sentence) : -1;
    if (at < 0) return h("p", {}, block.trim());
    marked = true;
    let end = at + sentence.length;
    const stop = block.slice(end).search(/[.!?。؟](\s|$)/);
    end = stop < 0 ? block.length : end + stop + 1;
    return h("p", {}, block.slice(0, at), h("mark", { class: "answer-sentence" }, block.slice(at, end)), block.slice(end));
  });
}

// Each passage once, numbered as it is cited ([1], [2] …), linking to the record (at the paragraph when known).
function passage(p, index, sentence) {
  const label = p.paragraph_code || p.identifier;
  return h("li", { class: "passage", id: `source-${index + 1}` },
    h("p", { class: "passage-title" },
      h("span", { class: "citation", "aria-hidden": "true" }, `[${index + 1}]`), " ",
      h("a", { href: recordHref(p.identifier, { anchor: p.anchor }), lang: p.language || null, dir: "auto" }, p.title || p.identifier), " ",
      label ? h("span", { class: "symbol" }, label) : null,
      p.language && p.language !== lang ? [" ", h("span", { class: "lang-note" }, t("results.inLanguage", { language: languageName(p.language) }))] : null),
    h("blockquote", { lang: p.language || null, dir: "auto", cite: p.url || null }, passageText(p.text, sentence)));
}

function renderAnswer(data, q) {
  const box = $("answer");
  if (!data.found || !data.passages?.length) {
    box.replaceChildren(h("div", { class: "empty-state" },
      h("h2", {}, t("ask.nothing")),
      h("p", {}, t("ask.nothingHelp")),
      h("p", {}, h("a", { href: searchHref({ q }) }, t("ask.trySearch", { q })))));
    return;
  }
  // Without a generator the "answer" is only a sentence of the first passage: say what the box holds, and show
  // that sentence where it belongs, marked inside its passage, instead of repeating it above.
  if (!data.generated) {
    const sentence = answerSentence(data.answer);
    box.replaceChildren(
      h("h2", {}, t("ask.passages")),
      h("p", { class: "hint" }, t("ask.passagesIntro")),
      h("ol", { class: "passages" }, data.passages.map((p, i) => passage(p, i, sentence))));
    return;
  }
  box.replaceChildren(
    h("h2", {}, t("ask.answer")),
    h("div", { class: "answer-text" }, textBlocks(data.answer)),
    h("h2", {}, t("ask.sources")),
    h("p", { class: "hint" }, tn("ask.sourceCount", data.passages.length)),
    h("ol", { class: "passages" }, data.passages.map((p, i) => passage(p, i, null))));
}

async function ask(q) {
  controller?.abort();
  const mine = (controller = new AbortController());
  const box = $("answer");
  if (!q) return box.replaceChildren();
  setTitle(q);
  box.setAttribute("aria-busy", "true");
  box.replaceChildren(h("p", { class: "loading" }, t("ask.thinking")));
  try {
    const data = await api.ask(q, lang, { signal: mine.signal });
    if (mine === controller) renderAnswer(data, q);
  } catch (error) {
    if (error.name === "AbortError") return;
    box.replaceChildren(h("div", { class: "error-state", role: "alert" },
      h("p", {}, error.status === 0 || error.status >= 500 ? t("error.apiDown") : t("error.generic")),
      h("button", { type: "button", class: "button", onclick: () => ask(q) }, t("error.retry"))));
  } finally {
    if (mine === controller) box.setAttribute("aria-busy", "false");
  }
}

async function main() {
  lang = await startPage({ titleKey: "ask.title" });
  const input = $("question");
  const fromUrl = () => (new URLSearchParams(location.search).get("q") || "").trim();
  input.value = fromUrl();
  $("ask-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const q = input.value.trim();
    const params = new URLSearchParams({ q, lang });
    history.pushState({}, "", `${location.pathname}?${params}`);
    refreshLanguageLinks();
    ask(q);
  });
  window.addEventListener("popstate", () => {
    input.value = fromUrl();
    ask(input.value);
  });
  if (input.value) ask(input.value);
  else input.focus();
}

main();
