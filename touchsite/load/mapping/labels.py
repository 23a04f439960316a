"""The answer labels of the scales survey tools use, with their numbers, and 'not used'."""

import re

from touchsite.load.mapping.columns import normal

# Answer labels of the usual scales, by KPI.
CSAT_LABELS = {
    "sehr zufrieden": 5,
    "äußerst zufrieden": 5,
    "zufrieden": 4,
    "eher zufrieden": 4,
    "teils/teils": 3,
    "teils, teils": 3,
    "weder zufrieden noch unzufrieden": 3,
    "weder noch": 3,
    "eher unzufrieden": 2,
    "unzufrieden": 2,
    "sehr unzufrieden": 1,
    "äußerst unzufrieden": 1,
    "überhaupt nicht zufrieden": 1,
    "sehr gut": 5,
    "gut": 4,
    "mittelmäßig": 3,
    "schlecht": 2,
    "sehr schlecht": 1,
    "very satisfied": 5,
    "extremely satisfied": 5,
    "satisfied": 4,
    "somewhat satisfied": 4,
    "neutral": 3,
    "neither satisfied nor dissatisfied": 3,
    "somewhat dissatisfied": 2,
    "dissatisfied": 2,
    "very dissatisfied": 1,
    "extremely dissatisfied": 1,
    "excellent": 5,
    "good": 4,
    "fair": 3,
    "poor": 2,
    "very poor": 1,
    # "good" among five words (alone with "bad", it is a yes/no rating: inspect's GOOD_BAD)
    "very good": 5,
    "bad": 2,
    "very bad": 1,
}
# The five points of a rating from "Excellent" down to "Poor", as SurveyMonkey, Microsoft
# Forms and patient surveys ask it: "Good" is its middle, not CSAT_LABELS' 4 (a column of
# these words has "Excellent" and "Very good" both, and no "Very poor" or "Bad" below "Poor")
CSAT_EXCELLENT_LABELS = {"excellent": 5, "very good": 4, "good": 3, "fair": 2, "poor": 1}
# ... and as Microsoft Forms' German rating writes it
CSAT_EXCELLENT_LABELS |= {"ausgezeichnet": 5, "sehr gut": 4, "gut": 3, "mittelmäßig": 2}
CSAT_EXCELLENT_LABELS |= {"schlecht": 1}
# A German school grade in words, as a price portal grades a shop ("Note: gut"): 1 the best
# ("sehr gut") read as CSAT's 5, its six grades on CSAT's five (the two failing ones its 1)
GRADE_LABELS = {"sehr gut": 5, "gut": 4, "befriedigend": 3, "ausreichend": 2, "mangelhaft": 1}
GRADE_LABELS |= {"ungenügend": 1}
AGREE_LABELS = {
    "stimme voll und ganz zu": 7,
    "stimme zu": 6,
    "stimme eher zu": 5,
    "weder noch": 4,
    "stimme eher nicht zu": 3,
    "stimme nicht zu": 2,
    "stimme überhaupt nicht zu": 1,
    "strongly agree": 7,
    "agree": 6,
    "somewhat agree": 5,
    "neither agree nor disagree": 4,
    "somewhat disagree": 3,
    "disagree": 2,
    "strongly disagree": 1,
}
AGREE_5_LABELS = {
    "stimme voll und ganz zu": 5,
    "stimme zu": 4,
    "weder noch": 3,
    "stimme nicht zu": 2,
    "stimme überhaupt nicht zu": 1,
    "strongly agree": 5,
    "agree": 4,
    "neither agree nor disagree": 3,
    "disagree": 2,
    "strongly disagree": 1,
}
# Five agreement points of the "eher" / "somewhat" steps, as a German questionnaire's Likert
# items ("trifft voll zu" .. "trifft überhaupt nicht zu") and Qualtrics' and SurveyMonkey's
# five-point agreement ("Strongly agree", "Somewhat agree" ...) write them
AGREE_5_SOMEWHAT_LABELS = {
    "trifft voll zu": 5,
    "trifft voll und ganz zu": 5,
    "trifft eher zu": 4,
    "teils-teils": 3,
    "teils/teils": 3,
    "teils, teils": 3,
    "trifft eher nicht zu": 2,
    "trifft überhaupt nicht zu": 1,
    "stimme voll und ganz zu": 5,
    "stimme eher zu": 4,
    "weder noch": 3,
    "stimme eher nicht zu": 2,
    "stimme überhaupt nicht zu": 1,
    "strongly agree": 5,
    "somewhat agree": 4,
    "neither agree nor disagree": 3,
    "somewhat disagree": 2,
    "strongly disagree": 1,
}
# An effort question's answers ("Wie einfach war es, ...?", "How easy was it to ...?"), as a
# survey tool's choice-text export writes them: seven points from the most difficult to the
# easiest, or five without the "eher" / "somewhat" steps (EFFORT_5_LABELS), or five of the
# "eher" / "somewhat" steps without the bare "schwierig" / "einfach" (EFFORT_5_SOMEWHAT_LABELS),
# or seven whose ends are "äußerst" / "extremely" beyond "sehr" / "very"
# (EFFORT_EXTREME_LABELS), or seven of no bare "schwierig" / "einfach", its steps "ziemlich"
# and "etwas" between "sehr" and the middle (Qualtrics' "Moderately" and "Slightly" between
# "Extremely" and it: EFFORT_SLIGHTLY_LABELS). The middle may be a bare "weder noch", as on a
# satisfaction scale. Five steps' ends may be "äußerst" / "extremely" (Qualtrics' five:
# "Extremely difficult", "Somewhat difficult" .. "Extremely easy"), as a satisfaction's are.
EFFORT_LABELS = {
    "sehr schwierig": 1,
    "schwierig": 2,
    "eher schwierig": 3,
    "weder einfach noch schwierig": 4,
    "weder schwierig noch einfach": 4,
    "weder noch": 4,
    "eher einfach": 5,
    "einfach": 6,
    "sehr einfach": 7,
    "very difficult": 1,
    "difficult": 2,
    "somewhat difficult": 3,
    "neither easy nor difficult": 4,
    "neither difficult nor easy": 4,
    "somewhat easy": 5,
    "easy": 6,
    "very easy": 7,
}
EFFORT_5_LABELS = {
    "sehr schwierig": 1,
    "schwierig": 2,
    "weder einfach noch schwierig": 3,
    "weder schwierig noch einfach": 3,
    "weder noch": 3,
    "einfach": 4,
    "sehr einfach": 5,
    "very difficult": 1,
    "difficult": 2,
    "neither easy nor difficult": 3,
    "neither difficult nor easy": 3,
    "easy": 4,
    "very easy": 5,
}
EFFORT_5_SOMEWHAT_LABELS = {
    "sehr schwierig": 1,
    "äußerst schwierig": 1,
    "eher schwierig": 2,
    "weder einfach noch schwierig": 3,
    "weder schwierig noch einfach": 3,
    "weder noch": 3,
    "eher einfach": 4,
    "sehr einfach": 5,
    "äußerst einfach": 5,
    "very difficult": 1,
    "extremely difficult": 1,
    "somewhat difficult": 2,
    "neither easy nor difficult": 3,
    "neither difficult nor easy": 3,
    "somewhat easy": 4,
    "very easy": 5,
    "extremely easy": 5,
}
EFFORT_EXTREME_LABELS = {
    "äußerst schwierig": 1,
    "sehr schwierig": 2,
    "schwierig": 3,
    "weder einfach noch schwierig": 4,
    "weder schwierig noch einfach": 4,
    "weder noch": 4,
    "einfach": 5,
    "sehr einfach": 6,
    "äußerst einfach": 7,
    "extremely difficult": 1,
    "very difficult": 2,
    "difficult": 3,
    "neither easy nor difficult": 4,
    "neither difficult nor easy": 4,
    "easy": 5,
    "very easy": 6,
    "extremely easy": 7,
}
EFFORT_SLIGHTLY_LABELS = {
    "sehr schwierig": 1,
    "ziemlich schwierig": 2,
    "etwas schwierig": 3,
    "weder einfach noch schwierig": 4,
    "weder schwierig noch einfach": 4,
    "weder noch": 4,
    "etwas einfach": 5,
    "ziemlich einfach": 6,
    "sehr einfach": 7,
    "extremely difficult": 1,
    "moderately difficult": 2,
    "slightly difficult": 3,
    "neither easy nor difficult": 4,
    "neither difficult nor easy": 4,
    "slightly easy": 5,
    "moderately easy": 6,
    "extremely easy": 7,
}
# The words (and faces) help desks rate a conversation or a ticket with, on five points, or on
# three of them: Intercom's Terrible..Amazing (with its faces), Freshdesk's classic survey
# (Awesome, Just okay, Not good) and its survey's Extremely Happy..Extremely Unhappy (103,
# 100, -103 on three points; 102 and -102 as well on five; 101 Happy and -101 Unhappy as
# well on seven, which its reports also write for a three-point survey: Happy, Neutral,
# Unhappy). Seven points on CSAT's five: Happy shares Very happy's 4, Unhappy Very unhappy's
# 2, so the top two boxes hold every happy answer, as Freshdesk's own CSAT (its share of
# happy answers) counts them. Read only where each of a column's words is one of these:
# "Great" beside "Excellent" and "Good" is another scale's.
HELP_DESK_LABELS = {
    "amazing": 5,
    "great": 4,
    "ok": 3,
    "okay": 3,
    "bad": 2,
    "terrible": 1,
    "\U0001f929": 5,
    "\U0001f603": 4,
    "\U0001f610": 3,
    "\U0001f641": 2,
    "\U0001f620": 1,
    "awesome": 5,
    "just okay": 3,
    "not good": 1,
    "extremely happy": 5,
    "very happy": 4,
    "happy": 4,
    "neutral": 3,
    "unhappy": 2,
    "very unhappy": 2,
    "extremely unhappy": 1,
}
# ... and a face with its word, as a report may write them ("\U0001f929 Amazing")
HELP_DESK_LABELS |= {
    f"{face} {word}": number
    for face, word, number in zip(
        ("\U0001f929", "\U0001f603", "\U0001f610", "\U0001f641", "\U0001f620"),
        ("amazing", "great", "ok", "bad", "terrible"),
        (5, 4, 3, 2, 1),
        strict=True,
    )
}
NOT_USED = {
    "weiß nicht",
    "keine angabe",
    "k. a.",
    "k.a.",
    "nicht genutzt",
    "nicht zutreffend",
    "trifft nicht zu",
    "n/a",
    "na",
    "not applicable",
    "does not apply",
    "don't know",
    "did not use",
    "keine antwort",  # LimeSurvey's German "no answer"
    "keine meinung",
    "kann ich nicht beurteilen",
    "weiß ich nicht",
    "nicht beantwortet",
    "no answer",
    "no opinion",
    "prefer not to say",
    # survey tools' codes for no answer: -99 (many), EFS/Unipark's -77 (not seen) and -66
    # (no answer), SoSci Survey's -9 (not answered)
    "-99",
    "-77",
    "-66",
    "-9",
    "-oth-",  # LimeSurvey's "other" answer: no point of a scale
    "STAR_RATING_UNSPECIFIED",  # Google's reviews: a review's stars, unknown
    # a dash for no answer, as exports and hand-kept sheets write it
    "-",
    "--",
    "\u2013",
    "\u2014",
}

# Looked up by normal(answer), which case-folds ("Weiß nicht" -> "weiss nicht"): so are the keys.
CSAT_LABELS = {normal(label): number for label, number in CSAT_LABELS.items()}
CSAT_EXCELLENT_LABELS = {normal(label): number for label, number in CSAT_EXCELLENT_LABELS.items()}
GRADE_LABELS = {normal(label): number for label, number in GRADE_LABELS.items()}
AGREE_LABELS = {normal(label): number for label, number in AGREE_LABELS.items()}
AGREE_5_LABELS = {normal(label): number for label, number in AGREE_5_LABELS.items()}
AGREE_5_SOMEWHAT_LABELS = {normal(k): number for k, number in AGREE_5_SOMEWHAT_LABELS.items()}
# fewest points first, as EFFORT_SCALES
AGREE_SCALES = (AGREE_5_LABELS, AGREE_5_SOMEWHAT_LABELS, AGREE_LABELS)
AGREE_WORDS = frozenset().union(*AGREE_SCALES)
EFFORT_LABELS = {normal(label): number for label, number in EFFORT_LABELS.items()}
EFFORT_5_LABELS = {normal(label): number for label, number in EFFORT_5_LABELS.items()}
EFFORT_5_SOMEWHAT_LABELS = {normal(k): number for k, number in EFFORT_5_SOMEWHAT_LABELS.items()}
EFFORT_EXTREME_LABELS = {normal(k): number for k, number in EFFORT_EXTREME_LABELS.items()}
EFFORT_SLIGHTLY_LABELS = {normal(k): number for k, number in EFFORT_SLIGHTLY_LABELS.items()}
# fewest points first: a column of words each scale holds ("sehr einfach" .. "sehr
# schwierig" alone) is read on five, and so is one of the five "eher" steps' words, which the
# seven points hold as well (with "schwierig" and "einfach" between them); one word of a
# seven's own ("ziemlich einfach") reads the column on those seven
EFFORT_SCALES = (EFFORT_5_LABELS, EFFORT_5_SOMEWHAT_LABELS, EFFORT_LABELS, EFFORT_EXTREME_LABELS)
EFFORT_SCALES += (EFFORT_SLIGHTLY_LABELS,)
EFFORT_WORDS = frozenset().union(*EFFORT_SCALES)


def excellent_to_poor(labels) -> bool:
    """Whether a column's answer labels are CSAT_EXCELLENT_LABELS' scale: read by
    CSAT_LABELS, "Excellent" and "Very good" were both 5 and "Good" a 4, so a middle answer
    counted as satisfied."""
    words = {normal(label) for label in labels}
    tops = ({"excellent", "very good"}, {"ausgezeichnet", "sehr gut"})
    return any(top <= words for top in tops) and words <= CSAT_EXCELLENT_LABELS.keys()


def school_grades(labels) -> bool:
    """Whether a column's answer labels are GRADE_LABELS' (a grade only they have among
    them: "befriedigend", "ausreichend", "mangelhaft", "ungenügend")."""
    words = {normal(label) for label in labels}
    return bool(words - CSAT_LABELS.keys()) and words <= GRADE_LABELS.keys()


def likeliest_scale(labels, scales=EFFORT_SCALES) -> dict[str, float]:
    """The scale among `scales` (EFFORT_SCALES, AGREE_SCALES) a column's answer labels are
    read on: the one that holds the most of them, the fewest points where several hold as
    many."""
    return _likeliest(labels, scales)[0]


def doubted_points(labels, scales=EFFORT_SCALES) -> tuple[int, ...]:
    """The points of the scales that hold as many of a column's labels as the likeliest and
    read them otherwise ("Extremely easy" is 5 of five, 7 of seven): (5, 7); () where the
    labels say which, or answer each point of the fewest (five "eher" steps: five points)."""
    tied = _likeliest(labels, scales)
    readings = {tuple(scale.get(normal(label)) for label in labels) for scale in tied}
    points = {id(scale): int(max(scale.values()) - min(scale.values())) + 1 for scale in tied}
    answered = {tied[0][normal(label)] for label in labels if normal(label) in tied[0]}
    if len(readings) < 2 or len(answered) == points[id(tied[0])]:
        return ()
    return tuple(sorted(set(points.values())))


def _likeliest(labels, scales) -> list[dict[str, float]]:
    """The scales that hold the most of `labels`, in the order of `scales`."""
    held = [sum(normal(label) in scale for label in labels) for scale in scales]
    return [scale for scale, count in zip(scales, held, strict=True) if count == max(held)]


HELP_DESK_LABELS = {normal(label): number for label, number in HELP_DESK_LABELS.items()}
NOT_USED = {normal(label) for label in NOT_USED}


# what comes before an answer's words: its number and what separates them ("1 = ", "2 - ")
NUMBER_BEFORE_WORDS = re.compile(r"^\s*[+-]?[0-9]+(?:[.,][0-9]+)?\s*[-–—=:(]?\s*|\)\s*$")


def against_words(numbered: dict[str, float]) -> tuple[float, float, float] | None:
    """Where answers' numbers (or a file's codes: `numbered`, by answer) run against the
    words beside them, one point lower as the words go one up ("1 = sehr zufrieden" ... "5 =
    sehr unzufrieden", a school grade's order): the sum of number and meaning they all share,
    from which each answer's number by its words follows, and the lowest and highest
    number of that scale's words. None where no scale's words say so for two answers or
    more, or where the words agree with the numbers."""
    words = {answer: normal(NUMBER_BEFORE_WORDS.sub("", answer)) for answer in numbered}
    for table in (CSAT_LABELS, AGREE_5_LABELS, AGREE_LABELS):
        said = {numbered[a]: table[w] for a, w in words.items() if w in table}
        sums = {number + meaning for number, meaning in said.items()}
        if len(sums) == 1 and len(said) >= 2:
            return sums.pop(), min(table.values()), max(table.values())
    return None
