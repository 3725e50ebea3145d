"""The desk's languages: the compiled catalogues (frontdesk_<language>.qm) and their loading.

The catalogues live in this package so that ``importlib.resources`` finds them in a source
tree, an installed wheel and a frozen bundle alike. English is the language of the source
code and needs no catalogue; French (Canada) is ``frontdesk_fr_CA.qm``, compiled from
``frontdesk_fr_CA.ts`` by packaging/update-translations.sh (see docs/translations.md).

Which language: ``FRONTDESK_LANG`` when set (one machine or one session), else the
desk-wide setting ``ui.language`` when it names one, else the system locale's language.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from importlib import resources

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger(__name__)

#: Languages the desk speaks, as stored in the ``ui.language`` setting.
ENGLISH = "en"
FRENCH_CANADA = "fr_CA"
LANGUAGES = (ENGLISH, FRENCH_CANADA)
#: Setting value (and FRONTDESK_LANG value) meaning "the system locale decides".
SYSTEM = "system"
ENV_VARIABLE = "FRONTDESK_LANG"

# The translators installed by install_language, kept so a second call replaces them
# (and so Python does not free them while Qt still uses them).
_installed: list[QTranslator] = []


def normalise(value: str | None) -> str | None:
    """A language as typed ("fr", "fr-CA", "fr_CA.UTF-8", "EN_us") as one of
    :data:`LANGUAGES`, :data:`SYSTEM` for "system" or an empty value, None when unknown."""
    if value is None:
        return SYSTEM
    text = value.strip().split(".")[0].split("@")[0].replace("-", "_").lower()
    if text in ("", SYSTEM):
        return SYSTEM
    if text == "c" or text == "posix" or text == "en" or text.startswith("en_"):
        return ENGLISH
    if text == "fr" or text.startswith("fr_"):
        return FRENCH_CANADA
    return None


def language_of_locale(locale: QLocale) -> str:
    """The desk's language for a system locale: French for any French locale (the only
    French catalogue is Canada's), English otherwise."""
    return FRENCH_CANADA if locale.language() == QLocale.Language.French else ENGLISH


def choose_language(
    environ: Mapping[str, str],
    setting: str | None = None,
    system: QLocale | None = None,
) -> str:
    """The language to show: FRONTDESK_LANG, else the ``ui.language`` setting, else the
    system locale's. An unknown value is logged and passed over, never fatal: a desk
    that cannot read its language setting still opens, in the system's language."""
    for source, value in ((ENV_VARIABLE, environ.get(ENV_VARIABLE)), ("ui.language", setting)):
        if value is None:
            continue
        language = normalise(value)
        if language is None:
            log.warning("%s=%r is not a language of the desk (%s)", source, value, LANGUAGES)
        elif language != SYSTEM:
            return language
    return language_of_locale(system if system is not None else QLocale.system())


def catalogue_path(language: str) -> str | None:
    """The compiled catalogue of ``language``; None for English (the source language)."""
    if language == ENGLISH:
        return None
    return str(resources.files(__name__).joinpath(f"frontdesk_{language}.qm"))


def locale_for(language: str, system: QLocale | None = None) -> QLocale:
    """The locale that formats dates, times and numbers in ``language``: the system's
    when it speaks that language (its own formats), else the language's Canadian one."""
    system = system if system is not None else QLocale.system()
    if language_of_locale(system) == language and system.language() != QLocale.Language.C:
        return system
    if language == FRENCH_CANADA:
        return QLocale(QLocale.Language.French, QLocale.Country.Canada)
    return QLocale(QLocale.Language.English, QLocale.Country.Canada)


def install_language(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Show the desk in ``language`` from now on: replace the translators installed by an
    earlier call with the desk's catalogue and Qt's own (qtbase: standard buttons such as
    OK and Cancel, file dialogs), and make the language's locale the default one so
    dates, times and numbers follow it. Widgets made before the call keep their texts.

    Returns the translators installed (none for English on an English system)."""
    remove_language(app)
    system = QLocale.system()
    locale = locale_for(language, system)
    if language != ENGLISH or system.language() not in (
        QLocale.Language.English,
        QLocale.Language.C,
    ):
        QLocale.setDefault(locale)
    path = catalogue_path(language)
    if path is None:
        return []
    desk = QTranslator(app)
    if not desk.load(path):
        log.error(
            "the %s catalogue cannot be read at %s; the desk stays in English", language, path
        )
        return []
    qt = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translators = [desk]
    if qt.load(locale, "qtbase", "_", qt_dir):
        translators.append(qt)
    else:
        log.warning("Qt's own %s translations are not in %s", language, qt_dir)
    for translator in translators:
        app.installTranslator(translator)
    _installed.extend(translators)
    return translators


def remove_language(app: QCoreApplication) -> None:
    """Back to English and the system locale (what the desk shows with no catalogue)."""
    while _installed:
        app.removeTranslator(_installed.pop())
    QLocale.setDefault(QLocale.system())
