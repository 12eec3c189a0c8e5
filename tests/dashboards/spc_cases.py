"""SPC cases worked by hand from the rules (dashboards/spc.py, docs/adr/0007-spc-rules.md), with their answers.

Each case is a monthly series from April 2019. The arithmetic is in the comments: mean = sum / n; the moving
ranges (MR) are |x(t) - x(t-1)| between consecutive values; limits = mean +/- 2.66 x mean MR; a value is "near" a
limit when it is more than two thirds of the way there (2/3 x 2.66 x mean MR from the mean) but not outside it.
Sides of the mean are written + (above), - (below), 0 (on it). Figures to 4 decimal places, rounded half up.

Per period, in `rules` and `types` (spaces only group the periods for reading):
  rules: . no signal, O/o outside the limits above/below, T/t in a trend rising/falling, N/n 2 of 3 near the
         upper/lower limit, S/s in a run of 7 above/below the mean, _ no value, - not assessed (too few values)
  types: . common cause, + improvement, ! concern, ~ neutral, _ no value or not assessed
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    mean: str
    mean_moving_range: str
    upper: str
    lower: str


@dataclass(frozen=True)
class Case:
    name: str
    values: tuple[str | int | None, ...]
    direction: str
    rules: str
    types: str
    limits: tuple[Limits | None, ...]  # per group, between change points
    variation: str | None
    trial: bool = False
    rebase_at: tuple[int, ...] = ()  # the 1-based positions where a new process starts
    target: str | None = None
    assurance: str | None = None


# 12 values alternating 9 and 11 (sum 120, MRs 11 x 2 = 22), before one more value x (MR |x - 11|).
# x = 22: sum 142, mean 142/13 = 10.923077; MRs 22 + 11 = 33 over 12, mean MR 2.75; 2.66 x 2.75 = 7.315;
# upper 18.238077, lower 3.608077. 22 > 18.2381: outside, above. Sides -+-+-+-+-+-++ (9 below, 11 above
# 10.92): no run of 7. Near limits 10.923077 +/- 4.876667 = 15.7997 / 6.0464: no 9 or 11 near.
ABOVE = (9, 11) * 6 + (22,)
ABOVE_LIMITS = Limits("10.9231", "2.7500", "18.2381", "3.6081")
# x = 0: sum 120, mean 120/13 = 9.230769; MRs 22 + 11 = 33, mean MR 2.75; upper 16.545769, lower 1.915769.
# 0 < 1.9158: outside, below. Sides -+-+-+-+-+-+- (11 above 9.23, 9 below).
BELOW = (9, 11) * 6 + (0,)
BELOW_LIMITS = Limits("9.2308", "2.7500", "16.5458", "1.9158")

# The same 12 values alone: mean 10, mean MR 22/11 = 2, 2.66 x 2 = 5.32: limits 15.32 and 4.68. Targets are set
# against these limits for the assurance icon.
STEADY = (9, 11) * 6
STEADY_LIMITS = Limits("10.0000", "2.0000", "15.3200", "4.6800")

CASES = [
    Case(
        "A point above the upper limit, where higher is better, is improvement, and the icon improvement high",
        ABOVE,
        "higher",
        "............ O",
        "............ +",
        (ABOVE_LIMITS,),
        "improvement_high",
    ),
    Case(
        "A point above the upper limit, where lower is better, is concern, and the icon concern high",
        ABOVE,
        "lower",
        "............ O",
        "............ !",
        (ABOVE_LIMITS,),
        "concern_high",
    ),
    Case(
        "A point above the upper limit, where neither is better, is neutral, and the icon neutral high",
        ABOVE,
        "neutral",
        "............ O",
        "............ ~",
        (ABOVE_LIMITS,),
        "neutral_high",
    ),
    Case(
        "A point below the lower limit, where higher is better, is concern, and the icon concern low",
        BELOW,
        "higher",
        "............ o",
        "............ !",
        (BELOW_LIMITS,),
        "concern_low",
    ),
    Case(
        "A point below the lower limit, where lower is better, is improvement, and the icon improvement low",
        BELOW,
        "lower",
        "............ o",
        "............ +",
        (BELOW_LIMITS,),
        "improvement_low",
    ),
    Case(
        "A point below the lower limit, where neither is better, is neutral, and the icon neutral low",
        BELOW,
        "neutral",
        "............ o",
        "............ ~",
        (BELOW_LIMITS,),
        "neutral_low",
    ),
    Case(
        # Sum 60 + (9.5 + 10 + 10.5 + 11 + 11.5 + 12 = 64.5) + 20 = 144.5, mean 144.5/14 = 10.321429.
        # MRs: 5 x 2 (alternating) + 6 x 0.5 (9 up to 12) + 3 (12 to 9) + 2 = 18 over 13, mean MR 1.384615;
        # 2.66 x 18/13 = 3.683077: limits 14.004505 and 6.638352; near 10.321429 +/- 2.455385 = 12.7768 / 7.8660.
        # The 6th to 12th values 9, 9.5, ..., 12 each rise on the last: a trend of 7 (6 rises). 12 is not near.
        # Sides +-+-+ --- ++++ -+: runs of 3 and 4, no shift.
        "Seven values each higher than the last are a trend, read as improvement where higher is better",
        (11, 9, 11, 9, 11, 9, "9.5", 10, "10.5", 11, "11.5", 12, 9, 11),
        "higher",
        "..... TTTTTTT ..",
        "..... +++++++ ..",
        (Limits("10.3214", "1.3846", "14.0045", "6.6384"),),
        "common_cause",
    ),
    Case(
        # As above with a tie: 9, 9.5, 10, 10, 10.5, 11, 11.5. Rises before the tie: 9 to 10 (3 values); after it:
        # 10 to 11.5 (4 values). No 7 in a row, so no trend. Sum 60 + 62.5 + 20 = 142.5, mean 10.178571.
        # MRs 10 + (0.5, 0.5, 0, 0.5, 0.5, 0.5 = 2.5) + 2.5 + 2 = 17 over 13, mean MR 1.307692; 2.66 x 17/13 =
        # 3.478462: limits 13.657033 and 6.700110; near 12.4975 / 7.8596: none near. Sides +-+-+ ---- +++ -+.
        "A tie breaks a trend: seven values rising with one equal to the last are common cause",
        (11, 9, 11, 9, 11, 9, "9.5", 10, 10, "10.5", 11, "11.5", 9, 11),
        "higher",
        "..... ....... ..",
        "..... ....... ..",
        (Limits("10.1786", "1.3077", "13.6570", "6.7001"),),
        "common_cause",
    ),
    Case(
        # 16 alternating values (sum 160), then 15, 15, 11, 9: sum 210, mean 10.5. MRs 15 x 2 + 4 + 0 + 4 + 2 = 40
        # over 19, mean MR 2.105263; 2.66 x 40/19 = 5.6: limits 16.1 and 4.9; near 10.5 +/- 3.733333 = 14.2333 /
        # 6.7667. Both 15s are near (14.23 < 15 < 16.1). The windows 11, 15, 15 and 15, 15, 11 are all above the
        # mean with 2 near: the two 15s are flagged, not the 11s. Sides -+ x 8, then ++++ -: no run of 7.
        "Two of three values near the upper limit, all above the mean, where lower is better, are concern",
        (9, 11) * 8 + (15, 15, 11, 9),
        "lower",
        "................ NN ..",
        "................ !! ..",
        (Limits("10.5000", "2.1053", "16.1000", "4.9000"),),
        "common_cause",
    ),
    Case(
        # 16 alternating values, then 16, 10, 16, 9: sum 211, mean 10.55. MRs 30 + 5 + 6 + 6 + 7 = 54 over 19,
        # mean MR 2.842105; 2.66 x 54/19 = 7.56: limits 18.11 and 2.99; near 10.55 +/- 5.04 = 15.59 / 5.51. Both
        # 16s are near, but the window 16, 10, 16 has 10 below the mean (+ - +): no signal.
        "Two values near the upper limit with the one between them below the mean are common cause",
        (9, 11) * 8 + (16, 10, 16, 9),
        "higher",
        "................ .... ",
        "................ .... ",
        (Limits("10.5500", "2.8421", "18.1100", "2.9900"),),
        "common_cause",
    ),
    Case(
        # 8 alternating values (11 first, sum 80), then 12, 11, 12, 11, 12, 11, 12 (sum 81), then 9: sum 170, mean
        # 10.625. MRs 7 x 2 + 3 + 6 x 1 + 3 = 26 over 15, mean MR 1.733333; 2.66 x 26/15 = 4.610667: limits
        # 15.235667 and 6.014333; near 13.6988 / 7.5512: none near. Sides +-+-+-+- +++++++ -: 7 above.
        "Seven values in a row above the mean are a shift, read as improvement where higher is better",
        (11, 9) * 4 + (12, 11, 12, 11, 12, 11, 12, 9),
        "higher",
        "........ SSSSSSS .",
        "........ +++++++ .",
        (Limits("10.6250", "1.7333", "15.2357", "6.0143"),),
        "common_cause",
    ),
    Case(
        # 8 alternating (sum 80), 11, 12, 11, 10, 12, 11, 12 (sum 79), 7, 11, 7, 9, 7 (sum 41): sum 200, mean 10.
        # The 10 is on the mean: sides +-+-+-+- +++0+++ -+---, two runs of 3 above, no shift.
        # MRs 7 x 2 + 2 + (1, 1, 1, 2, 1, 1 = 7) + 5 + 4 + 4 + 2 + 2 = 40 over 19; 2.66 x 40/19 = 5.6: limits
        # 15.6 and 4.4; near 13.7333 / 6.2667: none near (7 > 6.27).
        "A value on the mean is on neither side: it breaks a run of seven",
        (11, 9) * 4 + (11, 12, 11, 10, 12, 11, 12, 7, 11, 7, 9, 7),
        "neutral",
        "........ ....... .....",
        "........ ....... .....",
        (Limits("10.0000", "2.1053", "15.6000", "4.4000"),),
        "common_cause",
    ),
    Case(
        # The control for the case above: 11 for the 10. Sum 201, mean 10.05; sides +-+-+-+- +++++++ -+---.
        # MRs as above but 11 to 11 is 0 and 11 to 12 is 1: 40 - 1 - 1 = 38 over 19, mean MR 2; limits
        # 10.05 +/- 5.32 = 15.37 and 4.73; near 13.5967 / 6.5033: none near.
        "The same run with no value on the mean is a shift, neutral where neither direction is better",
        (11, 9) * 4 + (11, 12, 11, 11, 12, 11, 12, 7, 11, 7, 9, 7),
        "neutral",
        "........ SSSSSSS .....",
        "........ ~~~~~~~ .....",
        (Limits("10.0500", "2.0000", "15.3700", "4.7300"),),
        "common_cause",
    ),
    Case(
        # 8 alternating (sum 80, ending 9), 10.5 up to 13.5 by 0.5 (sum 84), 6, 11, 6, 11, 6, 9, 7 (sum 56): sum
        # 220, mean 10. MRs 7 x 2 + 1.5 + 6 x 0.5 + 7.5 + 4 x 5 + 3 + 2 = 51 over 21, mean MR 2.428571;
        # 2.66 x 51/21 = 6.46: limits 16.46 and 3.54; near 14.3067 / 5.6933: none near (13.5, 6).
        # 9, 10.5, ..., 13.5 rise 7 times: a trend of 8, starting at the 9. The 7 from 10.5 are also above the mean
        # (a shift), but the trend comes first.
        "Where a trend and a shift cover the same values, the trend decides",
        (11, 9) * 4 + ("10.5", 11, "11.5", 12, "12.5", 13, "13.5", 6, 11, 6, 11, 6, 9, 7),
        "higher",
        ".......T TTTTTTT .......",
        ".......+ +++++++ .......",
        (Limits("10.0000", "2.4286", "16.4600", "3.5400"),),
        "common_cause",
    ),
    Case(
        # 8 alternating (sum 80), 11, 12, 11, 20, 11, 12, 11 (sum 88), 6, 11, 6, 11, 6, 11, 6, 9, 7, 9 (sum 82):
        # sum 250, mean 10. MRs 8 x 2 + (1, 1, 9, 9, 1, 1 = 22) + 7 x 5 + 3 + 2 + 2 = 80 over 24, mean MR 10/3;
        # 2.66 x 10/3 = 8.866667: limits 18.866667 and 1.133333; near 15.9111 / 4.0889: none near but the 20.
        # 20 > 18.87 is outside; it is also in the 7 above the mean. Outside comes first.
        "A value outside the limits within a shift is read as outside; the rest of the shift as shift",
        (11, 9) * 4 + (11, 12, 11, 20, 11, 12, 11) + (6, 11) * 3 + (6, 9, 7, 9),
        "lower",
        "........ SSSOSSS ..........",
        "........ !!!!!!! ..........",
        (Limits("10.0000", "3.3333", "18.8667", "1.1333"),),
        "common_cause",
    ),
    Case(
        # 12 alternating (sum 120, ending 9), 12, 11, 15, 15, 12, 11, 12 (sum 88), 9, 11, 9 (29): sum 237, mean
        # 10.772727. MRs 11 x 2 + 3 + 1 + 4 + 0 + 3 + 1 + 1 + 3 + 2 + 2 = 42 over 21, mean MR 2; limits
        # 10.772727 +/- 5.32 = 16.092727 and 5.452727; near 14.3194 / 7.2261. The two 15s are near and, with
        # the 11 or 12 beside them, above the mean: 2 of 3. All 7 from 12 are above the mean: a shift; 2 of 3 comes
        # first for the 15s.
        "Two of three near the limit within a shift are read as two of three; the rest of the shift as shift",
        (11, 9) * 6 + (12, 11, 15, 15, 12, 11, 12, 9, 11, 9),
        "higher",
        "............ SSNNSSS ...",
        "............ +++++++ ...",
        (Limits("10.7727", "2.0000", "16.0927", "5.4527"),),
        "common_cause",
    ),
    Case(
        # 11, 9, 11, 9, 11, 9, 11 (sum 71), then 9 up to 12 by 0.5 and back down to 9 (sum 135), then 11, 9 (20):
        # sum 226, mean 10.272727. MRs 7 x 2 + 12 x 0.5 + 2 + 2 = 24 over 21, mean MR 1.142857; 2.66 x 8/7 =
        # 3.04: limits 13.312727 and 7.232727; near 12.2994 / 8.2461: 12 is not near. 9 to 12 is a trend of 7
        # rising, 12 to 9 one of 7 falling; they share the 12, read with the later, falling run (NHSRplotthedots
        # reads a shared point by the step after it). 10.5 to 10.5 are 7 above the mean, all in trends already.
        "A peak shared by a rising and a falling trend is read with the falling one",
        (11, 9) * 3 + (11, 9, "9.5", 10, "10.5", 11, "11.5", 12, "11.5", 11, "10.5", 10, "9.5", 9, 11, 9),
        "higher",
        "....... TTTTTT t tttttt ..",
        "....... ++++++ ! !!!!!! ..",
        (Limits("10.2727", "1.1429", "13.3127", "7.2327"),),
        "common_cause",
    ),
    Case(
        # 12 alternating (sum 120, ending 9), 18, 22, 11 (51), 6, 11, 6, 11, 6, 11, 6, 9, 7, 9, 7 (89): sum 260,
        # mean 10. MRs 11 x 2 + 9 + 4 + 11 + 7 x 5 + 3 + 2 + 2 + 2 = 90 over 25, mean MR 3.6; 2.66 x 3.6 = 9.576:
        # limits 19.576 and 0.424; near 10 +/- 6.384 = 16.384 / 3.616. 22 is outside; 18 is near. In 18, 22, 11
        # (all above) only the 18 is near: a value outside the limits is not "near" one (NHSRplotthedots'
        # close_to_limits excludes outside_limits), so it is not 2 of 3 and the 18 is common cause.
        "A value near the limit beside one outside it is not two of three",
        (11, 9) * 6 + (18, 22, 11) + (6, 11) * 3 + (6, 9, 7, 9, 7),
        "higher",
        "............ .O. ...........",
        "............ .+. ...........",
        (Limits("10.0000", "3.6000", "19.5760", "0.4240"),),
        "common_cause",
    ),
    Case(
        # 8 alternating, then 11, 10.5, (nothing reported), 10, 9.5, 9, 8.5, 8. The gap is skipped: 15 values,
        # sum 80 + 66.5 = 146.5, mean 9.766667; MRs 7 x 2 + 2 (9 to 11) + 6 x 0.5 (10.5 to 10 across the gap)
        # = 19 over 14, mean MR 1.357143; 2.66 x 19/14 = 3.61: limits 13.376667 and 6.156667; near 12.1733 /
        # 7.36: none near (8 > 7.36). 11 down to 8 falls 6 times across the gap: a trend of 7, ending on the
        # latest value. Sides +-+-+-+- ++_+ ----: no run of 7.
        "A value not reported is skipped: a trend runs across it, and a trend falling to the latest value gives "
        "improvement low where lower is better",
        (11, 9) * 4 + (11, "10.5", None, 10, "9.5", 9, "8.5", 8),
        "lower",
        "........ tt_ttttt",
        "........ ++_+++++",
        (Limits("9.7667", "1.3571", "13.3767", "6.1567"),),
        "improvement_low",
    ),
    Case(
        # Without the change point: sum 80 + 160 = 240, mean 15; MRs 7 x 2 + 8 + 7 x 2 = 36 over 15, mean MR 2.4;
        # 2.66 x 2.4 = 6.384: limits 21.384 and 8.616; near 15 +/- 4.256 = 19.256 / 10.744. The 9s are near the
        # lower limit, the 21s near the upper (2 of 3 with each 11 or 19 between, all on one side), the 11s and
        # 19s in runs of 8 below and above the mean.
        "Without a change point a step change shows as shifts and two of three on each side",
        (9, 11) * 4 + (19, 21) * 4,
        "higher",
        "nsnsnsns SNSNSNSN",
        "!!!!!!!! ++++++++",
        (Limits("15.0000", "2.4000", "21.3840", "8.6160"),),
        "improvement_high",
    ),
    Case(
        # With a change point at the 9th: each group of 8 alternates around its own mean (10, then 20), MRs 7 x 2
        # within each (the step of 8 is not a moving range of either), mean MR 2, limits mean +/- 5.32; 8 values
        # give trial limits. Target 24: under the first group's limits (15.32) it would be fail, but the latest
        # group's upper limit is 25.32, so the target is between them: inconsistent.
        "A change point starts new limits: each group is read against its own, and assurance against the latest",
        (9, 11) * 4 + (19, 21) * 4,
        "higher",
        "........ ........",
        "........ ........",
        (Limits("10.0000", "2.0000", "15.3200", "4.6800"), Limits("20.0000", "2.0000", "25.3200", "14.6800")),
        "common_cause",
        trial=True,
        rebase_at=(9,),
        target="24",
        assurance="inconsistent",
    ),
    Case(
        # 11, 9, (gap), 12, 9, 11, 9, (gap), 11, 9: 8 values, sum 81, mean 10.125; MRs 2, 3 (9 to 12 across the
        # gap), 3, 2, 2, 2, 2 = 16 over 7, mean MR 2.285714; 2.66 x 16/7 = 6.08: limits 16.205 and 4.045. Had the
        # gaps been zeros the mean would be 8.1. 8 values: trial limits.
        "Values not reported are skipped, not read as zero",
        (11, 9, None, 12, 9, 11, 9, None, 11, 9),
        "higher",
        ".._...._..",
        ".._...._..",
        (Limits("10.1250", "2.2857", "16.2050", "4.0450"),),
        "common_cause",
        trial=True,
    ),
    Case(
        # 5 values: fewer than the 6 needed, so no limits, no rules, no icons, even with a target.
        "Five values are too few for limits: nothing is assessed",
        (9, 11, 9, 11, 9),
        "higher",
        "-----",
        "_____",
        (None,),
        None,
        target="12",
        assurance=None,
    ),
    Case(
        # 6 values: mean 10, MRs 5 x 2 over 5, mean MR 2, limits 15.32 and 4.68; trial limits (under 12).
        "Six values are enough for trial limits",
        (9, 11) * 3,
        "higher",
        "......",
        "......",
        (STEADY_LIMITS,),
        "common_cause",
        trial=True,
    ),
    Case(
        # 11 values (9 first and last): sum 109, mean 9.909091; MRs 10 x 2, mean MR 2; limits 15.229091 and
        # 4.589091. Under 12 values: trial limits.
        "Eleven values give trial limits",
        (9, 11) * 5 + (9,),
        "higher",
        "...........",
        "...........",
        (Limits("9.9091", "2.0000", "15.2291", "4.5891"),),
        "common_cause",
        trial=True,
    ),
    Case(
        "Twelve values give limits that are no longer trial limits",
        STEADY,
        "higher",
        "............",
        "............",
        (STEADY_LIMITS,),
        "common_cause",
        trial=False,
    ),
    Case(
        # The MDC Excel tool's figures for this series, as NHSRplotthedots' vignettes/deviations.Rmd prints them
        # (screen_outliers = FALSE): "UPL = 6.95, Mean = 1.94, LPL = -3.06". By hand: sum 35, mean 35/18 =
        # 1.944444; MRs 1, 1, 1, 8, 9, then 12 x 1 = 32 over 17, mean MR 1.882353; 2.66 x 32/17 = 5.007059:
        # limits 6.951503 and -3.062614. The 10 is outside: "a single blue special cause improvement point".
        "The Making Data Count Excel tool's published example gives its published limits",
        (1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1),
        "higher",
        "....O.............",
        "....+.............",
        (Limits("1.9444", "1.8824", "6.9515", "-3.0626"),),
        "common_cause",
    ),
]

# The assurance icon for STEADY (limits 15.32 and 4.68) by target and direction. Higher is better: a target above
# the upper limit is never reached (fail), below the lower limit always (pass). Lower is better: the reverse.
# A target on a limit, or between them, is inconsistent. No icon where neither direction is better or no target.
ASSURANCE = [
    ("16", "higher", "fail"),
    ("16", "lower", "pass"),
    ("4", "higher", "pass"),
    ("4", "lower", "fail"),
    ("10", "higher", "inconsistent"),
    ("10", "lower", "inconsistent"),
    ("15.32", "higher", "inconsistent"),
    ("15.3201", "higher", "fail"),
    ("4.68", "lower", "inconsistent"),
    ("4.6799", "lower", "fail"),
    ("16", "neutral", None),
    (None, "higher", None),
]
