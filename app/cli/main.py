"""The ``faqbot`` command: ask, search, show and list the FAQ in a terminal; serve it; check content and catalogs.

``ask``, ``search``, ``show`` and ``list`` build the service in-process and print the same data as the HTTP API
(``--json`` prints the API's JSON, disclaimer included). The reply language is ``--lang``, else the terminal's
locale (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``: what Accept-Language is to the API), else, for ``ask``
and ``search``, the script of the question or words (as the API's ask does), else English. With ``--json`` every
outcome is the API's JSON, errors included.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import textwrap
import unicodedata
from collections.abc import Callable, Sequence
from importlib import metadata
from types import SimpleNamespace
from typing import Any, NoReturn, TextIO

from pydantic import BaseModel, ValidationError

from app.answering.highlight import term_pattern
from app.answering.schemas import MAX_QUESTION_CHARS, QUESTION_PATTERN, EntryView, Source, is_blank
from app.answering.search import DEFAULT_LIMIT, MAX_LIMIT, search
from app.answering.service import FaqService, build_service
from app.cli.storage import add_commands as add_storage_commands
from app.cli.storage import cmd_db, cmd_hash_password
from app.content.catalog_check import check_all
from app.content.faq import ContentError, load_content
from app.feedback.storage import StorageUnavailable
from app.language import messages
from app.language.i18n import (
    LANGS,
    AcceptLanguageError,
    CatalogError,
    Lang,
    Translator,
    has_han,
    lang_from_accept_language,
    negotiate_lang,
)
from app.ops.settings import Settings, settings_error_message
from app.web.errors import error_payload
from app.web.strings.staff import (
    CLI_DISCLAIMER,
    CLI_NO_RESULTS,
    CLI_RELATED,
    CLI_SCORE,
    CLI_SOURCES,
    CLI_SUGGESTIONS,
    CLI_UNKNOWN_ID,
)

EXIT_OK = 0
EXIT_NOT_FOUND = 1  # no match, no search result, unknown id; or problems found by `check`
EXIT_USAGE = 2  # bad arguments or an invalid question (argparse uses 2 as well)
EXIT_BROKEN = 3  # the service cannot start: broken settings, content or catalog

EXIT_CODES = f"""\
exit codes:
  {EXIT_OK}  success
  {EXIT_NOT_FOUND}  nothing found (no confident answer, no search result, unknown id) or `check` found problems
  {EXIT_USAGE}  usage error: bad arguments, or an empty, oversized or invalid question
  {EXIT_BROKEN}  the service cannot start: broken settings, FAQ content or catalog (the message names the file)
"""
MAX_WIDTH = 100
SEARCH_ANSWER_CHARS = 240
_NO_LINE_START = "，。、；：？！）》」』”’…%,.;:?!)]"
_LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
_CONTROL = re.compile(QUESTION_PATTERN)
# Spaces that must not break a line: "2 g/kg", and the phone number's "(877) 778-0318".
_KEEP_WITH_NUMBER = re.compile(r"(?<=\d) (?=[A-Za-z/%]{1,5}\b)|(?<=\)) (?=\d)")


class UsageError(Exception):
    """An invalid question or argument value; the message is in the reply language.

    ``code`` and ``payload`` are the API's for the same mistake (``question_empty`` ...), for ``--json``.
    """

    def __init__(self, message: str, code: str = "invalid_request", payload: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.payload = payload


# -- language --------------------------------------------------------------------------------------------------
def terminal_lang(environ: dict[str, str] | None = None) -> Lang | None:
    """The language the terminal's locale asks for, if it is one of ours.

    >>> [terminal_lang({"LANG": value}) for value in ("zh_CN.UTF-8", "zh_TW", "en_US.UTF-8", "C.UTF-8", "de_DE")]
    ['zh', 'zh-Hant', 'en', None, None]
    """
    environ = dict(os.environ) if environ is None else environ
    for name in _LOCALE_VARIABLES:
        value = environ.get(name, "")
        for item in value.split(":"):
            tag = item.split(".")[0].split("@")[0].replace("_", "-")
            if not tag or tag in {"C", "POSIX"}:
                continue
            try:
                found = lang_from_accept_language(tag)
            except AcceptLanguageError:
                found = None
            if found is not None:
                return found
        if value:
            return None  # the first variable that is set decides, as gettext does
    return None


def reply_lang(requested: Lang | None, question: str | None = None) -> Lang:
    return negotiate_lang(requested or terminal_lang(), None, question)


# -- terminal output -------------------------------------------------------------------------------------------
def _char_width(char: str) -> int:
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def display_width(text: str) -> int:
    return sum(_char_width(char) for char in text)


def wrap(text: str, width: int, indent: str = "") -> list[str]:
    """Wrap ``text`` to ``width`` columns; Chinese (double-width, no spaces) wraps between characters.

    >>> wrap("静脉注射免疫球蛋白（IVIG）的剂量为 2 g/kg。", 12)
    ['静脉注射免疫', '球蛋白（IVIG）', '的剂量为', '2 g/kg。']
    >>> wrap("请致电 (877) 778-0318。", 12)
    ['请致电', '(877) 778-0318。']
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        paragraph = _KEEP_WITH_NUMBER.sub("\N{NO-BREAK SPACE}", paragraph)  # "2 g/kg" stays on one line
        if not paragraph.strip():
            lines.append("")
        elif display_width(paragraph) == len(paragraph):
            lines += textwrap.wrap(
                paragraph, width, initial_indent=indent, subsequent_indent=indent,
                break_long_words=False, break_on_hyphens=False,
            ) or [indent]
        else:
            lines += _wrap_wide(paragraph, width, indent)
    return [line.replace("\N{NO-BREAK SPACE}", " ") for line in lines]


def _wrap_wide(paragraph: str, width: int, indent: str) -> list[str]:
    lines: list[str] = []
    line, used = indent, len(indent)
    for token in re.findall(r"[!-~\N{NO-BREAK SPACE}]+ *|\s+|.", paragraph):
        size = display_width(token.rstrip())
        if used + size > width and line.strip() and token[0] not in _NO_LINE_START:
            lines.append(line.rstrip())
            line, used = indent, len(indent)
            token = token.lstrip()
            if not token:
                continue
        line += token
        used += display_width(token)
    lines.append(line.rstrip())
    return lines


def shorten(text: str, limit: int) -> str:
    """The start of ``text``, at most ``limit`` characters, cut between words.

    >>> shorten("IVIG is given daily for 3 to 5 days.", 20)
    'IVIG is given daily…'
    """
    if len(text) <= limit:
        return text
    cut = text[:limit]
    if text[limit].isascii() and text[limit].isalnum() and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"


class Printer:
    """Readable terminal output: wrapped to the terminal, headings, optional bold for highlighted words."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.width = max(40, min(MAX_WIDTH, shutil.get_terminal_size((88, 24)).columns))
        self.color = stream.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"

    def line(self, text: str = "") -> None:
        print(text, file=self.stream)

    def heading(self, text: str, rule: str = "=") -> None:
        for line in wrap(text, self.width):
            self.line(self._bold(line))
        self.line(rule * min(self.width, max(display_width(line) for line in wrap(text, self.width))))

    def paragraph(self, text: str, indent: str = "", terms: Sequence[str] = ()) -> None:
        pattern = term_pattern(terms) if terms and self.color else None
        for line in wrap(text, self.width, indent):
            self.line(pattern.sub(lambda match: self._bold(match.group(0)), line) if pattern else line)

    def label(self, text: str) -> None:
        self.line()
        self.line(self._bold(text + ("：" if has_han(text) else ":")))

    def sources(self, label: str, sources: Sequence[Source]) -> None:
        if not sources:
            return
        self.label(label)
        for source in sources:
            marker = f"  [{source.id}] "
            lines = wrap(source.citation, self.width, " " * len(marker))
            self.line(marker + lines[0].lstrip())
            for rest in lines[1:]:
                self.line(rest)
            self.line(" " * len(marker) + source.url)

    def _bold(self, text: str) -> str:
        return f"\033[1m{text}\033[0m" if self.color else text


def _print_json(data: BaseModel | dict[str, Any], stream: TextIO) -> None:
    payload = data.model_dump(mode="json") if isinstance(data, BaseModel) else data
    print(json.dumps(payload, ensure_ascii=False, indent=2), file=stream)


# -- commands --------------------------------------------------------------------------------------------------
def _validated(service: FaqService, lang: Lang, text: str) -> str:
    """The question or search words, checked by the API's rules (non-blank, length, no control characters)."""
    if is_blank(text):
        raise _invalid(service, lang, messages.ERROR_QUESTION_EMPTY, "question_empty")
    if len(text) > MAX_QUESTION_CHARS:
        raise _invalid(service, lang, messages.ERROR_QUESTION_TOO_LONG, "question_too_long", limit=str(MAX_QUESTION_CHARS))
    if not _CONTROL.match(text):
        raise _invalid(service, lang, messages.ERROR_QUESTION_CONTROL, "question_invalid_characters")
    return text


def _invalid(service: FaqService | None, lang: Lang, message: str, code: str, status: int = 422, **values: str) -> UsageError:
    """A usage error carrying the API's JSON error for the same mistake (status 422 unless said otherwise)."""
    # error_payload reads an app's state.service (the catalogs) and state.settings: the API's own error builder.
    app = SimpleNamespace(state=SimpleNamespace(service=service, settings=service.settings if service else None))
    payload = error_payload(app, lang, status, message, code, **values)
    return UsageError(payload["error"]["message"], code, payload)


def cmd_ask(service: FaqService, args: argparse.Namespace, out: Printer) -> int:
    lang = reply_lang(args.lang, args.question)
    response = service.composer.ask(_validated(service, lang, args.question), lang)
    if args.json:
        _print_json(response, out.stream)
    else:
        text = service.composer.text
        if response.entry is not None:
            out.heading(response.entry.question)
        out.paragraph(response.reply)
        if response.entry is not None:
            out.sources(text(lang, CLI_SOURCES), response.entry.sources)
        if response.suggestions:
            out.label(text(lang, CLI_SUGGESTIONS))
            for suggestion in response.suggestions:
                out.paragraph(f"- {suggestion.question} ({suggestion.id})", "  ")
        out.label(text(lang, CLI_DISCLAIMER))
        out.paragraph(response.disclaimer)
    return EXIT_NOT_FOUND if response.kind == "no_match" else EXIT_OK


def cmd_search(service: FaqService, args: argparse.Namespace, out: Printer) -> int:
    lang = reply_lang(args.lang, args.words)
    response = search(service, _validated(service, lang, args.words), lang, args.limit)
    if args.json:
        _print_json(response, out.stream)
        return EXIT_OK if response.results else EXIT_NOT_FOUND
    text = service.composer.text
    if not response.results:
        out.paragraph(text(lang, CLI_NO_RESULTS))
    for rank, result in enumerate(response.results, start=1):
        if rank > 1:
            out.line()
        marker = f"{rank:>2}. "
        out.paragraph(f"{marker}{result.question}", terms=response.terms)
        out.line(f"{' ' * len(marker)}{result.id} · {text(lang, CLI_SCORE)} {result.score:.2f} · {result.section}")
        out.paragraph(shorten(result.answer, SEARCH_ANSWER_CHARS), " " * len(marker), terms=response.terms)
    out.label(text(lang, CLI_DISCLAIMER))
    out.paragraph(response.disclaimer)
    return EXIT_OK if response.results else EXIT_NOT_FOUND


def _not_found(service: FaqService, lang: Lang, entry_id: str, args: argparse.Namespace, out: Printer) -> int:
    message = service.composer.text(lang, CLI_UNKNOWN_ID, entry_id=entry_id)
    if args.json:
        _print_json(
            {
                "lang": lang,
                "error": {"status": 404, "code": "not_found", "message": service.composer.text(lang, messages.ERROR_ENTRY_NOT_FOUND)},
                "disclaimer": service.composer.disclaimer(lang),
            },
            out.stream,
        )
    print(f"faqbot: {message}", file=sys.stderr)
    return EXIT_NOT_FOUND


def _print_entry(service: FaqService, lang: Lang, view: EntryView, disclaimer: str, out: Printer) -> None:
    text = service.composer.text
    out.heading(view.question)
    out.line(f"{view.id} · {view.section}")
    out.line()
    out.paragraph(view.answer)
    out.sources(text(lang, CLI_SOURCES), view.sources)
    if view.related:
        out.label(text(lang, CLI_RELATED))
        for related in view.related:
            out.paragraph(f"- {related.question} ({related.id})", "  ")
    out.label(text(lang, CLI_DISCLAIMER))
    out.paragraph(disclaimer)


def cmd_show(service: FaqService, args: argparse.Namespace, out: Printer) -> int:
    lang = reply_lang(args.lang)
    item = service.content.entry(args.id)
    if item is None:
        return _not_found(service, lang, args.id, args, out)
    view = service.composer.entry_view(item, lang)
    disclaimer = service.composer.disclaimer(lang)
    if args.json:
        _print_json({"lang": lang, "entry": view.model_dump(mode="json"), "disclaimer": disclaimer}, out.stream)
    else:
        _print_entry(service, lang, view, disclaimer, out)
    return EXIT_OK


def cmd_list(service: FaqService, args: argparse.Namespace, out: Printer) -> int:
    lang = reply_lang(args.lang)
    composer = service.composer
    views = [composer.entry_view(item, lang) for item in service.content.entries]
    sections = [composer.text(lang, section) for section in service.content.sections]
    if args.json:
        _print_json(
            {"lang": lang, "sections": sections, "entries": [view.model_dump(mode="json") for view in views],
             "disclaimer": composer.disclaimer(lang)},
            out.stream,
        )
        return EXIT_OK
    id_width = max(len(view.id) for view in views)
    for position, section in enumerate(sections):
        if position:
            out.line()
        out.heading(section, "-")
        for view in (view for view in views if view.section == section):
            lines = wrap(view.question, out.width, " " * (id_width + 4))
            out.line(f"  {view.id:<{id_width}}  {lines[0].lstrip()}")
            for rest in lines[1:]:
                out.line(rest)
    out.label(composer.text(lang, CLI_DISCLAIMER))
    out.paragraph(composer.disclaimer(lang))
    return EXIT_OK


def cmd_serve(settings: Settings, args: argparse.Namespace) -> int:
    """Run uvicorn the way :mod:`app.ops.server` says (no access log, JSON logs, graceful shutdown)."""
    from app.ops.server import run

    overrides = {"host": args.host, "port": args.port, "workers": args.workers}
    settings = settings.model_copy(update={name: value for name, value in overrides.items() if value is not None})
    try:
        run(settings)
    except (ContentError, CatalogError, StorageUnavailable) as exc:
        print(f"faqbot: the service cannot start:\n{exc}", file=sys.stderr)
        return EXIT_BROKEN
    return EXIT_OK


def cmd_check(settings: Settings, args: argparse.Namespace) -> int:
    problems: list[str] = []
    content = None
    try:
        content = load_content(settings.content_dir)
    except ContentError as exc:
        problems += str(exc).splitlines()
    try:
        Translator.load(settings.locales_dir)
        glossary = content.glossary if content is not None else ()
        problems += [str(problem) for problem in check_all(settings.locales_dir, glossary=glossary)]
    except CatalogError as exc:
        problems.append(str(exc))
    if not problems:
        try:
            build_service(settings)
        except (ContentError, CatalogError, ValueError, KeyError) as exc:
            problems.append(f"building the service failed: {exc}")
    for problem in problems:
        print(problem)
    if problems:
        print(f"faqbot check: {len(problems)} problem(s)", file=sys.stderr)
        return EXIT_NOT_FOUND
    assert content is not None
    print(
        f"faqbot check: ok: {len(content.entries)} entries in {len(content.sections)} sections; "
        f"{settings.locales_dir / 'messages.pot'} is current; every message is translated"
    )
    return EXIT_OK


# -- arguments -------------------------------------------------------------------------------------------------
def _bounded_int(low: int, high: int) -> Callable[[str], int]:
    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
        if not low <= number <= high:
            raise argparse.ArgumentTypeError(f"{number} is not between {low} and {high}")
        return number

    return parse


class _ArgumentError(Exception):
    """A bad command line (argparse's message), raised instead of argparse printing it and exiting."""

    def __init__(self, message: str, parser: argparse.ArgumentParser) -> None:
        super().__init__(message)
        self.parser = parser


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _ArgumentError(message, self)


def build_parser() -> argparse.ArgumentParser:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = _Parser(
        prog="faqbot",
        description="The IVIG-for-TEN FAQ from the command line: ask, search, show, list, serve, check.",
        epilog=EXIT_CODES,
        formatter_class=formatter,
    )
    try:
        version = metadata.version("ivig-ten-faq")
    except metadata.PackageNotFoundError:
        version = "unknown"
    parser.add_argument("--version", action="version", version=f"%(prog)s {version}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def command(name: str, summary: str, details: str = "") -> argparse.ArgumentParser:
        return commands.add_parser(
            name, help=summary, description=f"{summary}\n\n{details}".strip(), epilog=EXIT_CODES, formatter_class=formatter
        )

    def lang_and_json(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--lang", choices=LANGS,
            help="reply language: en, zh (Simplified Chinese) or zh-Hant (Traditional Chinese); default: the "
                 "terminal's locale (zh_TW, zh_HK: Traditional), else English",
        )
        sub.add_argument("--json", action="store_true", help="print the HTTP API's JSON instead of text")

    ask = command("ask", "Answer a question, as POST /api/v1/ask does (disclaimer included).",
                  'Example: faqbot ask "What dose of IVIG is used?"  /  faqbot ask "IVIG 的副作用" --lang zh\n'
                  '         faqbot ask "靜脈注射免疫球蛋白的副作用"   (a Traditional question is answered in Traditional)')
    ask.add_argument("question", help="the question, in English or Chinese (quote it)")
    lang_and_json(ask)

    find = command("search", "Ranked entries for some words, as GET /api/v1/search does.",
                   'Example: faqbot search platelet  /  faqbot search 副作用 --limit 3')
    find.add_argument("words", help="words or a question, in English or Chinese")
    find.add_argument("--limit", type=_bounded_int(1, MAX_LIMIT), default=DEFAULT_LIMIT, help=f"at most this many entries (1-{MAX_LIMIT}; default {DEFAULT_LIMIT})")
    lang_and_json(find)

    show = command("show", "Print one entry with its sources, as GET /api/v1/entries/ID does.",
                   "Example: faqbot show ivig-dose --lang zh   (faqbot list prints the ids)")
    show.add_argument("id", help="the entry's id, e.g. ivig-dose")
    lang_and_json(show)

    listing = command("list", "List every entry by section, as GET /api/v1/entries does.")
    lang_and_json(listing)

    serve = command("serve", "Start the HTTP service (uvicorn).",
                    "Defaults come from the settings: FAQBOT_HOST, FAQBOT_PORT, FAQBOT_WORKERS, FAQBOT_LOG_LEVEL.")
    serve.add_argument("--host", help="address to listen on (default: FAQBOT_HOST, 127.0.0.1)")
    serve.add_argument("--port", type=_bounded_int(1, 65535), help="port (default: FAQBOT_PORT, 8000)")
    serve.add_argument("--workers", type=_bounded_int(1, 64), help="worker processes (default: FAQBOT_WORKERS, 1)")

    command("check", "Validate the FAQ content and the catalogs before a change lands.",
            "Loads faq/ (a broken entry is named with its file), then checks locales/: the .pot is current with\n"
            "the sources, every message is translated and none is fuzzy, placeholders and numbers are kept.\n"
            "Prints one line per problem.")
    add_storage_commands(commands)
    return parser


def _argument_error(message: str) -> UsageError:
    """An argparse error as the API's 422 for the same mistake (in English: argparse has no catalog)."""
    if "--lang" in message:
        return _invalid(None, "en", messages.ERROR_BAD_LANG, "invalid_lang")
    if "--limit" in message:
        return _invalid(None, "en", messages.ERROR_BAD_LIMIT, "invalid_limit", low="1", high=str(MAX_LIMIT))
    return _invalid(None, "en", messages.ERROR_VALIDATION, "invalid_request")


def _cannot_start(json_output: bool, reason: str) -> int:
    """The service cannot be built: a plain message on stderr; with ``--json`` also the API's error shape (503,
    in the English of the code: the catalogs may be what is broken)."""
    if json_output:
        _print_json(error_payload(None, "en", 503, messages.ERROR_INTERNAL, "service_unavailable"), sys.stdout)
    print(f"faqbot: {reason}", file=sys.stderr)
    return EXIT_BROKEN


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    json_output = "--json" in argv  # every outcome of a --json run is the API's JSON, usage errors included
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except _ArgumentError as exc:
        if json_output:
            _print_json(_argument_error(str(exc)).payload or {}, sys.stdout)
        exc.parser.print_usage(sys.stderr)
        print(f"{exc.parser.prog}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except SystemExit as exc:  # --help, --version (0): return the code, as main() promises
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        settings = Settings()
    except ValidationError as exc:
        return _cannot_start(json_output, f"invalid settings: {settings_error_message(exc)}")
    if args.command == "serve":
        return cmd_serve(settings, args)
    if args.command == "check":
        return cmd_check(settings, args)
    if args.command == "db":
        return cmd_db(settings, args)
    if args.command == "hash-password":
        return cmd_hash_password(args)
    try:
        service = build_service(settings)
    except (ContentError, CatalogError) as exc:
        return _cannot_start(json_output, f"the service cannot start:\n{exc}")
    handlers = {"ask": cmd_ask, "search": cmd_search, "show": cmd_show, "list": cmd_list}
    try:
        return handlers[args.command](service, args, Printer(sys.stdout))
    except UsageError as exc:
        if json_output and exc.payload is not None:
            _print_json(exc.payload, sys.stdout)
        print(f"faqbot: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # `faqbot list | head`
        sys.stderr.close()
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
