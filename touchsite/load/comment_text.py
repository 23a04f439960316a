"""What of a comment column's answer is a comment: an answer that says there is none ("-",
"k. A.", "keine Anmerkungen", "n/a", "nothing") is no comment.

Survey tools make the free-text field compulsory, and customers fill it with whatever gets
them to the next page. Counted as comments, such answers would be quoted on the pages, thin
out every theme's share of comments and count as evidence. An answer without a letter ("-",
"?", "...", "👍", "0") is none either: it holds no word to read. A comment column answers an
open question ("Was können wir besser machen?", "Anything else?"), so a bare "nein" or "no"
says there is nothing to add, as "nichts" does.

Some tools export what the customer wrote as the HTML of their web form: "&amp;" for "&",
"&quot;" and "&#39;" for quotes, "<br>" and "<p>...</p>" for line breaks, and some escape a
line break as the two characters "\\n". Shown as they are, a reader sees "&amp;" and "<br>"
the customer never typed, and the themes read "amp" and "quot" as words: they are read back
into the text first (from_markup). Other tags stay text, as any HTML a customer types: the
site shows comments as text, never as HTML.

Google's reviews hold Google's machine translation beside what the customer wrote, in one
text: "(Translated by Google) Great service\n\n(Original)\nToller Service" ("(Übersetzt von
Google) ..." in its German interface). The customer's own words alone are the comment
(original_only): quoted twice, a comment would read as two, and its themes count each word
twice, once in a language the customer did not write.

A comment's signature and its device's footer are not the customer's feedback: a closing
formula near the end ("Mit freundlichen Grüßen", "MfG", "Viele Grüße", "Best regards",
"Cheers") with at most a short name after it ("Max Schneider", "M. Schneider", "Tom"; after
"lg" or "vg" in lower case, "MfG", "Gruß" or "viele Grüße", a name in lower case too: "lg
anna", "mfg thomas müller", "alles gut lg anna", "Danke für alles viele grüße anna
schmidt"; after a word, "Gruß", "LG", "VG" or "Cheers" in capitals with a name in capitals:
"alles gut Gruß Heike", "Super Beratung LG Thomas Müller"; but whom or where from it greets
is the customer's, "lg aus kiel", "viele grüße an alle", "Gruß Team", and so is a brand's
product, "Super Service LG Fernseher", and "lg" after an article, "einen lg fernseher"),
thanks that a name follows ("Thanks,\nAyşe", "Super Beratung Danke schön Kerstin"; "Danke!"
alone is feedback, and so is "Danke Schön"), a name after a closing after a product or a
verb's particle ("LG Fernseher Gruß Heike", "Lieferung kam an Gruß Heike", "Karton lag bei
LG Nicole"), after a greeting from a place ("Viele Grüße aus Köln!\nSandra Müller") or a
name after thanks said again or after thanks that start the answer ("danke vielmals,
Kerstin", "Danke nochmals Dr. Weber", "Danke Tom", "alles top danke sabine"; in English
after thanks said again a name after a comma: "Thanks again, Kerstin"): the name alone is
cut, so such a text is a comment, and the thanks stay: "Danke Tom" is published as "Danke",
as "Danke!" is. A capitalised word there that no list knows is cut as a name, as it cannot
be told from one ("Danke Professionell": a word is lost, not the answer, and a name
published cannot be taken back); a verdict, a company or whom thanks are said to that the
lists know stays ("Danke sehr Zufrieden", "Danke Telekom")), and a footer on
a line of its own ("Gesendet von meinem iPhone", "Sent from my iPhone", "Von meinem Samsung
Galaxy Smartphone gesendet"), naming the device or app in a few words (a sentence that
reads on, "Gesendet über die App hat es nicht funktioniert", and a parcel's "Versendet mit
Hermes" are the customer's). Two names joined ("LG Anna und Tom"), a name after a place
("Gruß aus Frankfurt am Main Karl-Heinz Schäfer"), after thanks said again in English
("Thanks again Sarah") or before an emoticon typed in ASCII ("Danke Tom xD", "LG Heike <3")
are cut the same way; thanks that start the answer after a symbol or markup ("👍 Danke Tom",
"<p>Danke Tom</p>") are a comment, as "Danke Tom" is. Counted, "Mit freundlichen Grüßen"
made "freundlich" a theme of the critical comments; published, the name is personal data.
They are cut from the text (without_signature), and an answer that is nothing but them, or a
placeholder before them ("n/a" and a footer), is no comment. A formula inside a comment
("freundliche Grüße an das Team, super Beratung!") is the customer's: only one that nothing
but a name follows is a signature. Names in sign-offs of other forms ("Gruß Tom aus Köln",
"Danke Anna und Tom", "MfG\\nMax Weber\\n12345 Köln", "Danke H.M.", "LG Jan van
der Meer", "Danke Prof. Dr. Weber") are cut by a pass of their own (without_names_left), the
sign-off's words kept.

The engines' query reads the same answers as none (engines/reduction.py), so both count the
same rows.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from touchsite.load.white import WHITE_CHARACTERS

# what an answer's words are compared without: punctuation, symbols, white space
BETWEEN_WORDS = rf"[\p{{P}}\p{{S}}{WHITE_CHARACTERS}]+"


# A signature, as Arrow (RE2), DuckDB (RE2) and Spark (Java) read a pattern: no lookaround,
# "\\z" for the end, case ignored in the formulas alone (Java's (?i) knows ASCII only, and
# a name starts in capitals). Its first three groups hold the character before it, kept.
_SPACE = rf"[{WHITE_CHARACTERS}]"
_GREETING = r"gr(?:[üÜ]|ue|u)(?:ß|ẞ|ss)(?:en?)?"  # Gruß, Grüße, Grüßen, Gruesse, Grüsse
_KINDLY = r"(?:freundlich|herzlich|lieb|best|sonnig|sch(?:[öÖ]|oe)n)e[nm]?|viele[nm]?"
# what may end a comment after any other character: these are closings wherever they stand
# ("Danke und viele Grüße!")
_CLOSING = (
    rf"(?i:(?:(?:und|and){_SPACE}+)?(?:(?:mit{_SPACE}+)?(?:{_KINDLY}){_SPACE}+{_GREETING}|mfg"
    rf"|(?:with{_SPACE}+)?(?:best|kind|kindest|warm|warmest|many){_SPACE}+regards"
    rf"|best{_SPACE}+wishes|yours{_SPACE}+(?:sincerely|truly|faithfully)|sincerely{_SPACE}+yours))"
)
# these only at a line's or a sentence's start ("LG" is a brand too)
_SHORT_CLOSING = rf"(?i:{_GREETING}|lg|vg|regards|cheers|sincerely)"
_WORD = r"\p{Lu}[\p{L}'’-]*\.?"  # "Max", "M.", "Hans-Peter"
_NAME = (
    rf"(?:[ \t]*[,;:–—-]{_SPACE}*|{_SPACE}+)"
    f"{_WORD}(?:[ \t\u00a0]+{_WORD}){{0,2}}"  # spaces of one line
)
# A name typed in lower case after "lg" or "vg" typed so, "mfg" or "Gruß" ("lg anna", "Mfg
# thomas müller": 140 of 200 such names in a probe's signatures were published; "LG" in
# capitals is a brand too), in two words at most: more read on as a sentence ("lg und
# weiter so"). Its letters are Latin ones, from "a" to "ſ": with \p{Ll}, or read after
# every closing, RE2's automaton took four times as long over every comment.
# "Gruß", "Grüße" as a closing, not the verb: "Verkäufer unfreundlich, grüßen nicht" is the
# customer's ("grüßen nicht" was cut as a signature)
_GREETING_NOUN = r"gr(?:[üÜ]|ue|u)(?:ß|ẞ|ss)e?"
_LOWER_WORD = r"[a-zß-öø-ÿĀ-ſ][a-zß-öø-ÿĀ-ſ'’-]*"
_SHORT_LOWER_CLOSING = rf"lg|vg|(?i:mfg|{_GREETING_NOUN})"
# ... or "viele grüße", "liebe grüße", "mit freundlichen grüßen" (after a word, "grüße anna"
# alone was cut, and "viele" left)
_LOWER_CLOSING = (
    rf"(?:{_SHORT_LOWER_CLOSING}|(?i:(?:mit{_SPACE}+)?(?:{_KINDLY}){_SPACE}+{_GREETING}))"
)
# The closing stands at a line's or a sentence's start, or after a word and white space:
# "Super Beratung mfg thomas müller", "alles gut lg anna" (210 of 210 such names in a
# probe's comments were published where a line's or a sentence's start alone was read).
# (After any character but a letter or a digit, RE2's automaton outgrew its memory, and
# its fallback took 240 times as long over 300,000 comments: 15.8 s against 0.07 s.)
_BEFORE_LOWER = rf"[\n.!?,;{WHITE_CHARACTERS}]"
_LOWER_SEPARATOR = rf"(?:[ \t]*[,;:–—-]{_SPACE}*|{_SPACE}+)"
_LOWER_NAME = f"{_LOWER_WORD}(?:[ \t\u00a0]+{_LOWER_WORD})?"
# ... and "Gruß", "LG", "VG", "Regards" or "Cheers" after a word, in either case, with a
# name in capitals of three words at most: "alles gut Gruß Heike", "Super Beratung LG Thomas
# Müller", "Great service Cheers Tom" (560 of 560 such names in a probe's comments were
# published, and 42 of the 2,651 signed comments of a review's, where these closings were read
# only at a line's or a sentence's start). A name's word has a small letter after its
# capital, or is an initial: "LG OLED", "LG TV" name a set. What such a closing names that is
# the customer's is not cut (NAMED_CUSTOMERS).
_SHORT_NAMED_CLOSING = rf"(?i:lg|vg|{_GREETING_NOUN}|regards|cheers)"
# Its letters are Latin ones, as a lower-case name's: with \p{Lu} and \p{Ll}, RE2 took 15 ms
# more to compile LOWER_SIGNED, at each call.
# (with Latin Extended-B and Additional too: "Ngọc Nguyễn", "Đặng" were published)
_LATIN = "A-Za-zÀ-ÖØ-öø-ɏḀ-ỿ"
# ... or an apostrophe and a capital: "O'Neill", "D'Angelo"
_NAME_WORD = (
    rf"[A-ZÀ-ÖØ-ÞĀ-ſ](?:[a-zß-öø-ÿĀ-ɏḀ-ỿ][{_LATIN}'’-]*\.?|['’][A-ZÀ-ÖØ-Þ][{_LATIN}'’-]*|\.)"
)
_CAPITAL_NAME = f"{_NAME_WORD}(?:[ \t\u00a0]+{_NAME_WORD}){{0,2}}"
_LOWER_SIGNED = (
    f"(?:{_LOWER_CLOSING}{_LOWER_SEPARATOR}{_LOWER_NAME}"
    f"|{_SHORT_NAMED_CLOSING}{_LOWER_SEPARATOR}{_CAPITAL_NAME})"
)
# ... but words after a closing that are the customer's, whom or where from it greets: "lg
# aus kiel", "viele grüße an alle", "gruß zurück" (in the probe, 54 of 226 such were cut
# after a sentence's start; after a word, all of them would be). PRAISED finds those texts
# (LOWER_CUSTOMERS), and they are not cut, as praise after thanks is not: a class of "every
# word but these" makes RE2's program too large (PRAISED's note).
NOT_A_NAME = (
    "an ans am aus vom nach zum zur ins in im bei und oder auch für fürs zurück dich dir euch "
    "ihnen alle allen alles das die der den dem ein eine einen zu nicht nie bitte danke weiter "
    "gern gerne geht gehen raus hier so team to and the all everyone you again back for"
)
# ... and "lg", "vg", "mfg" or "Gruß" after an article, a possessive or a preposition: a
# brand or a word of the sentence ("einen lg fernseher", "mit meinem lg handy", "the mfg
# date", "Fernseher von lg war defekt"), no closing. (A footer typed so, "gesendet von
# meinem lg handy", is cut all the same: FOOTER_ENDED.)
TAKES_A_NOUN = (
    "ein eine einen einem einer eines mein meine meinen meinem meiner meines dein deine "
    "deinen deinem unser unsere unseren unserem kein keine keinen keinem der die das den dem "
    "des vom von mit auf über bei beim zum zur für neue neuen neuer neues neuem the a an my our "
    "your new this"
)


def _words(words: str) -> str:
    """`words` (apart by spaces) as alternatives of a pattern, an umlaut in either case."""
    return "|".join(word.replace("ö", "[öÖ]").replace("ü", "[üÜ]") for word in words.split())


LOWER_CUSTOMERS = (
    rf"(?:^|{_BEFORE_LOWER})(?:{_LOWER_CLOSING}{_LOWER_SEPARATOR}"
    rf"(?:{_words(NOT_A_NAME)}|von{_SPACE}+(?:mir|uns))"
    f"(?:[ \t\u00a0]+{_LOWER_WORD})?"
    rf"|(?i:{_words(TAKES_A_NOUN)})[ \t]+(?:{_SHORT_LOWER_CLOSING}){_LOWER_SEPARATOR}{_LOWER_NAME})"
)
_FROM = rf"{_SPACE}+(?:aus|from|von){_SPACE}+\p{{Lu}}[\p{{L}}-]*"  # "Grüße aus Kiel"
# Thanks are a closing where a name follows, after a comma on the thanks' line or on a line
# of its own ("Danke, Tom", "Vielen Dank, Frau Müller", "Thanks,\nAyşe"): 300 of 300 such
# names on one line in a probe's comments were published. "Danke!" alone and thanks that
# read on ("Danke Ihnen für die Beratung") are the customer's. (An alternative of its own,
# its name two words at most: shared with the others' name and footer, or three words,
# RE2's automaton grew past its memory, and its fallback took thirty to sixty times as long.)
_THANKS_WORDS = (
    rf"(?i:danke(?:{_SPACE}*sch(?:[öÖ]|oe)n|{_SPACE}+sehr)?|vielen{_SPACE}+dank"
    rf"|thanks|thank{_SPACE}+you|many{_SPACE}+thanks|thx)"
)
# ... or a space alone on the thanks' line at a comment's end ("Alles bestens. Danke Tom",
# "Thanks Anna": 300 of 300 such names in a probe's comments were published, where with a
# comma they were cut)
_THANKS_SEPARATOR = r"(?:[ \t]*,?[ \t]*[\r\n][ \t\r\n]*|[ \t]*,[ \t]*|[ \t]+)"
_THANKED = f"{_THANKS_WORDS}{_THANKS_SEPARATOR}"
_THANKED_NAME = rf"{_WORD}(?:[ \t]+{_WORD})?"
# ... but not thanks that start the answer: "Danke Tom", "Danke, Heike" cut whole left no
# word, and the answer was dropped as no comment where "Danke!" is one; and every rule on
# whether a capitalised word after thanks is a name ("Danke Telekom", "Danke Saubere
# Arbeit") decided whether the answer was dropped. LATE_SIGNED cuts that name alone, the
# thanks kept, so such an answer is a comment, as "Danke!" is.
_THANKS = rf"([^\p{{L}}\p{{N}}])[ \t]*{_THANKED}{_THANKED_NAME}"
# ... but thanks that a word before them takes as a noun read on: in German a noun after
# "Danke" in a sentence is capitalised as a name is ("Kein Danke Kein Bitte", "Man bekommt
# kein Danke Mehr" lost their ends as a name). Thanks after any other word are a closing
# ("Alles super Danke Tom": a comment typed without a full stop, its name published where
# all thanks after a word were read as a sentence's). PRAISED keeps those texts uncut.
_TAKES_THANKS = (
    r"(?i:kein(?:e[mnrs]?)?|ein(?:e[mnrs]?)?|das|dem|nur"
    r"|(?:gro(?:ß|ss)|dick|herzlich|riesig|fett)(?:e[mns]?)|got|get|no|never|any|big)"
)
_THANKS_AS_NOUN = (
    rf"(?:^|[^\p{{L}}\p{{N}}]){_TAKES_THANKS}[ \t]+{_THANKS_WORDS}[ \t]+{_THANKED_NAME}"
)
# ... but praise after thanks is no name: "Danke, Super!", "Vielen Dank, Tolle Beratung",
# "Danke\nPrima" (75 of 300 such in the probe were cut as a name). PRAISED finds the texts
# whose thanks and words SIGNATURE would cut start with a word of praise: those are not cut
# (comments_only, without_signature and the engines' query alike). The words are their own
# pattern: written into SIGNATURE as a class of "every word but these", RE2's program grew
# too large for its automaton, and it took fifty times the CPU.
PRAISE_WORDS = (
    "super toll top klasse prima perfekt spitze alles gern weiter gut ihnen "
    "euch für great good awesome perfect excellent amazing nice well lovely brilliant "
    "fantastic wonderful keep passt bestens hat viel froh immer wunderbar hervorragend "
    "ausgezeichnet very really happy merry "
    # ... and who or how thanks are said to that is no name: "Danke Dir", "Danke, Bis Bald",
    # "Thanks Again" (with thanks before a name without a comma cut, 120 of 300 such in a
    # probe's comments lost their thanks as a name; "Danke, Bis Bald" was cut before)
    "dir bis again everyone everybody guys folks leute jungs so much tschüss tschüs ciao bye "
    "customer dafür"
)
# How thanks are said stays alone ("Danke Schön", "Danke Vielmals"), but a name after it is
# cut: read as praise, "schön" kept "Super Beratung Danke schön Kerstin" whole (30 of 80
# such names in a probe's comments were published, all of one word). Inflected, "schön" is
# praise as the others are ("Danke, Schönes Wochenende"). ("vielmals" and "nochmal(s)" in
# lower case are no thanks' words to SIGNATURE, and a name after them is LATE_SIGNED's to
# cut: "Danke vielmals, Kerstin", "Danke nochmal\nKerstin". As thanks' words they made RE2's
# replacement with the other signatures four times as slow.)
THANKS_SAID = "schön vielmals nochmal nochmals"
# Who is thanked may end a compound: "Danke Team", "Danke Lieferteam", "Danke Kundenservice"
# (a service's or a team's name is no person's). (A word before it, "Customer Service", as
# a pattern of its own doubled the time RE2 takes to compile PRAISED, which it does at each
# call: "customer" is a word above.)
THANKED_GROUPS = "team service"
_PRAISE = _words(PRAISE_WORDS)
# ... and a verdict or what the thanks are for, where the customer's whole answer is thanks
# and two capitalised words: "Danke sehr Nette Beratung", "Vielen Dank Schnelle Lieferung",
# "Danke, Keine Hilfe" were read as thanks and a first and a last name, and the answer, cut to
# nothing, as no comment (84 of 192 such answers in a probe's comments were dropped). Read
# after thanks alone: read where PRAISE_WORDS are, after a closing, "Gruß Kai Schnell" would
# be the customer's words.
VERDICT_WORDS = (
    "nett freundlich kompetent schnell zufrieden hilfsbereit angenehm zuverlässig pünktlich "
    "unkompliziert sauber kein keine nie unverschämt beratung lieferung montage betreuung hilfe "
    "kontakt"
)
# ... and after what they judge, the verdicts no surname is ("Danke Beratung Top"; "Danke,
# Frau Schnell" is a name). Only after these: after any capitalised word, a first name was
# published where the whole answer had been cut ("Danke Jana Top", "Danke Tom Super").
VERDICTS_AFTER = "top super klasse prima spitze perfekt pünktlich"
JUDGED = (
    "beratung lieferung montage betreuung hilfe kontakt hotline fahrer techniker monteur "
    "verkäufer verkäuferin lieferant lieferdienst versand abwicklung personal preis ware"
)
_GROUP = rf"\p{{L}}*(?i:{'|'.join(THANKED_GROUPS.split())})"
# A praise word is whole, or inflected ("Tolle", "Gerne", "Schönes", "Nicely"): read as a
# word's start, names that start so were published ("Danke\nGernot Schmidt", "Thanks,\nWells",
# "Danke,\nSchönfeld", where a name on its own line had been cut).
_INFLECTED = r"(?i:e[mnrs]?|ly)?"
# What a closing names that is no person (NAMED_CUSTOMERS): the closings' "LG" is a brand's,
# and "Gruß" and "VG" start the customer's words as often ("Super Service LG Fernseher",
# "Gruß Team", "Grüße Zurück", "Preis VG Wort": the first word or the last), and "lg", "Gruß"
# after an article or a preposition is no closing ("mein LG Fernseher", as TAKES_A_NOUN says).
# Of 48 such texts in the probe, the patterns before cut 4 ("Cheers Mate", "Viele Grüße An
# Alle"), these cut 2: "Grüße aus Kiel", as ever, and "Danke Schön Beratung", which reads as
# thanks and a name. (Its words read as Latin ones, as a name's: RE2 compiles PRAISED at
# each call.)
NOT_NAMED = (
    "fernseher tv monitor handy smartphone telefon gerät geräte waschmaschine trockner "
    "kühlschrank geschirrspüler spülmaschine mikrowelle soundbar display bildschirm beamer "
    "laptop notebook tablet klimaanlage electronics elektronik deutschland store shop oled qled "
    "kundendienst support produkt produkte qualität marke garantie reparatur modell wort media "
    # ... or whom it greets ("Grüße Zurück", "Gruß An Alle", "Cheers Mate"; where from it
    # greets is cut after a capital as ever: "Liebe Grüße aus Hamburg")
    "zurück alle allen euch dich dir ihnen everyone all mate mates lads "
    # ... or what the customer says of the brand ("Kundendienst LG Katastrophe", "Bild top
    # LG Gram": with these, 6 of 52 controls in a review's planted comments were cut)
    "gram katastrophe schrott enttäuschung müll mist frechheit"
)
# ... and a product's name ends a compound: "Nie wieder LG Backofen", "Toller Service LG
# Waschtrockner", "LG Staubsauger" (a name does not end so)
PRODUCT_ENDS = "fernseher trockner schrank sauger ofen maschine spüler kopfhörer lautsprecher"
_NOT_NAMED = rf"(?i:{_words(NOT_NAMED)}|{_PRAISE})"
_ANY_WORD = f"[{_LATIN}'’.-]+"
# "Gruß Lieferteam", "LG Waschtrockner"
_LATIN_GROUP = f"[{_LATIN}]*(?i:{'|'.join(THANKED_GROUPS.split())}|{_words(PRODUCT_ENDS)})"
_CUSTOMERS_WORDS = (
    f"(?:{_ANY_WORD}[ \t\u00a0]+){{0,2}}(?:{_NOT_NAMED}|{_LATIN_GROUP})"
    f"(?:[ \t\u00a0]+{_ANY_WORD}){{0,2}}"
)
NAMED_CUSTOMERS = (
    rf"(?:^|{_BEFORE_LOWER})(?:[ \t]*{_SHORT_NAMED_CLOSING}{_LOWER_SEPARATOR}{_CUSTOMERS_WORDS}"
    rf"|(?i:{_words(TAKES_A_NOUN)})[ \t]+{_SHORT_NAMED_CLOSING}{_LOWER_SEPARATOR}{_CAPITAL_NAME})"
)
# A company thanked is no person's name ("Danke Telekom", "Thanks again, Amazon"), after a
# sentence too: "Lieferung kam an. Danke DHL" was published as "Lieferung kam an."
THANKED_COMPANIES = (
    "amazon telekom vodafone dhl hermes dpd ups gls ikea zalando ebay google apple samsung "
    "bosch siemens miele congstar check24 lidl aldi rewe edeka rossmann tchibo saturn "
    "mediamarkt paypal netflix ionos strato"
)
_PRAISE_AFTER_THANKS = (
    # ("Sehr" only in capitals, a verdict's start, "Danke, Sehr Professionell": in lower case
    # it says how thanks are said, and a name after it was published, "Danke sehr Kerstin")
    rf"(?:(?:(?i:{_PRAISE}|{_words(VERDICT_WORDS)})|Sehr){_INFLECTED}\.?(?:[ \t]+{_WORD})?"
    rf"|{_GROUP}s?"
    # ... a verdict after its subject, or one NOT_NAMED lists ("Danke, Katastrophe")
    rf"|(?:{_WORD}[ \t]+)?(?i:{_words(NOT_NAMED)})\.?"
    rf"|(?:(?i:{_words(JUDGED)}|{_words(NOT_NAMED)})[ \t]+|{_GROUP}[ \t]+)?"
    rf"(?i:{_words(VERDICTS_AFTER)})\.?"
    rf"|(?i:{_words(THANKS_SAID)})(?:(?i:e[mnrs]?)\.?(?:[ \t]+{_WORD})?)?"
    rf"|(?i:{_words(THANKED_COMPANIES)})\.?)"
)
# (the wishes LATE_KEPT keeps after a greeting from a place, below)
WISHES = (
    "bleiben bleibt bleib frohe frohes frohen fröhliche schöne schönen schönes gute guten "
    "gutes gesundheit stay have happy merry"
)
# ... and a wish after where from a greeting greets ("Grüße aus Köln, Schönes Wochenende",
# "LG aus Kiel Frohe Weihnachten"): read as a name after the place, the wish was cut, and an
# answer of nothing else dropped as no comment
_WISHED_FROM = (
    rf"(?:^|[^{_LATIN}0-9])(?i:(?:(?:mit[ \t]+)?{_KINDLY}[ \t]+)?{_GREETING_NOUN}n?|lg|vg)"
    rf"[ \t]+(?i:aus|from|von)[ \t]+[{_LATIN}-]+[ \t]*[,;:–—-]?[ \t]*(?i:{_words(WISHES)})"
    rf"(?:[ \t]+[{_LATIN}]+){{0,2}}"
)
PRAISED = (
    rf"(?:(?:^|[^\p{{L}}\p{{N}}])[ \t]*{_THANKED}{_PRAISE_AFTER_THANKS}|{_THANKS_AS_NOUN}"
    rf"|{LOWER_CUSTOMERS}|{NAMED_CUSTOMERS}|{_WISHED_FROM}"
    # ... and "Many thanks" that start the answer, whose "thanks" SIGNATURE reads after a
    # space ("Many thanks, Tom" was published as "Many"): LATE_SIGNED cuts the name. (Its
    # letters are Latin ones, as LATE_SIGNED's: with SIGNATURE's classes of all letters,
    # RE2 took a sixth longer to compile PRAISED, at each call.)
    rf"|^[ \t]*(?i:many)[ \t]+(?i:thanks){_THANKS_SEPARATOR}"
    rf"{_NAME_WORD}(?:[ \t]+{_NAME_WORD})?)"
    rf"[ \t]*[.!]*{_SPACE}*\z"
)
# A device or an app is named in a few words ("meinem Samsung Galaxy Smartphone", "der
# WEB.DE Mail App", "Yahoo Mail on Android"): a sentence that reads on ("Gesendet über die
# App hat es nicht funktioniert") is the customer's. "Versendet" and "verschickt" are a
# parcel's ("Versendet mit Hermes"): only "von meinem ..." makes them a footer.
_FOOTER_WORD = rf"[^{WHITE_CHARACTERS},;!?]+"
_DEVICE = rf"{_FOOTER_WORD}(?:[ \t]+{_FOOTER_WORD}){{0,3}}"
_FOOTER = (
    rf"(?:--[ \t]*\n\s*)?(?i:gesendet{_SPACE}+(?:von|mit|über|via){_SPACE}+{_DEVICE}"
    rf"|(?:versendet|verschickt){_SPACE}+(?:von|mit){_SPACE}+meine[mr]{_SPACE}+{_DEVICE}"
    rf"|sent{_SPACE}+(?:from|with|via|using){_SPACE}+{_DEVICE}"
    rf"|get{_SPACE}+outlook{_SPACE}+for{_SPACE}+{_DEVICE}"
    rf"|(?:diese{_SPACE}+nachricht{_SPACE}+wurde{_SPACE}+)?von{_SPACE}+meine[mr]{_SPACE}+"
    rf"{_DEVICE}{_SPACE}gesendet\.?)"
)
_END = rf"{_SPACE}*\z"
_OTHER_SIGNATURES = (
    rf"(?:(^|[^\p{{L}}\p{{N}}]){_CLOSING}|(^|[\n.!?,;])[ \t]*{_SHORT_CLOSING})"
    rf"(?:{_FROM})?(?:{_NAME})?[ \t]*[.!,]*(?:{_SPACE}*{_FOOTER})?{_END}"
    rf"|(^|[\n.!?])[ \t]*{_FOOTER}{_END}"
    rf"|{_THANKS}[ \t]*[.!]*{_END}"
)
LOWER_SIGNED = rf"(^|{_BEFORE_LOWER})[ \t]*{_LOWER_SIGNED}[ \t]*[.!]*{_END}"
SIGNATURE = rf"{_OTHER_SIGNATURES}|{LOWER_SIGNED}"
KEEP_BEFORE = r"\1\2\3\4\5"
# SIGNATURE as it was before LOWER_SIGNED read a closing after a word: where LOWER_SIGNED
# finds nothing in a text, it finds nothing either (its closings and starts are some of
# LOWER_SIGNED's), and both patterns cut that text alike. Replacing with SIGNATURE itself,
# RE2's automaton for the signature's start outgrew its memory and its fallback took 4 to 5
# times as long over signed comments (1,044 ms against 227 ms over 18,000); `_replaced`
# uses this pattern wherever LOWER_SIGNED, read on its own in a few ms, finds nothing.
_LINE_LOWER_SIGNED = (
    rf"(^|[\n.!?,;])[ \t]*(?:{_SHORT_LOWER_CLOSING}){_LOWER_SEPARATOR}{_LOWER_NAME}"
    rf"[ \t]*[.!]*{_END}"
)
_SIGNATURE_TO_REPLACE = rf"{_OTHER_SIGNATURES}|{_LINE_LOWER_SIGNED}"
# ... and where the other signatures find nothing, SIGNATURE is LOWER_SIGNED alone (its
# groups numbered as in SIGNATURE, the others empty). Where both find one, SIGNATURE cuts at
# the one that starts first: each alternative keeps the character it starts with, so the
# shorter of the two texts cut is SIGNATURE's. (Read with SIGNATURE, those texts took 4 to 5
# times as long, and with a name in capitals after "LG" or "Gruß" read after a word, they
# are a third of the signed texts, not one in twenty.)
_LOWER_TO_REPLACE = f"()()()(){LOWER_SIGNED}"
# A text that ends in a device's footer is cut whatever PRAISED finds in it: typed in lower
# case, "gesendet von meinem lg handy" ends as "mit meinem lg handy" does (LOWER_CUSTOMERS),
# and its texts were published whole, footer, closing and name ("Gruß\nAnna Zimmermann\n\n
# gesendet von meinem lg handy"), where their footer alone stays only in a sentence.
FOOTER_ENDED = rf"(?:^|[\n.!?])[ \t]*{_FOOTER}{_END}"
# A footer before a closing ("Gesendet von meinem iPhone\n\nMit freundlichen Grüßen\nMax")
# is left once the closing is cut: a text is cut twice. One pattern for either order made
# RE2's automaton too large for its memory, and its slow fallback took 30 times as long.
CUTS = 2
# A name left once the other signatures are cut (LATE_SIGNED, a pass of its own over the
# texts published): a closing after a product's word or a verb's particle, which PRAISED
# reads as the customer's ("Danke für den tollen LG Fernseher Gruß Heike": "LG Fernseher
# Gruß Heike" names a product, as "LG Fernseher" does; "Lieferung kam heil an Gruß Heike":
# "an Gruß" as "an LG"), and a name after thanks said again or said so ("danke
# vielmals, Frau Weber", "Danke nochmals Dr. Weber") or that start the answer. In a
# probe's planted comments, 107 of 400 names after a product and 292 of 400 after "an",
# "auf" or "ein" were published; with this pass, the 45 after "ein" alone, and none of 43
# controls was cut. The words
# before the name stay, thanks included, so a text is a comment exactly when it was: the
# engines' query, which reads only that, reads none of these patterns. (Written into
# SIGNATURE's alternatives, the cut grew the engines' query from ~150,000 to ~375,000
# characters, and Spark's ran out of memory; folded into SIGNATURE, the thanks
# made RE2 take 160 times as long, in an earlier attempt. Their classes are Latin letters,
# as a name's: with \p{L}, RE2 took 4 ms more for LATE_SIGNED at each call, which every
# chunk of comments pays.) The particles are those a sentence ends with and
# TAKES_A_NOUN lists, and "ein", "bei" and "mit" ("Ich kaufe wieder ein Gruß Heike",
# "Anleitung lag bei Gruß Heike", "mit Gruß Heike": with "an" and "auf" alone, 19 of 26 such
# names in a probe's comments were published, the others after "Viele Grüße"); "Ein Gruß Von
# Mir" is the customer's as LATE_KEPT reads it. "VG" is a closing there too ("Danke für den
# LG Fernseher VG Kai"), "LG" not: after a product it names a brand ("Monitor LG Philips").
VERB_PARTICLES = "an auf ein bei mit"
THANKS_AGAIN = "sehr vielmals nochmal nochmals"
_LATE_CLOSING = (
    rf"((?:^|[^{_LATIN}])(?:(?i:{_words(VERB_PARTICLES)})|{_NOT_NAMED}|{_LATIN_GROUP}))"
    rf"[ \t]+(?i:{_GREETING_NOUN}|mfg|vg|regards|cheers){_LOWER_SEPARATOR}"
)
# ... and "LG" after "bei" at the end, a closing there as "Gruß" is ("Karton lag bei LG
# Nicole"); NAMED_CUSTOMERS reads "bei LG" as a preposition before the brand ("bei LG
# Electronics", "bei LG Kundenservice": those stay, LATE_KEPT)
_LG_AFTER_BEI = rf"((?:^|[^{_LATIN}])(?i:bei))[ \t]+LG{_LOWER_SEPARATOR}"
# ... or on the greeting's line without a separator, where the place is one word, or words a
# connector or a prefix joins ("Gruß aus Frankfurt am Main Karl-Heinz Schäfer", "Grüße aus
# der Pfalz Karl Schäfer", "Gruß aus Bad Homburg Sandra"): after a place of any words, where
# the place ends and the name begins cannot be told. (The space after the place is cut with
# the name, and trimmed: RE2 numbers its rewrite's groups up to 9 alone, all of them taken.)
PLACE_PREFIXES = r"der dem den Bad Sankt St\. Neu Alt Groß Klein Ober Unter Nieder Hohen"
_PLACE = (
    rf"(?:(?:{PLACE_PREFIXES.replace(' ', '|')})[ \t]+)?{_NAME_WORD}"
    r"(?:[ \t]+(?:am|im|bei|(?:an|in|ob|vor)[ \t]+der)[ \t]+"
    rf"{_NAME_WORD})?"
)
# ... and a name after where from a greeting greets, on a line of its own or after a comma,
# which SIGNATURE reads only after a place of one word and no stop ("Grüße
# aus Köln!\nSandra Müller", "Gruß aus Bad Homburg\nSandra und Peter Müller", "alles gut
# grüße aus Köln\nSandra Müller" were published with the name); the greeting stays
_GREETING_FROM = rf"(?:^|[^{_LATIN}])(?i:{_GREETING_NOUN})[ \t]+(?i:aus|from|von|vom)"
_GREETED_FROM = (
    rf"({_GREETING_FROM}(?:[ \t]+{_ANY_WORD}){{1,3}}?)"
    r"(?:[ \t]*[.!,]?[ \t]*[\r\n][ \t\r\n]*|[ \t]*,[ \t]*)"
)
_AT_PLACE = rf"{_GREETING_FROM}[ \t]+{_PLACE}"
# ... with a name in lower case too, after a particle typed so ("lieferung kam heil an gruß
# heike": "an" is an article to LOWER_CUSTOMERS, as in "an lg fridge", so the name was
# published: 46 of 60 such in a probe's comments), a closing that is no brand's alone ("lg"
# is left: "bought an lg fridge")
_LATE_LOWER_CLOSING = (
    rf"((?:^|[^{_LATIN}])(?:{_words(VERB_PARTICLES)}))"
    rf"[ \t]+(?:{_GREETING_NOUN}|mfg|vg){_LOWER_SEPARATOR}"
)
# ... and thanks after a product ("Toller LG Fernseher Danke Heike": NAMED_CUSTOMERS reads
# "LG Fernseher" and the two words after it as the customer's)
_PRODUCT_THANKED = (
    rf"((?:^|[^{_LATIN}])(?:(?i:{_words(NOT_NAMED)})|{_LATIN_GROUP})[ \t]+{_THANKS_WORDS})"
    f"{_THANKS_SEPARATOR}"
)
# ... and any thanks that start the answer, which SIGNATURE leaves ("Danke Tom": the answer is
# a comment, the thanks are published)
_THANKED_AGAIN = (
    rf"((?:^|[^{_LATIN}0-9])[ \t]*{_THANKS_WORDS}[ \t]+(?i:{_words(THANKS_AGAIN)})"
    rf"|^[^{_LATIN}0-9]*{_THANKS_WORDS}"
    # ... or after a word or a sentence, where SIGNATURE leaves them: a name with a comma or
    # a question mark after it ("Alles gut. Danke Tom?", "Kam pünktlich Danke Tom,"),
    # SIGNATURE's cut ending at a stop alone
    rf"|[^{_LATIN}0-9][ \t]*{_THANKS_WORDS})"
    f"{_THANKS_SEPARATOR}"
)
# ... and a name in lower case after thanks typed so, a word alone ("alles top danke sabine",
# "danke vielmals tom"); after other thanks, a word in lower case is the customer's as often
# ("Danke trotzdem", "Danke auch")
_THANKED_IN_LOWER_CASE = (
    rf"((?:^|[^{_LATIN}0-9])[ \t]*(?:danke(?:[ \t]*sch(?:ö|oe)n|[ \t]+sehr)?|vielen[ \t]+dank"
    rf"|thanks|thank[ \t]+you|thx)(?:[ \t]+(?:{_words(THANKS_AGAIN)}))?)"
    f"{_THANKS_SEPARATOR}"
)
# ... with a title typed so ("danke herr lang", "danke frau weber": the title was read as the
# name, and the name after it published)
LOWER_TITLES = r"frau herr herrn fr\. hr\. dr\."
# In English a capitalised word after thanks said again is a name, as nouns and verdicts are
# written in lower case ("Thanks again, Kerstin", "thanks so much, Kerstin"; "Thanks again,
# Great service" is praise, LATE_KEPT), after a space too ("Thanks again Sarah", "thanks so
# much Frauke" were published: "again" and "so" read as words of praise to PRAISED)
_THANKED_AGAIN_IN_ENGLISH = (
    r"((?:^|[^A-Za-z0-9])[ \t]*(?i:thanks|thank[ \t]+you|many[ \t]+thanks)"
    r"[ \t]+(?i:again|so[ \t]+much|a[ \t]+lot|very[ \t]+much))"
    r"(?:[ \t]*,[ \t]*|[ \t]*,?[ \t]*[\r\n][ \t\r\n]*|[ \t]+)"
)
# ... but title case is how a review site's customer writes a verdict there too: "Thanks so
# much, Highly Recommended", "Thanks a lot, Useless" lost their verdict as a name (and the
# second its sense). These are kept (LATE_KEPT); "Will" only before a verb ("Thanks again,
# Will" is a name).
VERDICTS_IN_ENGLISH = (
    "highly recommend recommended definitely disappointed disappointing useless never "
    "outstanding superb five best worst terrible awful poor rubbish shocking appreciated much "
    "love loved fab fabulous"
)
_VERDICT_IN_ENGLISH = (
    rf"(?:(?i:{_words(VERDICTS_IN_ENGLISH)})(?:[ \t]+{_ANY_WORD})?"
    rf"|(?i:will|would)[ \t]+(?i:recommend|return|buy|use|shop|be|come|definitely|never))"
)
# ... and an emoticon or an emoji after the name, kept ("Danke Tom 😊" is published as "Danke
# 😊": with the emoji, the name was published, where "Danke Tom" lost it)
# (an emoji with its skin tone, \p{Sk}, or joined to others: "👍🏽", "👨‍👩‍👧", "🤷‍♂️")
_EMOJI = r"\p{So}[\x{FE0F}\x{1F3FB}-\x{1F3FF}]?"
# ... and the ASCII ones customers type as often ("Danke Tom xD", "LG Heike <3", "Danke Tom
# ^^", "Danke Tom :P" were published with the name); "xD" only after a space, as a word's
# end is no emoticon. An emoticon may take a "!" or a "." after it ("Danke Tom 😊!").
_EMOTICON = rf"(?:[:;=]-?[)D(Pp]|<3+|\^\^|{_EMOJI}(?:\x{{200D}}{_EMOJI})*)"
_EMOTICONS = rf"(?:[ \t]*{_EMOTICON}|[ \t]+[xX]D+)"
_LATE_EMOTICONS = rf"((?:{_EMOTICONS}+[.!]*)?)"
# ... and a comma or a question mark after the name at the end ("Danke Tom,", "Danke Tom?"):
# a question asked after thanks is the customer's (QUESTION_WORDS)
_LATE_END = rf"(?:[ \t]*[.!?,]+)?{_LATE_EMOTICONS}{_END}"
# What a word alone after thanks is besides a verdict or whom they are said to: how or
# when they are said ("danke trotzdem", "Thanks anyway"), a yes or a no
THANKS_ASIDE = (
    "auch trotzdem jedenfalls schon schonmal erstmal vorab nochmal nochmals vielmals sehr schön "
    "ja nein ok okay nichts anyway though heaps lots tons buddy"
)
# ... or a verdict of one word no other list holds, typed in lower case as often as not
# ("danke einwandfrei", "alles super danke mega", "thank you kindly": each lost its last word
# as a name in a review's probe, where main published them whole)
THANKS_VERDICTS = (
    "mega genial einwandfrei reibungslos problemlos erledigt gelöst kulant hilfreich flott fix "
    "professionell traumhaft spitzenmäßig vorbildlich großartig hammer geil lieb herzlich "
    "entgegenkommend kindly cheers ta alot loads"
)
# After thanks said again, or at the answer's start, one or two capitalised words are cut as a
# name, with a title or without: a word there is as often the customer's verdict or subject
# ("Danke vielmals Katastrophe", "Danke sehr Zufrieden", "Danke Telekom") as a first name
# ("danke vielmals, Kerstin", "Danke Tom"), and no list of words tells them apart (a list
# tuned on a review's probe still cut 115 of 156 held-out endings). Only a titled name was cut
# there, and the others published (296 of 400 in that probe); cut, a word is lost, never the
# answer, and a name published cannot be taken back. The lists of LATE_KEPT keep the
# verdicts, subjects and companies they know (in a probe of planted comments, 54 of 336
# answers of thanks and a word lost the word, each one no list held; on main, 106 of them had
# been dropped whole, and 63 of 64 answers of thanks and a name).
# ... and two names a closing's name joins ("Alles gut LG Anna-Lena und Ümit Taylor", "Great.
# Best regards, Tom and Sarah"), closing and names cut where a word of the customer's is
# left, else the names alone ("LG Anna und Tom" is published as "LG", a comment as the
# engines' query counts it). Not in SIGNATURE: with "und" and a name in its names, RE2 took
# a hundred times as long over the bench's comments (2.6 s against 25 ms for 66,000).
# A brand's products, a team, thanks are no names ("einen LG Fernseher und Monitor", "Gruß
# Tom und Team", "LG Anna und Danke": _JOINED_KEPT).
_JOINED_CLOSING = rf"(?:{_CLOSING}|{_SHORT_NAMED_CLOSING}|(?i:mfg))"
_TWO_NAMES = rf"{_CAPITAL_NAME}[ \t]+(?:und|and|&)[ \t]+{_CAPITAL_NAME}"
_JOINED = rf"{_LOWER_SEPARATOR}{_TWO_NAMES}{_LATE_END}"
_JOINED_SIGNED = rf"(^|[^{_LATIN}])[ \t]*{_JOINED_CLOSING}{_JOINED}"
_JOINED_NAMES = rf"((?:^|[^{_LATIN}])[ \t]*{_JOINED_CLOSING}){_JOINED}"
# ... nor whom a closing greets ("LG Tom und Jerry Fans")
GREETED = "fans freunde kollegen nachbarn friends"
_JOINED_KEPT = (
    rf"(?:{NAMED_CUSTOMERS}|{_JOINED_CLOSING}{_LOWER_SEPARATOR}(?:[^\n]*[ \t])?"
    rf"(?i:{_NOT_NAMED}|{_LATIN_GROUP}|danke|dank|thanks|thank|{_words(GREETED)})"
    rf"(?:[ \t][^\n]*)?){_LATE_END}"
)
TITLES = r"Frau Herr Herrn Familie Fam\. Hr\. Fr\. Dr\. Mrs?\. Ms\."
LATE_SIGNED = (
    f"(?:{_LATE_CLOSING}{_CAPITAL_NAME}"
    f"|{_THANKED_AGAIN}(?:(?:{_words(TITLES)})[ \t]+)?{_NAME_WORD}(?:[ \t]+{_NAME_WORD})?"
    f"|{_THANKED_IN_LOWER_CASE}(?:(?:{LOWER_TITLES.replace(' ', '|')})[ \t]+)?{_LOWER_WORD}"
    f"|{_LATE_LOWER_CLOSING}{_LOWER_NAME}"
    f"|{_PRODUCT_THANKED}{_NAME_WORD}(?:[ \t]+{_NAME_WORD})?"
    f"|{_THANKED_AGAIN_IN_ENGLISH}{_NAME_WORD}(?:[ \t]+{_NAME_WORD})?"
    f"|{_LG_AFTER_BEI}{_CAPITAL_NAME}"
    f"|(?:{_GREETED_FROM}|{_AT_PLACE}[ \t]+)"
    f"{_CAPITAL_NAME}(?:[ \t]+(?:und|&)[ \t]+{_CAPITAL_NAME})?"
    # (two joined names, cut by _JOINED_SIGNED)
    f"|(?:^|[^{_LATIN}])[ \t]*{_JOINED_CLOSING}{_LOWER_SEPARATOR}{_TWO_NAMES}){_LATE_END}"
)
# LATE_SIGNED's groups: the words before the name, one per alternative, and the emoticons
# after it
LATE_KEEP_BEFORE = r"\1\2\3\4\5\6\7\8\9"
# ... but not where the words after it are the customer's, as PRAISED reads them after a
# closing (NAMED_CUSTOMERS: "LG Fernseher Gruß Team"), whom or where from it greets, as
# LOWER_CUSTOMERS reads them in lower case ("kam an Grüße Von Uns", "Gruß An Frau Weber",
# "Gruß Und Danke"), or after thanks ("Danke vielmals, Tolle Beratung", "Danke sehr Gut")
# ... or a question asked after thanks ("Danke Wofür?", "Danke, Warum Nicht?"), a wish after
# a greeting ("Viele Grüße aus der Pfalz, Bleiben Sie Gesund", "Gruß aus Hamburg, Frohes
# Fest"), or what the customer says of a brand after "bei LG" ("Hotline bei LG Hilft Nicht",
# "Kundendienst bei LG Antwortet Nie": cut as a name, "bei" alone was published)
QUESTION_WORDS = "wofür wofuer was warum wieso weshalb wie wo wer wann why what how who"
CUSTOMERS_VERDICTS = (
    "ist war hat hatte hilft half kann konnte geht ging funktioniert antwortet reagiert meldet "
    "nicht nie niemals kein keine keinen nichts nix gar"
)
# what the customer says after thanks said: praise, a verdict, whom they are said to ...
_THANKS_KEPT_WORDS = (
    f"(?:{_PRAISE_AFTER_THANKS}|{_VERDICT_IN_ENGLISH}"
    f"|(?i:{_words(NOT_A_NAME)}|{_words(QUESTION_WORDS)}|{_words(WISHES)})"
    f"(?:[ \t]+{_ANY_WORD}){{0,2}}"
    f"|(?i:{_words(THANKS_ASIDE)}|{_words(THANKS_VERDICTS)})\\.?)"
)
LATE_KEPT = (
    f"(?:(?:{_LATE_CLOSING}|{_LG_AFTER_BEI})(?:{_CUSTOMERS_WORDS}"
    f"|(?i:{_words(NOT_A_NAME)}|von|vom)[ \t]+{_ANY_WORD}(?:[ \t]+{_ANY_WORD})?"
    f"|(?:{_ANY_WORD}[ \t]+)?(?i:{_words(CUSTOMERS_VERDICTS)})(?:[ \t]+{_ANY_WORD})?)"
    # ... or what the greeting did ("nicht mal ein gruß dabei", "ein gruß fehlt")
    f"|{_LATE_LOWER_CLOSING}(?:{_words(NOT_A_NAME)}|von|vom|dabei|fehlt|fehlte)"
    f"(?:[ \t]+{_LOWER_WORD})?"
    f"|(?:{_THANKED_AGAIN}|{_PRODUCT_THANKED}|{_THANKED_AGAIN_IN_ENGLISH}|{_THANKED_IN_LOWER_CASE}"
    f"|{_GREETED_FROM}){_THANKS_KEPT_WORDS}"
    # ... and thanks a word before them takes as a noun ("kein danke mehr")
    f"|(?:^|[^{_LATIN}0-9]){_TAKES_THANKS}[ \t]+{_THANKS_WORDS}[ \t]+{_ANY_WORD}"
    f"(?:[ \t]+{_ANY_WORD})?"
    f"){_LATE_END}"
)
# "mit Gruß Heike" after a word: LATE_SIGNED keeps "mit" as a verb's particle ("Anleitung
# lag bei Gruß Heike"), and "Kam pünktlich mit" was published; it is the greeting's
_WITH_GREETING = (
    rf"(?:^|[^{_LATIN}])(?i:mit)[ \t]+(?i:{_GREETING_NOUN}|vg|mfg){_LOWER_SEPARATOR}"
    rf"[^ \t].*{_END}"
)
_WITH_LEFT = rf"(?:^|[ \t]+)(?i:mit){_LATE_EMOTICONS}{_END}"
# ... but not a verb's "mit" after these ("Beim nächsten Mal mache ich wieder mit Gruß Heike")
MIT_AS_PARTICLE = "wieder gern gerne auch nicht nie immer mal ich wir man da dabei"
_WITH_AS_PARTICLE = (
    rf"(?:^|[^{_LATIN}])(?i:{_words(MIT_AS_PARTICLE)})[ \t]+(?i:mit){_LATE_EMOTICONS}{_END}"
)
# ... but thanks said again in English before a name are no praise ("Thanks again Sarah",
# "thanks so much Frauke": LATE_KEPT reads "again", "so" as words of praise, as PRAISED does,
# and a word after them as what is praised): there, only the words after them are read
_AGAIN_IN_ENGLISH_NAMED = (
    f"{_THANKED_AGAIN_IN_ENGLISH}{_NAME_WORD}(?:[ \t]+{_NAME_WORD})?{_LATE_END}"
)
_AGAIN_IN_ENGLISH_KEPT = f"{_THANKED_AGAIN_IN_ENGLISH}{_THANKS_KEPT_WORDS}{_LATE_END}"
# ... the name after a place without a separator cut on its own (LATE_SIGNED finds it, but
# RE2 numbers a rewrite's groups up to 9 alone, all of them taken there)
_PLACE_SIGNED = (
    f"({_AT_PLACE})[ \t]+{_CAPITAL_NAME}(?:[ \t]+(?:und|&)[ \t]+{_CAPITAL_NAME})?{_LATE_END}"
)
# ... and not where the place is two words a prefix joins ("Gruß aus Bad Homburg"); what
# LATE_KEPT reads after a closing ("gut Gruß aus Köln Tom": "aus" and two words, whom or where
# from it greets) is not read there
_PLACE_KEPT = (
    rf"{_GREETING_FROM}[ \t]+(?:{PLACE_PREFIXES.replace(' ', '|')})[ \t]+{_NAME_WORD}{_LATE_END}"
)
# ... nor where the words after the place are the customer's ("Gruß aus Hamburg Frohes Fest"),
# read after the place's last word, where the cut reads the name: read after its first, "am
# Main Tom" and "im Breisgau Tom" were whom or where from it greets ("am", "im"), and "Gruß
# aus Frankfurt am Main Tom" was published
_AFTER_PLACE = rf"(?s)^.*{_AT_PLACE}[ \t]+"
_PLACE_KEPT_WORDS = f"^{_THANKS_KEPT_WORDS}{_LATE_END}"
# Thanks that start the answer after a symbol or markup alone ("👍 Danke Tom", "- Danke Tom",
# "<p>Danke Tom</p>"): SIGNATURE reads them as thanks after a character, as in "Alles gut.
# Danke Tom", and cut to a symbol the answer was dropped as no comment, where "Danke Tom" is
# one. Such an answer is a comment (comments_only and the engines' query alike), and it is cut
# as the thanks alone are, the symbol kept (_thanked_first): kept whole for LATE_SIGNED to cut
# its name, "👍 Danke Tom\nMfG Max Weber" and "- Danke Tom\nSent from my iPhone" were
# published with their names and footer, where "Danke Tom\nMfG Max Weber" is published as
# "Danke".
_SYMBOLS_FIRST = r"^[^\p{L}\p{N}]*"
THANKS_FIRST = rf"{_SYMBOLS_FIRST}{_THANKS_WORDS}(?:[^\p{{L}}\p{{N}}]|\z)"
# An answer longer than the longest placeholder by more than this is a comment, whatever its
# end: the engines' query looks for no signature in it (LONGEST_SIGNED, below).
SIGNATURE_ROOM = 200


def no_comment_key(texts: pa.Array) -> pa.Array:
    """Each text as NO_COMMENT holds answers: lower case, its words apart by one space, no
    punctuation nor symbols ("K. A." and "k.A." are "k a", "Nein, danke!" is "nein danke")."""
    spaced = pc.replace_substring_regex(pc.utf8_lower(texts), BETWEEN_WORDS, " ")
    return pc.utf8_trim(spaced, " ")


# Answers that say there is no comment
NO_COMMENT = frozenset(
    no_comment_key(
        pa.array(
            [
                # German
                "k. a.", "ka", "keine Angabe", "keine Angaben", "keine", "nichts", "nix",
                "nein", "nö", "ne", "nee", "keine Anmerkung", "keine Anmerkungen",
                "keine Anmerkungen mehr", "keine weiteren Anmerkungen", "kein Kommentar",
                "keine Kommentare", "nichts weiter", "sonst nichts", "nichts mehr",
                "nichts hinzuzufügen", "nichts zu sagen", "keine Antwort", "keine Meinung",
                "weiß nicht", "weiss nicht", "entfällt", "nicht zutreffend", "trifft nicht zu",
                "nein danke", "nö danke", "nichts weiteres", "keine weiteren",
                # English
                "n/a", "na", "none", "nothing", "no", "nope", "nil", "null", "no comment",
                "no comments", "nothing to add", "nothing else", "nothing more",
                "nothing further", "not applicable", "no answer", "don't know", "don’t know",
                "dont know", "idk", "no thanks", "no thank you", "nothing else to add",
                # a key pressed to fill the field
                "x", "xx", "xxx",
                # what a spreadsheet or a script writes for an empty cell: Excel's #N/A
                # (#NV in German), pandas' nan
                "nv", "nan",
            ]
        )
    ).to_pylist()
)  # fmt: skip
# Placeholders are short: longer answers are comments without a look at their words
LONGEST = max(map(len, NO_COMMENT))
LETTER = r"\p{L}"
# the longest answer that may be a placeholder and a signature
LONGEST_SIGNED = LONGEST + 8 + SIGNATURE_ROOM


# The HTML and escapes of a web form's text (case aside): a character reference, a line's
# tag, an escaped line break. MARKUP finds the texts that hold any, in Arrow and in SQL.
ENTITY = r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});"
LINE_TAG = r"</?(?:[bB][rR]|[pP]|[dD][iI][vV])(?:[ \t\r\n/][^<>]*)?/?>"
# a line's tag a form escaped once more ("n/a&lt;br&gt;MfG"): its entities alone taken out,
# "br" was left a word, and "n/a" with a signature after it was published as a comment
ESCAPED_LINE_TAG = r"&[lL][tT];/?(?:[bB][rR]|[pP]|[dD][iI][vV])(?:[ \t\r\n/][^<>&]*)?/?&[gG][tT];"
ESCAPED_BREAK = r"\\r\\n|\\n|\\r"
# (the escaped tag first: read as two entities, its name would be left)
MARKUP = f"{ESCAPED_LINE_TAG}|{ENTITY}|{LINE_TAG}|{ESCAPED_BREAK}"
# Google's machine translation before the original: "(Translated by Google) ...", "(Übersetzt
# von Google) ...", as its interface's language writes it, then "(Original)" on a line of its own
TRANSLATED = "(Original)"
# ... as RE2 finds it: Arrow's search for a plain substring took two and a half times as long
# (0.038 s against 0.014 s for the 300,000 comments of 1,000,000 answers)
TRANSLATED_LITERAL = re.escape(TRANSLATED)
_TRANSLATED = re.compile(r"\([^()\n]{1,40}\bGoogle\)\s.*?\n\s*\(Original\)\s*\n(.*)", re.DOTALL)
_LINE_TAG = re.compile(LINE_TAG)
_ESCAPED_BREAK = re.compile(ESCAPED_BREAK)
_ENTITY = re.compile(ENTITY)


def from_markup(texts: pa.Array, marked: pa.Array | None = None) -> pa.Array:
    """`texts` with the HTML and escapes of a web form read back into text (see the
    module's docstring), trimmed; Python reads only the texts that hold some (`marked`,
    where known)."""
    if not len(texts):
        return texts
    texts = pc.fill_null(texts, "")
    if marked is None:
        marked = pc.match_substring_regex(texts, MARKUP)
    return _rewritten(texts, marked, _text_of)


def _rewritten(texts: pa.Array, marked: pa.Array, rewrite: Callable[[str], str]) -> pa.Array:
    """`texts` with each `marked` one rewritten: Python reads those alone."""
    if not pc.any(marked).as_py():
        return texts
    read = [rewrite(text) for text in texts.filter(marked).to_pylist()]
    return pc.replace_with_mask(texts, marked, pa.array(read, texts.type))


def _text_of(markup: str) -> str:
    text = _ESCAPED_BREAK.sub("\n", markup)
    text = _LINE_TAG.sub(_line_break, text)
    text = _ENTITY.sub(lambda entity: html.unescape(entity[0]), text)
    # a form that escaped its own line breaks once more ("Grüße&lt;br&gt;Max"): read, they
    # are line breaks too, or a signature after one is no signature
    text = _LINE_TAG.sub(_line_break, text)
    lines = [" ".join(line.split()) for line in text.replace("\r\n", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _line_break(tag: re.Match) -> str:
    """A line's tag as text: a paragraph or a block opened is none, closed a line break."""
    opens = tag[0][1:2].lower() in ("p", "d") and not tag[0].endswith("/>")
    return "" if opens else "\n"


def comments_only(texts: pa.Array) -> pa.Array:
    """`texts` (trimmed answers of a comment column) read back from markup (from_markup),
    each that is no comment made empty. Whether it is one is read with its markup taken out
    (no character reference read), as the engines' query reads it. The few short texts
    alone are compared with NO_COMMENT: a large export's comments cost a pass or two."""
    if not len(texts):
        return texts
    texts = pc.fill_null(texts, "")
    given = pc.greater(pc.binary_length(texts), 0)
    answered = pc.sum(given).as_py() or 0
    if answered < len(texts):  # most rows of an export hold no comment: read the others
        return pc.replace_with_mask(texts, given, _comments_of(texts.filter(given)))
    return _comments_of(texts)


def _comments_of(texts: pa.Array) -> pa.Array:
    if not len(texts):
        return texts
    marked = pc.match_substring_regex(texts, MARKUP)
    plain = texts
    if pc.any(marked).as_py():
        # a line break, so a footer's line is one; no word either way
        stripped = pc.replace_substring_regex(texts.filter(marked), MARKUP, "\n")
        plain = pc.replace_with_mask(texts, marked, stripped)
    none = pc.invert(pc.match_substring_regex(plain, LETTER))
    read, apart = _emoticons_apart(original_only(from_markup(texts, marked)))
    # an answer that is a placeholder is read without its signature ("n/a", "Sent from my
    # iPhone"); no signature is looked for in a long one (as the engines' query does not).
    # The texts read are mostly those looked through (all of them where no text held markup
    # nor a translation, most exports): only the others are looked through besides (all texts
    # a second time took a tenth of a second a million, and a chunk with one text of a web
    # form's markup looked through all of its texts again), in the same call: Arrow compiles
    # the patterns at each call (SIGNATURE ~10 ms, PRAISED ~20 ms)
    differs = pc.not_equal(read, plain)
    if pc.any(differs).as_py():
        both = signed_texts(pa.concat_arrays([plain, read.filter(differs).cast(plain.type)]))
        signable = both.slice(0, len(plain))
        signed_read = pc.replace_with_mask(signable, differs, both.slice(len(plain)))
    else:
        signable = signed_read = signed_texts(plain)
    signed = pc.and_(pc.less_equal(pc.utf8_length(plain), LONGEST_SIGNED), signable)
    if pc.any(signed).as_py() or pc.any(signed_read).as_py():
        unsigned, cut = _unsigned(plain.filter(signed), read.filter(signed_read))
        if len(unsigned):
            letterless = pc.invert(pc.match_substring_regex(unsigned, LETTER))
            if pc.any(letterless).as_py():
                thanked = pc.match_substring_regex(plain.filter(signed), THANKS_FIRST)
                letterless = pc.and_(letterless, pc.invert(thanked))
            plain = pc.replace_with_mask(plain, signed, unsigned)
            none = pc.or_(
                none, pc.replace_with_mask(pa.repeat(False, len(texts)), signed, letterless)
            )
        read = _lettered(read, signed_read, cut, apart)
    read = _emoticons_back(without_late_signature(read), apart)
    short = pc.less_equal(pc.utf8_length(plain), LONGEST + 8)
    if pc.any(short).as_py():
        # placeholders repeat: each distinct one is read once
        encoded = pc.dictionary_encode(plain.filter(short))
        key = no_comment_key(encoded.dictionary)
        said = pc.is_in(key, pa.array(sorted(NO_COMMENT), key.type)).take(encoded.indices)
        none = pc.or_(none, pc.replace_with_mask(pa.repeat(False, len(texts)), short, said))
    return pc.if_else(none, "", read) if pc.any(none).as_py() else read


def signed_texts(texts: pa.Array) -> pa.Array:
    """Which texts end in a signature: SIGNATURE matches, and not as praise after thanks
    (PRAISED)."""
    signed = pc.match_substring_regex(texts, SIGNATURE)
    if not pc.any(signed).as_py():
        return signed
    # PRAISED read in the signed texts alone (a few in a hundred): read in all of a chunk's
    # 33,000, it took 5 ms a chunk besides its compilation, whatever it said of the others
    praised = kept_whole(texts.filter(signed))
    return pc.replace_with_mask(signed, signed, pc.invert(praised))


def kept_whole(texts: pa.Array) -> pa.Array:
    """Which of `texts` (each matched by SIGNATURE) are not cut: PRAISED finds the words
    after thanks or a closing are the customer's, and no device's footer ends them
    (FOOTER_ENDED)."""
    praised = pc.match_substring_regex(texts, PRAISED)
    if not pc.any(praised).as_py():
        return praised
    footed = pc.match_substring_regex(texts.filter(praised), FOOTER_ENDED)
    return pc.replace_with_mask(praised, praised, pc.invert(footed))


# Where a signature is cut, this is put before the character kept before it (KEEP_BEFORE):
# one cut then gives both what is left before that character and what is left with it.
# A noncharacter of Unicode's, for a process's own use, which no survey tool writes; a text
# that holds it is cut twice instead (_cut).
_CUT_AT = "\ufdd0"


def _unsigned(bare: pa.Array, kept: pa.Array) -> tuple[pa.Array, pa.Array]:
    """`bare` and `kept` (texts ending in a signature, signed_texts) each cut CUTS times,
    but not where what the first cut left is praise after thanks: "Danke, Prima\nSent from
    my iPhone" is "Danke, Prima", not "Danke" (PRAISED). `bare` loses the character before
    the signature too (what comments_only reads), `kept` keeps it and is trimmed at its end
    (what without_signature publishes).
    Both are cut in one call of each pattern: a call compiles its pattern whatever the
    texts it reads (SIGNATURE ~8 ms, ~25 ms to replace with it), and a chunk with signed
    comments was cut four times and read for praise four times, ~0.2 s a chunk of 30,000
    comments in all, where its unsigned comments cost 25 ms."""
    if kept.type != bare.type:
        kept = kept.cast(bare.type)
    texts = pa.concat_arrays([bare, kept])
    trimmed = pa.array(np.arange(len(texts)) >= len(bare))  # whether a text is `kept`'s
    texts = _cut(texts, trimmed)
    for _ in range(CUTS - 1):
        # cut again, and PRAISED read, only where a signature is left (a few of the texts
        # cut, most often none): a cut changes no other text (what `cut` trims is trimmed)
        again = pc.match_substring_regex(texts, SIGNATURE)
        if not pc.any(again).as_py():
            break
        left = texts.filter(again)
        praised = kept_whole(left)
        cut = _cut(left, trimmed.filter(again))
        left = pc.if_else(praised, left, cut) if pc.any(praised).as_py() else cut
        texts = pc.replace_with_mask(texts, again, left)
    return texts.slice(0, len(bare)), texts.slice(len(bare))


def _cut(texts: pa.Array, trimmed: pa.Array) -> pa.Array:
    """`texts` without the signature they end in: where `trimmed`, the character before it
    kept (KEEP_BEFORE) and the white space at the end trimmed; elsewhere that character cut
    too. One replacement marks where it stands (_CUT_AT), which gives both."""
    if pc.any(pc.match_substring(texts, _CUT_AT)).as_py():
        with_it = pc.utf8_rtrim_whitespace(_replaced(texts, KEEP_BEFORE))
        return pc.if_else(trimmed, with_it, _replaced(texts, ""))
    marked = _replaced(texts, _CUT_AT + KEEP_BEFORE)
    with_it = pc.utf8_rtrim_whitespace(pc.replace_substring(marked, _CUT_AT, ""))
    return pc.if_else(trimmed, with_it, pc.replace_substring_regex(marked, f"(?s){_CUT_AT}.*", ""))


def _replaced(texts: pa.Array, rewrite: str) -> pa.Array:
    """`texts` with SIGNATURE's match replaced by `rewrite`, as Arrow's replacement with
    SIGNATURE gives them: with `_SIGNATURE_TO_REPLACE` where LOWER_SIGNED finds nothing (most
    signed texts), with `_LOWER_TO_REPLACE` where only LOWER_SIGNED finds one, the shorter of
    the two where both do."""
    lower = pc.match_substring_regex(texts, LOWER_SIGNED)
    replaced = pc.replace_substring_regex(texts, _SIGNATURE_TO_REPLACE, rewrite)
    if not pc.any(lower).as_py():
        return replaced
    left = texts.filter(lower)
    cut = pc.replace_substring_regex(left, _LOWER_TO_REPLACE, rewrite)
    both = pc.match_substring_regex(left, _OTHER_SIGNATURES)
    if pc.any(both).as_py():
        other = replaced.filter(lower)
        earlier = pc.and_(both, pc.less(pc.binary_length(other), pc.binary_length(cut)))
        cut = pc.if_else(earlier, other, cut)
    return pc.replace_with_mask(replaced, lower, cut)


def without_signature(texts: pa.Array, signed: pa.Array | None = None) -> pa.Array:
    """`texts` without the closing formula, name and footer they end with (see the module's
    docstring); a text that would keep no letter is kept whole (a placeholder's is none).
    `signed`: which texts match SIGNATURE, where known."""
    texts, apart = _emoticons_apart(texts)
    if signed is None or apart is not None:
        signed = signed_texts(texts)
    if pc.any(signed).as_py():
        _, cut = _unsigned(texts.slice(0, 0), texts.filter(signed))
        texts = _lettered(texts, signed, cut, apart)
    return _emoticons_back(without_late_signature(texts), apart)


# A signature before emoticons at an answer's end ("Alles gut. LG Tobias :)", "... wie
# bestellt! Danke Tom 😊"): SIGNATURE ends at the text's end, so its name was published (10
# of 10 such answers after a sentence in a review's probe). The emoticons are set apart
# from the published text before its signature is cut, in the same calls as the others'
# (Arrow compiles the patterns at each call: a call of their own cost 50 to 90 ms a chunk),
# and put back after it. Whether the answer is a comment is read as before, as the engines'
# query reads it: from the text as written. The last characters are looked at first.
# (the last eight characters: an emoticon's last character, or an ASCII emoticon, before the
# end and the stops or marks after it: "LG Tom :)!!", "LG Tom <33" published the name)
_EMOTICON_TAIL = 8
_EMOTICON_AT_END = r"(?:[)D(\p{So}\x{FE0F}\x{1F3FB}-\x{1F3FF}](?s:.)?|[:;=]-?[Pp]|<3+|\^\^)[.!]*\z"
_EMOTICONS_ENDING = rf"{_EMOTICONS}+[.!]*{_END}"
_WORD_THEN_EMOTICONS = rf"\p{{L}}[ \t]*[.!]*{_EMOTICONS_ENDING}"
Apart = tuple[pa.Array, pa.Array] | None
# ... and only where SIGNATURE's closings or thanks stand in the last characters (a footer
# that ends so is left to SIGNATURE, below): on 300,000 comments, 8 % ending in emoticons,
# setting all of those apart took a sixth longer than before, these alone about as long
SIGNATURE_END = 80
_SIGNATURE_WORD = f"{_CLOSING}|{_SHORT_CLOSING}|{_THANKS_WORDS}"


def _emoticons_apart(texts: pa.Array) -> tuple[pa.Array, Apart]:
    """`texts` without the emoticons that end them after a word, and what to put them back
    with (_emoticons_back): which texts had them, and theirs."""
    tails = pc.utf8_slice_codeunits(texts, -_EMOTICON_TAIL)
    maybe = pc.fill_null(pc.match_substring_regex(tails, _EMOTICON_AT_END), False)
    if not pc.any(maybe).as_py():
        return texts, None
    candidates = texts.filter(maybe)
    ended = pc.match_substring_regex(candidates, _WORD_THEN_EMOTICONS)
    if not pc.any(ended).as_py():
        return texts, None
    last = pc.utf8_slice_codeunits(candidates.filter(ended), -SIGNATURE_END)
    worded = pc.match_substring_regex(last, _SIGNATURE_WORD)
    if not pc.any(worded).as_py():
        return texts, None
    ended = pc.replace_with_mask(ended, ended, worded)
    chosen = pc.replace_with_mask(maybe, maybe, ended)
    # ... but not a device's footer that ends so: its device's words take the emoticons
    # ("Sent from my iPhone 📱"), and they are cut with it, as before
    footed = pc.match_substring_regex(texts.filter(chosen), FOOTER_ENDED)
    if pc.any(footed).as_py():
        chosen = pc.replace_with_mask(chosen, chosen, pc.invert(footed))
        if not pc.any(chosen).as_py():
            return texts, None
    whole = texts.filter(chosen)
    bare = pc.replace_substring_regex(whole, _EMOTICONS_ENDING, "")
    emoticons = [
        text[len(kept) :] for text, kept in zip(whole.to_pylist(), bare.to_pylist(), strict=True)
    ]
    return pc.replace_with_mask(texts, chosen, bare), (chosen, pa.array(emoticons, bare.type))


def _emoticons_back(texts: pa.Array, apart: Apart) -> pa.Array:
    """`texts` with the emoticons _emoticons_apart took from them put back at their end."""
    if apart is None:
        return texts
    chosen, emoticons = apart
    # (the separator of the texts' type: a large string's, a Parquet file's of pandas 3)
    back = pc.binary_join_element_wise(
        texts.filter(chosen), emoticons.cast(texts.type), pa.scalar("", texts.type)
    )
    return pc.replace_with_mask(texts, chosen, pc.utf8_ltrim(back, " \t"))


def without_late_signature(texts: pa.Array) -> pa.Array:
    """`texts` (their other signatures cut) without the name LATE_SIGNED finds at their end,
    where LATE_KEPT finds no words of the customer's there; the words before it stay. Then
    without a name left in a sign-off of another form (without_names_left). (Found by one
    pattern of both, the texts took as long: Arrow's calls cost their patterns' compilation,
    not their reading.)"""
    return without_names_left(_without_late_name(texts))


def _without_late_name(texts: pa.Array) -> pa.Array:
    late = pc.match_substring_regex(texts, LATE_SIGNED)
    if not pc.any(late).as_py():
        return texts
    left = texts.filter(late)
    cut = pc.replace_substring_regex(left, LATE_SIGNED, LATE_KEEP_BEFORE)
    again = pc.match_substring_regex(left, _AGAIN_IN_ENGLISH_NAMED)
    placed = pc.match_substring_regex(left, _PLACE_SIGNED)
    joined = pc.match_substring_regex(left, _JOINED_SIGNED)
    # Each text is read for the customer's words by one pattern, that of the last of these
    # that finds its name: LATE_KEPT, which RE2 reads in ~45 µs a text, only where none of
    # the others does (read in all of them, it took a third more time over comments a fifth
    # of them signed)
    kept = _matched_where(left, pc.invert(pc.or_(pc.or_(again, placed), joined)), LATE_KEPT)
    if pc.any(again).as_py():
        kept = _matched_where(left, again, _AGAIN_IN_ENGLISH_KEPT, kept)
    if pc.any(placed).as_py():
        at_place = left.filter(placed)
        place_cut = pc.replace_substring_regex(at_place, _PLACE_SIGNED, r"\1\2")
        cut = pc.replace_with_mask(cut, placed, place_cut)
        after = pc.replace_substring_regex(at_place, _AFTER_PLACE, "")
        words = pc.match_substring_regex(after, _PLACE_KEPT_WORDS)
        words = pc.or_(words, pc.match_substring_regex(at_place, _PLACE_KEPT))
        kept = pc.replace_with_mask(kept, placed, words)
    if pc.any(joined).as_py():
        both = left.filter(joined)
        names = pc.replace_substring_regex(both, _JOINED_NAMES, r"\1\2")
        signed = pc.replace_substring_regex(both, _JOINED_SIGNED, r"\1\2")
        signed = pc.if_else(pc.match_substring_regex(signed, LETTER), signed, names)
        cut = pc.replace_with_mask(cut, joined, pc.utf8_rtrim_whitespace(signed))
        kept = _matched_where(left, joined, _JOINED_KEPT, kept)
    # "mit" of "mit Gruß" go with the name, where a word is left before them
    greeted = pc.match_substring_regex(left, _WITH_GREETING)
    if pc.any(greeted).as_py():
        without = pc.replace_substring_regex(cut, _WITH_LEFT, r"\1")
        lettered = pc.match_substring_regex(without, LETTER)
        particle = pc.match_substring_regex(cut, _WITH_AS_PARTICLE)
        cut = pc.if_else(pc.and_(pc.and_(greeted, lettered), pc.invert(particle)), without, cut)
    return pc.replace_with_mask(texts, late, pc.if_else(kept, left, cut))


def _matched_where(
    texts: pa.Array, where: pa.Array, pattern: str, matched: pa.Array | None = None
) -> pa.Array:
    """`matched` (all false, where not given) with whether `pattern` matches each text
    `where` is true."""
    if matched is None:
        matched = pa.repeat(False, len(texts))
    if not pc.any(where).as_py():
        return matched
    found = pc.match_substring_regex(texts.filter(where), pattern)
    return pc.replace_with_mask(matched, where, found)


def _lettered(texts: pa.Array, signed: pa.Array, cut: pa.Array, apart: Apart = None) -> pa.Array:
    """`texts` with the `signed` ones `cut` (without_signature's), each that the cut left
    without a letter kept whole, but those whose emoticons are `apart`: their emoticons are
    left ("Mit freundlichen Grüßen\nMax Muster 🙂" as "🙂", a comment as the engines' query
    reads it)."""
    if not len(cut):
        return texts
    lettered = pc.match_substring_regex(cut, LETTER)
    if pc.all(lettered).as_py():
        return pc.replace_with_mask(texts, signed, cut)
    whole = texts.filter(signed)
    thanked = pc.and_(pc.invert(lettered), pc.match_substring_regex(whole, THANKS_FIRST))
    if apart is not None:
        # (but thanks that start the answer are kept, and their name cut: "👍 Danke Tom 😊")
        lettered = pc.or_(lettered, pc.and_(apart[0].filter(signed), pc.invert(thanked)))
    cut = pc.if_else(lettered, cut, whole)
    if pc.any(thanked).as_py():
        cut = pc.replace_with_mask(cut, thanked, _thanked_first(whole.filter(thanked)))
    return pc.replace_with_mask(texts, signed, cut)


def _thanked_first(texts: pa.Array) -> pa.Array:
    """`texts` (each THANKS_FIRST's) as without_signature cuts them without the symbols before
    their thanks, those put back before them. (The thanks start what is cut, so its cut keeps
    a letter: it does not come here again.)"""
    symbols = pc.replace_substring_regex(texts, f"(?s)({_SYMBOLS_FIRST}).*", r"\1")
    thanks = without_signature(pc.replace_substring_regex(texts, _SYMBOLS_FIRST, ""))
    return pc.binary_join_element_wise(symbols, thanks, pa.scalar("", texts.type))


def original_only(texts: pa.Array) -> pa.Array:
    """`texts` without Google's machine translation before the customer's own words (see
    the module's docstring); Python reads only the texts that say "(Original)"."""
    return _rewritten(texts, pc.match_substring_regex(texts, TRANSLATED_LITERAL), _original)


def _original(text: str) -> str:
    found = _TRANSLATED.fullmatch(text.strip())
    return found[1].strip() if found and found[1].strip() else text


def is_comment(text: str) -> bool:
    """Whether one answer is a comment (comments_only for a single text)."""
    return bool(comments_only(pa.array([text.strip()], pa.string()))[0].as_py())


# Names in sign-offs of forms the patterns above do not read, found where nothing else is
# cut (without_names_left): a name before where from it greets ("Gruß Tom aus Köln", "lg aus
# köln tom"), names joined after thanks or three after a closing ("Danke Anna und Tom", "LG
# Anna, Ben und Carl"), a name after English thanks
# said so and a comma ("Thanks a million, Tom", "Cheers mate, Tom"), a name with a postal code
# and town under it ("MfG\nMax Weber\n12345 Köln": the address names the customer too), a
# name before thanks ("LG Anna und Danke"), initials ("Danke H.M."), a surname with its
# particle ("LG Jan van der Meer") and titles ("Prof. Dr. Weber", "Dr. med. Anna Weber").
# A pass of its own over the texts published: whether an answer is a comment stays as the
# engines' query reads it, as the words of a sign-off or thanks are always left. The pattern
# finds the texts in Arrow (one call, RE2), Python cuts those few: each form is one of
# NAME_FORMS, written so that RE2 and Python's `re` read it alike, and a capitalised word that
# the lists above hold as the customer's keeps the text whole ("Danke Beratung und Montage",
# "Thanks a million, Great service", "LG Fernseher von Amazon"). A word after thanks and a
# stop on the same line is not read as a name ("Danke!! Tom" stays): German capitalises
# every word there, and the customer's verdict cut ("Danke. Abzocke", "Thanks! Fast
# Delivery") published the opposite of what was said; one on a line of its own is.
_P_END = r"(?:[ \t]*[.!?,]+)?[ \t\r\n]*\Z"
# (as a lookbehind for Python, which then tries a form only where a sign-off starts: RE2,
# which has none, reads the character before instead, NAMES_LEFT)
_P_BEFORE = f"(?<![{_LATIN}0-9])"
_P_GREETING = r"gr(?:ü|ue|u)(?:ß|ss)"
_P_CLOSING = (
    rf"(?i:(?:mit[ \t]+)?(?:(?:freundlich|herzlich|lieb|best|sonnig|sch(?:ö|oe)n)e[nm]?"
    rf"|viele[nm]?)[ \t]+{_P_GREETING}(?:en?)?|{_P_GREETING}e?|lg|vg|mfg"
    r"|(?:(?:best|kind|kindest|warm|warmest|many)[ \t]+)?regards|cheers|best[ \t]+wishes)"
)
_P_THANKS = (
    r"(?i:danke(?:[ \t]*sch(?:ö|oe)n|[ \t]+sehr)?|vielen[ \t]+dank|thanks|thank[ \t]+you"
    r"|many[ \t]+thanks|thx)"
)
_P_SIGN_OFF = f"(?:{_P_CLOSING}|{_P_THANKS})"
_P_SEPARATOR = r"(?:[ \t]*[,;:–—-][ \t\r\n]*|[ \t]*\r?\n[ \t\r\n]*|[ \t]+)"
_P_NAME = rf"{_NAME_WORD}(?:[ \t]+{_NAME_WORD})?"
# ... and among names joined, an initial alone ("LG A, B und C")
_P_JOINED = rf"(?:{_P_NAME}|[A-ZÄÖÜ])"
NAME_TITLES = (
    r"Prof\. Dr\.(?:-Ing\.)? Dipl\.-[A-Z][a-zß-ö]*\. Mag\. med\. rer\. nat\. phil\. jur\. "
    r"dent\. vet\. habil\. h\.c\. Herr Herrn Frau Hr\. Fr\. Mrs?\.? Ms\.?"
)
_P_TITLES = rf"(?:(?:{NAME_TITLES.replace(' ', '|')})[ \t]+)"
# a surname's particle: "von Berg", "van der Meer", "de la Cruz"
SURNAME_PARTICLES = "von van de zu vom zur ten ter di da del du le la"
_P_PARTICLE = rf"(?:{SURNAME_PARTICLES.replace(' ', '|')})(?:[ \t]+(?:der|den|dem|la|le))?"
# German, Austrian, Swiss postal codes before their town ("12345 Köln", "A-1010 Wien"); the
# town's further words after a space alone ("Köln-Porz" is one word): with a hyphen a word's
# and its separator's, Python's `re` tried every split of a run of hyphens, for ever
# ("12345 Köln" and 60 hyphens before a name cut took 45 s)
_P_TOWN = rf"(?:(?:D|A|CH)-)?[0-9]{{4,5}}[ \t]+{_NAME_WORD}(?:[ \t]+[{_LATIN}.()/-]+){{0,3}}"
# (a comma's spaces each on one side of it, and a street's line starting with its first word:
# spaces that two of these could take each were tried split every way, cubic in their
# number, 2 s for 200 spaces after a name's line)
_P_LINE = r"(?:[ \t]*(?:,[ \t]*)?\r?\n[ \t\r\n]*|[ \t]*,[ \t]*)"
# where from a greeting greets: a place's prefix is no name ("lg aus bad homburg")
PLACE_WORDS = "der dem den bad sankt st neu alt groß klein ober unter nieder the"
# Each form: its pattern, whose group "cut" is the name cut, and whether its sign-off (group
# "sign_off") goes with the name where the customer's words stand before it, as SIGNATURE
# cuts "Alles gut. LG Tom" to "Alles gut." (thanks said so in English and a closing before
# thanks stay: "Thanks a million", "LG und Danke").
NAME_FORMS = (
    # a name, the street perhaps, and a postal code and town (the name's words alone read
    # for the customer's: "Am Markt 5", "Frankfurt am Main" kept the name published)
    (
        rf"{_P_BEFORE}(?P<sign_off>{_P_CLOSING})(?P<cut>{_P_SEPARATOR}(?P<name>{_NAME_WORD}"
        rf"(?:[ \t]+{_NAME_WORD}){{0,2}})(?:{_P_LINE}[^\n \t][^\n]{{0,49}}?)?{_P_LINE}{_P_TOWN})"
        rf"{_P_END}",
        True,
    ),
    # titles before a name
    (
        rf"{_P_BEFORE}(?P<sign_off>{_P_SIGN_OFF})(?P<cut>{_P_SEPARATOR}{_P_TITLES}+"
        rf"{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,2}}){_P_END}",
        True,
    ),
    # initials
    (
        rf"{_P_BEFORE}(?P<sign_off>{_P_SIGN_OFF})(?P<cut>{_P_SEPARATOR}{_P_TITLES}*"
        rf"[A-ZÄÖÜ]\.(?:[ \t]?[A-ZÄÖÜ]\.){{1,2}}(?:[ \t]*{_NAME_WORD})?){_P_END}",
        True,
    ),
    # a surname with its particle
    (
        rf"{_P_BEFORE}(?P<sign_off>{_P_SIGN_OFF})(?P<cut>{_P_SEPARATOR}{_P_TITLES}*"
        rf"(?:{_NAME_WORD}[ \t]+){{0,2}}{_P_PARTICLE}[ \t]+{_P_NAME}){_P_END}",
        True,
    ),
    # a name before thanks
    (
        rf"{_P_BEFORE}(?P<sign_off>{_P_CLOSING})(?P<cut>{_P_SEPARATOR}{_P_NAME})"
        rf"[ \t]+(?:und|and|&)[ \t]+(?:{_P_THANKS}|(?i:dank))"
        rf"(?:[ \t]+{_LOWER_WORD}){{0,2}}{_P_END}",
        False,
    ),
    # names joined, two after thanks or three after a closing
    (
        rf"{_P_BEFORE}(?P<sign_off>{_P_SIGN_OFF})(?P<cut>{_P_SEPARATOR}{_P_JOINED}"
        rf"(?:[ \t]*,[ \t]*{_P_JOINED}){{0,2}}[ \t]+(?:und|and|&)[ \t]+{_P_JOINED}){_P_END}",
        True,
    ),
    # a name before where from a greeting greets
    (
        rf"{_P_BEFORE}(?P<sign_off>{_P_CLOSING})(?P<cut>{_P_SEPARATOR}{_P_NAME})"
        rf"[ \t]+(?i:aus|from)[ \t]+{_NAME_WORD}(?:[ \t]+{_NAME_WORD})?{_P_END}",
        True,
    ),
    # ... in lower case, the name after the place ("lg aus köln tom")
    (
        rf"{_P_BEFORE}(?P<sign_off>lg|vg|(?i:(?:(?:viele|liebe)[ \t]+)?{_P_GREETING}e?))"
        rf"[ \t]+(?:aus|von|vom)[ \t]+(?P<place>{_LOWER_WORD})(?P<cut>[ \t]+{_LOWER_WORD}){_P_END}",
        False,
    ),
    # a name on a line of its own after thanks and a stop or an emoticon ("Danke!\nTom"),
    # as SIGNATURE cuts one after thanks alone ("Danke\nTom")
    (
        rf"{_P_BEFORE}(?P<sign_off>{_P_THANKS}[ \t]*(?:[.!]+|[:;]-?[)D]))"
        rf"(?P<cut>[ \t]*\r?\n[ \t\r\n]*{_P_NAME}){_P_END}",
        False,
    ),
    # a name after English thanks said so and a comma or a line break
    (
        rf"{_P_BEFORE}(?P<sign_off>(?i:thanks|thank[ \t]+you|many[ \t]+thanks|cheers)"
        rf"(?:[ \t]+[a-z]+){{1,5}})(?P<cut>{_P_LINE}{_P_NAME}){_P_END}",
        False,
    ),
)
_NAME_FORMS = tuple((re.compile(pattern), with_sign_off) for pattern, with_sign_off in NAME_FORMS)
# ... as RE2 reads them, for Arrow to find the texts to cut
NAMES_LEFT = "|".join(
    re.sub(r"\(\?P<\w+>", "(?:", pattern)
    .replace(r"\Z", r"\z")
    .replace(_P_BEFORE, f"(?:^|[^{_LATIN}0-9])")
    for pattern, _ in NAME_FORMS
)
# ... and what a customer says where a name may stand that no list above holds
GOODBYES = "servus moin tschau adieu tschö cheers regards mfg lg vg gruß grüße danke dank"
CUSTOMERS_WORDS = frozenset(
    " ".join(
        (VERDICTS_AFTER, JUDGED, NOT_NAMED, THANKED_COMPANIES, NOT_A_NAME, QUESTION_WORDS,
         CUSTOMERS_VERDICTS, THANKS_ASIDE, THANKS_VERDICTS, VERDICTS_IN_ENGLISH, THANKS_SAID,
         GREETED, GOODBYES)
    ).split()
)  # fmt: skip
# ... and words read inflected too ("Tolle", "Schnelle", "Schönes"): praise, verdicts, wishes
INFLECTED_WORDS = frozenset(f"{PRAISE_WORDS} {VERDICT_WORDS} {WISHES}".split())
_INFLECTIONS = ("e", "en", "em", "er", "es", "ly")
# ... and a German noun's ending no name has ("Danke Lob und Anerkennung")
NOUN_ENDS = "ung heit keit schaft tion tät nis ment ismus"
_COMPOUND_ENDS = tuple(f"{THANKED_GROUPS} {PRODUCT_ENDS} {NOUN_ENDS}".split())
_A_WORD = re.compile(f"[{_LATIN}][{_LATIN}'’.-]*")
_NOT_CHECKED = frozenset(f"{SURNAME_PARTICLES} der den dem und and".split())
# "Will" before a verb ("Thanks a bunch, Will Return"), as _VERDICT_IN_ENGLISH reads it
_WILL = re.compile(r"\W*(?i:will|would)[ \t]+[A-Za-z]")
# how far before a text's end a name form may start: a search from the start took each
# form's pattern through every character
_NAME_FORM_ROOM = 240
# Where a sign-off starts, each form's starts: the forms are matched there alone (searched,
# each tried its sign-offs at every character, 45 µs a text)
_SIGN_OFF_STARTS = re.compile(f"{_P_BEFORE}(?={_P_SIGN_OFF})")


def without_names_left(texts: pa.Array) -> pa.Array:
    """`texts` without a name NAME_FORMS finds at their end, where its words are no words of
    the customer's (CUSTOMERS_WORDS); Python reads only the texts NAMES_LEFT finds."""
    if not len(texts):
        return texts
    return _rewritten(texts, pc.match_substring_regex(texts, NAMES_LEFT), _without_name_left)


def _without_name_left(text: str) -> str:
    starts = _SIGN_OFF_STARTS.finditer(text, max(0, len(text) - _NAME_FORM_ROOM))
    starts = [start.start() for start in starts]
    for form, with_sign_off in _NAME_FORMS:
        found = next(filter(None, (form.match(text, start) for start in starts)), None)
        if found is None:
            continue
        if _customers(found):
            return text
        before = text[: found.start("sign_off")]
        if with_sign_off and re.search(f"[{_LATIN}]", before):
            return before.rstrip()
        return text[: found.start("cut")] + text[found.end("cut") :]
    return text


def _customers(found: re.Match) -> bool:
    """Whether a name form's words are the customer's: a word of the lists, "Will" before a
    verb, or a lower-case greeting's place that is a place's prefix ("lg aus bad homburg").
    Where the form tells the name's words apart (group "name"), those alone are read."""
    if "place" in found.re.groupindex and found["place"] in PLACE_WORDS.split():
        return True
    words = found["name"] if "name" in found.re.groupindex else found["cut"]
    return bool(_WILL.match(words)) or any(_customers_word(word) for word in _A_WORD.findall(words))


def _customers_word(word: str) -> bool:
    """Whether a word where a name may stand is the customer's: a lists' word, praise or a
    verdict inflected, or a team's, a service's or a product's compound."""
    word = word.lower().strip(".'’-")
    if word in _NOT_CHECKED:
        return False
    if word in CUSTOMERS_WORDS or word in INFLECTED_WORDS or word.endswith(_COMPOUND_ENDS):
        return True
    return any(word.endswith(end) and word[: -len(end)] in INFLECTED_WORDS for end in _INFLECTIONS)
