"""Quality floors on the seed gold, the synthetic sets and the real corpus; nothing read from furniture."""

from __future__ import annotations

import pytest

from articles.extraction import extract

from .goldsets import KINDS, agreement, evaluate, load, table

SEED_FLOORS = {"actors": 0.9, "agreements": 0.8, "metrics": 0.9, "events": 0.8}
# The synthetic sets below were written to imitate outlets before the annotation guideline; their
# quotation "statement" events were removed to follow it (gold/CHANGES.md). Where they still read
# a figure's kind by an older convention (a pledge as "other", a projection as "target") the engine
# follows the guideline, so they are unit tests now, not the measure: what the engine reaches, less
# a margin.
HELDOUT_FLOORS = {"actors": 0.95, "agreements": 0.9, "metrics": 0.8, "events": 0.8}
FRESH_FLOORS = {"actors": 0.95, "agreements": 0.92, "metrics": 0.74, "events": 0.65}
BATCH7_FLOORS = {"actors": 0.92, "agreements": 0.7, "metrics": 0.7, "events": 0.88}
BATCH8_FLOORS = {"actors": 0.88, "agreements": 0.55, "metrics": 0.72, "events": 0.8}
# The real corpus the engine is developed on (tests/extraction/corpus, gold by readers who never saw
# the engine; first-run scores in docs/extraction.md): what it reaches now, less a margin, so that
# a rule written for one batch cannot quietly cost another.
REAL_FLOORS = {
    "dev": {"actors": 0.83, "agreements": 0.59, "metrics": 0.71, "events": 0.77},
    "batch-a": {"actors": 0.86, "agreements": 0.5, "metrics": 0.67, "events": 0.83},
    "batch-b": {"actors": 0.8, "agreements": 0.51, "metrics": 0.64, "events": 0.58},
    "batch-c": {"actors": 0.78, "agreements": 0.86, "metrics": 0.83, "events": 0.73},
    "batch-d": {"actors": 0.81, "agreements": 0.68, "metrics": 0.64, "events": 0.79},
    "batch-f": {"actors": 0.85, "agreements": 0.78, "metrics": 0.7, "events": 0.6},
    "batch-g": {"actors": 0.85, "agreements": 0.49, "metrics": 0.7, "events": 0.76},
    "batch-h": {"actors": 0.87, "agreements": 0.74, "metrics": 0.85, "events": 0.78},
    "batch-i": {"actors": 0.84, "agreements": 0.7, "metrics": 0.72, "events": 0.78},
    "batch-j": {"actors": 0.84, "agreements": 0.62, "metrics": 0.75, "events": 0.67},
    "batch-k": {"actors": 0.89, "agreements": 0.6, "metrics": 0.57, "events": 0.64},  # first run 0.705
    "batch-l": {"actors": 0.8, "agreements": 0.59, "metrics": 0.55, "events": 0.66},  # first run 0.682
    "batch-m": {"actors": 0.83, "agreements": 0.64, "metrics": 0.65, "events": 0.61},  # first run 0.654
    "batch-n": {"actors": 0.78, "agreements": 0.7, "metrics": 0.72, "events": 0.67},  # first run 0.709
    "batch-o": {"actors": 0.81, "agreements": 0.79, "metrics": 0.54, "events": 0.66},  # first run 0.655
    "batch-p": {"actors": 0.84, "agreements": 0.56, "metrics": 0.72, "events": 0.78},  # first run 0.699
    "batch-q": {"actors": 0.83, "agreements": 0.58, "metrics": 0.63, "events": 0.8},  # first run 0.698
    "batch-r": {"actors": 0.8, "agreements": 0.64, "metrics": 0.76, "events": 0.68},  # first run 0.728
    "batch-s": {"actors": 0.82, "agreements": 0.56, "metrics": 0.68, "events": 0.58},  # first run 0.626
    "batch-t": {"actors": 0.85, "agreements": 0.63, "metrics": 0.72, "events": 0.66},  # first run 0.726
    "batch-u": {"actors": 0.74, "agreements": 0.49, "metrics": 0.77, "events": 0.55},  # first run 0.660
    "batch-v": {"actors": 0.78, "agreements": 0.52, "metrics": 0.47, "events": 0.83},  # first run 0.654
    # (actors 0.78 -> 0.77: a Japanese name written surname first, "Ambassador ITO Naoki", is read given
    # name first, as the readers of eight other texts name such people; this reader kept the text's order)
    "batch-w": {"actors": 0.77, "agreements": 0.45, "metrics": 0.64, "events": 0.64},  # first run 0.650
    "batch-x": {"actors": 0.82, "agreements": 0.53, "metrics": 0.65, "events": 0.32},  # first run 0.581
    "batch-y": {"actors": 0.76, "agreements": 0.52, "metrics": 0.54, "events": 0.76},  # first run 0.668
    "batch-z": {"actors": 0.79, "agreements": 0.67, "metrics": 0.58, "events": 0.69},  # first run 0.700
    "batch-zz": {"actors": 0.77, "agreements": 0.55, "metrics": 0.55, "events": 0.8},  # first run 0.683
    "batch-aa": {"actors": 0.84, "agreements": 0.57, "metrics": 0.72, "events": 0.72},  # first run 0.736
    "batch-ab": {"actors": 0.82, "agreements": 0.49, "metrics": 0.8, "events": 0.56},  # first run 0.692
    "batch-ac": {"actors": 0.82, "agreements": 0.55, "metrics": 0.7, "events": 0.61},  # first run 0.601
    "batch-ad": {"actors": 0.76, "agreements": 0.62, "metrics": 0.58, "events": 0.86},  # first run 0.670
    "batch-ae": {"actors": 0.84, "agreements": 0.62, "metrics": 0.79, "events": 0.66},  # first run 0.720
    "batch-af": {"actors": 0.83, "agreements": 0.63, "metrics": 0.59, "events": 0.72},  # first run 0.682
    "batch-ag": {"actors": 0.76, "agreements": 0.58, "metrics": 0.54, "events": 0.75},  # first run 0.688
    "batch-ah": {"actors": 0.77, "agreements": 0.66, "metrics": 0.67, "events": 0.83},  # first run 0.738
    "batch-ai": {"actors": 0.8, "agreements": 0.52, "metrics": 0.68, "events": 0.71},  # first run 0.679
    "batch-aj": {"actors": 0.76, "agreements": 0.63, "metrics": 0.44, "events": 0.6},  # first run 0.634
    "batch-ak": {"actors": 0.83, "agreements": 0.61, "metrics": 0.69, "events": 0.61},  # first run 0.693
    "batch-al": {"actors": 0.82, "agreements": 0.49, "metrics": 0.72, "events": 0.73},  # first run 0.717
    "batch-am": {"actors": 0.78, "agreements": 0.57, "metrics": 0.64, "events": 0.8},  # first run 0.734
    "batch-an": {"actors": 0.76, "agreements": 0.56, "metrics": 0.69, "events": 0.72},  # first run 0.712
    "batch-ao": {"actors": 0.82, "agreements": 0.59, "metrics": 0.71, "events": 0.69},  # first run 0.733
    "batch-ap": {"actors": 0.82, "agreements": 0.59, "metrics": 0.58, "events": 0.73},  # first run 0.695
    "batch-aq": {"actors": 0.8, "agreements": 0.55, "metrics": 0.53, "events": 0.61},  # first run 0.655
    "batch-ar": {"actors": 0.83, "agreements": 0.59, "metrics": 0.58, "events": 0.79},  # first run 0.724
    "batch-as": {"actors": 0.72, "agreements": 0.65, "metrics": 0.61, "events": 0.61},  # first run 0.683
    "batch-at": {"actors": 0.75, "agreements": 0.68, "metrics": 0.7, "events": 0.58},  # first run 0.712
    "batch-au": {"actors": 0.73, "agreements": 0.54, "metrics": 0.58, "events": 0.61},  # first run 0.653
    "batch-av": {"actors": 0.7, "agreements": 0.61, "metrics": 0.49, "events": 0.58},  # first run 0.629
    "batch-aw": {"actors": 0.83, "agreements": 0.36, "metrics": 0.62, "events": 0.59},  # first run 0.632
    "batch-ax": {"actors": 0.68, "agreements": 0.63, "metrics": 0.39, "events": 0.57},  # first run 0.603
    "batch-ay": {"actors": 0.75, "agreements": 0.48, "metrics": 0.54, "events": 0.66},  # first run 0.642
    "batch-az": {"actors": 0.81, "agreements": 0.57, "metrics": 0.44, "events": 0.6},  # first run 0.643
    "batch-ba": {"actors": 0.78, "agreements": 0.36, "metrics": 0.37, "events": 0.68},  # first run 0.579
    "batch-bb": {"actors": 0.78, "agreements": 0.47, "metrics": 0.32, "events": 0.66},  # first run 0.577
    "batch-bc": {"actors": 0.84, "agreements": 0.79, "metrics": 0.77, "events": 0.91},  # first run 0.780
    "batch-bd": {"actors": 0.82, "agreements": 0.63, "metrics": 0.77, "events": 0.77},  # first run 0.735
    "batch-be": {"actors": 0.72, "agreements": 0.67, "metrics": 0.69, "events": 0.56},  # first run 0.636
    "batch-bf": {"actors": 0.79, "agreements": 0.7, "metrics": 0.74, "events": 0.59},  # first run 0.725
    "batch-bg": {"actors": 0.78, "agreements": 0.54, "metrics": 0.67, "events": 0.62},  # first run 0.688
    "batch-bh": {"actors": 0.82, "agreements": 0.62, "metrics": 0.7, "events": 0.7},  # first run 0.744
    "batch-bi": {"actors": 0.73, "agreements": 0.55, "metrics": 0.65, "events": 0.56},  # first run 0.657
    "batch-bj": {"actors": 0.82, "agreements": 0.67, "metrics": 0.69, "events": 0.7},  # first run 0.756
    "batch-bk": {"actors": 0.85, "agreements": 0.6, "metrics": 0.32, "events": 0.84},  # first run 0.688
    "batch-bl": {"actors": 0.75, "agreements": 0.61, "metrics": 0.61, "events": 0.43},  # first run 0.635
    "batch-bm": {"actors": 0.78, "agreements": 0.64, "metrics": 0.52, "events": 0.69},  # first run 0.692
    "batch-bn": {"actors": 0.71, "agreements": 0.49, "metrics": 0.52, "events": 0.47},  # first run 0.579
    "batch-bo": {"actors": 0.8, "agreements": 0.56, "metrics": 0.62, "events": 0.57},  # first run 0.674
    "batch-bp": {"actors": 0.77, "agreements": 0.73, "metrics": 0.63, "events": 0.59},  # first run 0.717
    "batch-bq": {"actors": 0.8, "agreements": 0.4, "metrics": 0.56, "events": 0.73},  # first run 0.658
    "batch-br": {"actors": 0.76, "agreements": 0.57, "metrics": 0.4, "events": 0.64},  # first run 0.631
    "batch-bs": {"actors": 0.8, "agreements": 0.59, "metrics": 0.51, "events": 0.56},  # first run 0.660
    # (metrics 0.52: its reader reads a current quota as the size of the arrangement, where three
    # readers of the corpus read "from the current $2 billion" as the level now)
    "batch-bt": {"actors": 0.74, "agreements": 0.59, "metrics": 0.52, "events": 0.69},  # first run 0.683
    "batch-bu": {"actors": 0.77, "agreements": 0.66, "metrics": 0.62, "events": 0.43},  # first run 0.667
    "batch-bv": {"actors": 0.8, "agreements": 0.74, "metrics": 0.6, "events": 0.61},  # first run 0.731
    "batch-bw": {"actors": 0.75, "agreements": 0.53, "metrics": 0.51, "events": 0.62},  # first run 0.649
    "batch-bx": {"actors": 0.83, "agreements": 0.7, "metrics": 0.5, "events": 0.74},  # first run 0.737
    "batch-by": {"actors": 0.79, "agreements": 0.62, "metrics": 0.57, "events": 0.61},  # first run 0.692
    "batch-bz": {"actors": 0.78, "agreements": 0.65, "metrics": 0.7, "events": 0.76},  # first run 0.764
    "batch-ca": {"actors": 0.84, "agreements": 0.66, "metrics": 0.57, "events": 0.66},  # first run 0.728
    "batch-cb": {"actors": 0.79, "agreements": 0.59, "metrics": 0.58, "events": 0.54},  # first run 0.669
    "batch-cc": {"actors": 0.84, "agreements": 0.65, "metrics": 0.58, "events": 0.62},  # first run 0.716
    "batch-cd": {"actors": 0.78, "agreements": 0.67, "metrics": 0.43, "events": 0.78},  # first run 0.708
    "batch-ce": {"actors": 0.74, "agreements": 0.55, "metrics": 0.47, "events": 0.7},  # first run 0.659
    "batch-cf": {"actors": 0.79, "agreements": 0.53, "metrics": 0.51, "events": 0.61},  # first run 0.654
    "batch-cg": {"actors": 0.78, "agreements": 0.62, "metrics": 0.66, "events": 0.73},  # first run 0.741
    "batch-ch": {"actors": 0.84, "agreements": 0.51, "metrics": 0.5, "events": 0.72},  # first run 0.690
    "batch-ci": {"actors": 0.79, "agreements": 0.51, "metrics": 0.56, "events": 0.59},  # first run 0.658
    "batch-cj": {"actors": 0.82, "agreements": 0.63, "metrics": 0.68, "events": 0.7},  # first run 0.754
    "batch-ck": {"actors": 0.81, "agreements": 0.56, "metrics": 0.6, "events": 0.65},  # first run 0.702
    "batch-cl": {"actors": 0.83, "agreements": 0.56, "metrics": 0.53, "events": 0.61},  # first run 0.676
    "batch-cm": {"actors": 0.78, "agreements": 0.62, "metrics": 0.65, "events": 0.65},  # first run 0.719
    "batch-cn": {"actors": 0.83, "agreements": 0.58, "metrics": 0.69, "events": 0.67},  # first run 0.738
    "batch-co": {"actors": 0.75, "agreements": 0.48, "metrics": 0.55, "events": 0.58},  # first run 0.632
    "batch-cp": {"actors": 0.75, "agreements": 0.68, "metrics": 0.66, "events": 0.55},  # first run 0.708
    "batch-cq": {"actors": 0.71, "agreements": 0.66, "metrics": 0.46, "events": 0.62},  # first run 0.657
    "batch-cr": {"actors": 0.82, "agreements": 0.47, "metrics": 0.72, "events": 0.66},  # first run 0.711
    "batch-cs": {"actors": 0.82, "agreements": 0.61, "metrics": 0.76, "events": 0.54},  # first run 0.724
    "batch-ct": {"actors": 0.77, "agreements": 0.63, "metrics": 0.52, "events": 0.7},  # first run 0.700
    "batch-cu": {"actors": 0.74, "agreements": 0.64, "metrics": 0.53, "events": 0.67},  # first run 0.688
    "batch-cv": {"actors": 0.77, "agreements": 0.6, "metrics": 0.42, "events": 0.6},  # first run 0.643
    "batch-cw": {"actors": 0.74, "agreements": 0.65, "metrics": 0.56, "events": 0.66},  # first run 0.699
    # (four figures in its gold, none read)
    "batch-cx": {"actors": 0.77, "agreements": 0.38, "metrics": 0.0, "events": 0.58},  # first run 0.466
    "batch-cy": {"actors": 0.81, "agreements": 0.64, "metrics": 0.52, "events": 0.55},  # first run 0.674
    "batch-cz": {"actors": 0.79, "agreements": 0.53, "metrics": 0.51, "events": 0.64},  # first run 0.662
    "batch-da": {"actors": 0.78, "agreements": 0.51, "metrics": 0.64, "events": 0.62},  # first run 0.684
    "batch-db": {"actors": 0.69, "agreements": 0.72, "metrics": 0.58, "events": 0.53},  # first run 0.679
    "batch-dc": {"actors": 0.77, "agreements": 0.48, "metrics": 0.4, "events": 0.44},  # first run 0.566
    "batch-dd": {"actors": 0.76, "agreements": 0.59, "metrics": 0.61, "events": 0.69},  # first run 0.705
    "batch-de": {"actors": 0.65, "agreements": 0.5, "metrics": 0.73, "events": 0.46},  # first run 0.630
    "batch-df": {"actors": 0.77, "agreements": 0.6, "metrics": 0.62, "events": 0.65},  # first run 0.704
    "batch-dg": {"actors": 0.72, "agreements": 0.63, "metrics": 0.66, "events": 0.65},  # first run 0.709
    "batch-dh": {"actors": 0.7, "agreements": 0.63, "metrics": 0.44, "events": 0.59},  # first run 0.634
    "batch-di": {"actors": 0.77, "agreements": 0.72, "metrics": 0.53, "events": 0.63},  # first run 0.707
    "batch-dj": {"actors": 0.73, "agreements": 0.56, "metrics": 0.44, "events": 0.54},  # first run 0.613
    "batch-dk": {"actors": 0.76, "agreements": 0.59, "metrics": 0.29, "events": 0.41},  # first run 0.555
    "batch-dl": {"actors": 0.75, "agreements": 0.54, "metrics": 0.4, "events": 0.64},  # first run 0.627
    "batch-dm": {"actors": 0.77, "agreements": 0.52, "metrics": 0.37, "events": 0.61},  # first run 0.612
    "batch-dn": {"actors": 0.76, "agreements": 0.64, "metrics": 0.53, "events": 0.69},  # first run 0.697
    "batch-do": {"actors": 0.74, "agreements": 0.54, "metrics": 0.71, "events": 0.7},  # first run 0.717
    "batch-dp": {"actors": 0.73, "agreements": 0.57, "metrics": 0.72, "events": 0.44},  # first run 0.659
    "batch-dq": {"actors": 0.75, "agreements": 0.6, "metrics": 0.52, "events": 0.75},  # first run 0.699
    "batch-dr": {"actors": 0.8, "agreements": 0.55, "metrics": 0.39, "events": 0.65},  # first run 0.643
    "batch-ds": {"actors": 0.76, "agreements": 0.59, "metrics": 0.44, "events": 0.71},  # first run 0.671
    "batch-dt": {"actors": 0.82, "agreements": 0.61, "metrics": 0.56, "events": 0.69},  # first run 0.716
    "batch-du": {"actors": 0.82, "agreements": 0.55, "metrics": 0.62, "events": 0.66},  # first run 0.707
    "batch-dv": {"actors": 0.77, "agreements": 0.42, "metrics": 0.55, "events": 0.71},  # first run 0.658
    "batch-dw": {"actors": 0.8, "agreements": 0.63, "metrics": 0.65, "events": 0.47},  # first run 0.683
    "batch-dx": {"actors": 0.8, "agreements": 0.6, "metrics": 0.47, "events": 0.65},  # first run 0.677
    "batch-dy": {"actors": 0.79, "agreements": 0.56, "metrics": 0.67, "events": 0.51},  # first run 0.678
    "batch-dz": {"actors": 0.75, "agreements": 0.6, "metrics": 0.55, "events": 0.68},  # first run 0.691
    "batch-ea": {"actors": 0.74, "agreements": 0.42, "metrics": 0.6, "events": 0.74},  # first run 0.668
    "batch-eb": {"actors": 0.75, "agreements": 0.59, "metrics": 0.42, "events": 0.66},  # first run 0.648
    "batch-ec": {"actors": 0.75, "agreements": 0.73, "metrics": 0.5, "events": 0.66},  # first run 0.703
    "batch-ed": {"actors": 0.71, "agreements": 0.54, "metrics": 0.43, "events": 0.67},  # first run 0.631
    "batch-ee": {"actors": 0.81, "agreements": 0.7, "metrics": 0.68, "events": 0.73},  # first run 0.773
    "batch-ef": {"actors": 0.83, "agreements": 0.66, "metrics": 0.58, "events": 0.8},  # first run 0.763
    "batch-eg": {"actors": 0.8, "agreements": 0.58, "metrics": 0.59, "events": 0.71},  # first run 0.715
    "batch-eh": {"actors": 0.77, "agreements": 0.48, "metrics": 0.58, "events": 0.54},  # first run 0.639
    "batch-ei": {"actors": 0.76, "agreements": 0.58, "metrics": 0.26, "events": 0.66},  # first run 0.611
    "batch-ej": {"actors": 0.76, "agreements": 0.66, "metrics": 0.5, "events": 0.6},  # first run 0.675
    "batch-ek": {"actors": 0.79, "agreements": 0.62, "metrics": 0.59, "events": 0.64},  # first run 0.705
    "batch-el": {"actors": 0.8, "agreements": 0.52, "metrics": 0.62, "events": 0.68},  # first run 0.701
    "batch-em": {"actors": 0.75, "agreements": 0.6, "metrics": 0.65, "events": 0.64},  # first run 0.701
    "batch-en": {"actors": 0.72, "agreements": 0.66, "metrics": 0.54, "events": 0.62},  # first run 0.682
    "batch-eo": {"actors": 0.76, "agreements": 0.66, "metrics": 0.43, "events": 0.59},  # first run 0.654
    "batch-ep": {"actors": 0.84, "agreements": 0.54, "metrics": 0.36, "events": 0.74},  # first run 0.664
    "batch-eq": {"actors": 0.74, "agreements": 0.67, "metrics": 0.69, "events": 0.56},  # first run 0.708
    "batch-er": {"actors": 0.75, "agreements": 0.5, "metrics": 0.4, "events": 0.65},  # first run 0.618
    "batch-es": {"actors": 0.81, "agreements": 0.67, "metrics": 0.5, "events": 0.67},  # first run 0.705
    "batch-et": {"actors": 0.82, "agreements": 0.55, "metrics": 0.51, "events": 0.8},  # first run 0.716
    "batch-eu": {"actors": 0.77, "agreements": 0.58, "metrics": 0.55, "events": 0.64},  # first run 0.678
    "batch-ew": {"actors": 0.96, "agreements": 0.96, "metrics": 0.0, "events": 0.76},  # first run 0.700
    # events 0.70: Roman Babushkin, now read by his given name, speaks of "dialogue" in a quote (a meeting)
    "batch-ex": {"actors": 0.76, "agreements": 0.47, "metrics": 0.55, "events": 0.7},  # first run 0.667
    "batch-ez": {"actors": 0.78, "agreements": 0.5, "metrics": 0.62, "events": 0.62},  # first run 0.677
    "batch-fa": {"actors": 0.76, "agreements": 0.53, "metrics": 0.59, "events": 0.54},  # first run 0.648
    "batch-fb": {"actors": 0.84, "agreements": 0.7, "metrics": 0.68, "events": 0.67},  # first run 0.765
    "batch-fc": {"actors": 0.87, "agreements": 0.72, "metrics": 0.71, "events": 0.71},  # first run 0.794
    "batch-fd": {"actors": 0.8, "agreements": 0.58, "metrics": 0.62, "events": 0.68},  # first run 0.717
    "batch-fe": {"actors": 0.79, "agreements": 0.63, "metrics": 0.63, "events": 0.72},  # first run 0.738
    "batch-ff": {"actors": 0.86, "agreements": 0.65, "metrics": 0.66, "events": 0.69},  # first run 0.761
    "batch-fg": {"actors": 0.7, "agreements": 0.59, "metrics": 0.59, "events": 0.5},  # first run 0.640
    "batch-fh": {"actors": 0.81, "agreements": 0.43, "metrics": 0.5, "events": 0.67},  # first run 0.648
    "batch-fi": {"actors": 0.69, "agreements": 0.64, "metrics": 0.26, "events": 0.58},  # first run 0.588
    "batch-fj": {"actors": 0.71, "agreements": 0.64, "metrics": 0.4, "events": 0.53},  # first run 0.616
    "batch-fk": {"actors": 0.74, "agreements": 0.64, "metrics": 0.69, "events": 0.61},  # first run 0.715
    "batch-fl": {"actors": 0.85, "agreements": 0.4, "metrics": 0.65, "events": 0.41},  # first run 0.621
    "batch-fm": {"actors": 0.76, "agreements": 0.64, "metrics": 0.68, "events": 0.64},  # first run 0.723
    "batch-fn": {"actors": 0.73, "agreements": 0.64, "metrics": 0.62, "events": 0.37},  # first run 0.637
    "batch-fo": {"actors": 0.79, "agreements": 0.39, "metrics": 0.61, "events": 0.51},  # first run 0.621
    "batch-fp": {"actors": 0.76, "agreements": 0.55, "metrics": 0.57, "events": 0.71},  # first run 0.692
    "batch-fq": {"actors": 0.74, "agreements": 0.56, "metrics": 0.4, "events": 0.52},  # first run 0.602
    "batch-fr": {"actors": 0.74, "agreements": 0.64, "metrics": 0.55, "events": 0.56},  # first run 0.671
    "batch-fs": {"actors": 0.8, "agreements": 0.55, "metrics": 0.46, "events": 0.76},  # first run 0.691
    "batch-ft": {"actors": 0.71, "agreements": 0.61, "metrics": 0.66, "events": 0.55},  # first run 0.679
    "batch-fu": {"actors": 0.72, "agreements": 0.12, "metrics": 0.46, "events": 0.5},  # first run 0.495
    "batch-fv": {"actors": 0.74, "agreements": 0.68, "metrics": 0.51, "events": 0.18},  # first run 0.570
    "batch-fw": {"actors": 0.79, "agreements": 0.59, "metrics": 0.63, "events": 0.51},  # first run 0.675
    "batch-fx": {"actors": 0.82, "agreements": 0.41, "metrics": 0.68, "events": 0.68},  # first run 0.691
    "batch-fy": {"actors": 0.75, "agreements": 0.6, "metrics": 0.45, "events": 0.49},  # first run 0.617
    "batch-fz": {"actors": 0.78, "agreements": 0.54, "metrics": 0.55, "events": 0.53},  # first run 0.645
    "batch-ga": {"actors": 0.72, "agreements": 0.55, "metrics": 0.53, "events": 0.26},  # first run 0.562
    "batch-gb": {"actors": 0.69, "agreements": 0.47, "metrics": 0.46, "events": 0.51},  # first run 0.576
    "batch-gc": {"actors": 0.82, "agreements": 0.69, "metrics": 0.55, "events": 0.63},  # first run 0.717
    "batch-gd": {"actors": 0.7, "agreements": 0.64, "metrics": 0.67, "events": 0.6},  # first run 0.699
    "batch-ge": {"actors": 0.76, "agreements": 0.69, "metrics": 0.61, "events": 0.55},  # first run 0.697
    "batch-gf": {"actors": 0.79, "agreements": 0.61, "metrics": 0.6, "events": 0.66},  # first run 0.708
    "batch-gg": {"actors": 0.84, "agreements": 0.62, "metrics": 0.51, "events": 0.66},  # first run 0.701
    "batch-gh": {"actors": 0.74, "agreements": 0.59, "metrics": 0.68, "events": 0.43},  # first run 0.652
    "batch-gi": {"actors": 0.74, "agreements": 0.58, "metrics": 0.58, "events": 0.52},  # first run 0.648
    "batch-gj": {"actors": 0.81, "agreements": 0.68, "metrics": 0.6, "events": 0.64},  # first run 0.726
    "batch-gk": {"actors": 0.82, "agreements": 0.55, "metrics": 0.6, "events": 0.66},  # first run 0.701
    "batch-gl": {"actors": 0.79, "agreements": 0.3, "metrics": 0.57, "events": 0.6},  # first run 0.609
    "batch-gm": {"actors": 0.8, "agreements": 0.68, "metrics": 0.56, "events": 0.72},  # first run 0.732
    "batch-gn": {"actors": 0.78, "agreements": 0.65, "metrics": 0.43, "events": 0.79},  # first run 0.707
    "batch-go": {"actors": 0.75, "agreements": 0.61, "metrics": 0.79, "events": 0.62},  # first run 0.739
    "batch-gp": {"actors": 0.8, "agreements": 0.54, "metrics": 0.79, "events": 0.52},  # first run 0.707
    "batch-gq": {"actors": 0.76, "agreements": 0.55, "metrics": 0.5, "events": 0.68},  # first run 0.670
    "batch-gr": {"actors": 0.78, "agreements": 0.56, "metrics": 0.54, "events": 0.72},  # first run 0.694
    "batch-gs": {"actors": 0.8, "agreements": 0.69, "metrics": 0.74, "events": 0.64},  # first run 0.765
    "batch-gt": {"actors": 0.83, "agreements": 0.48, "metrics": 0.73, "events": 0.76},  # first run 0.744
    "batch-gu": {"actors": 0.79, "agreements": 0.56, "metrics": 0.52, "events": 0.69},  # first run 0.684
    "batch-gv": {"actors": 0.77, "agreements": 0.59, "metrics": 0.38, "events": 0.76},  # first run 0.670
    "batch-gw": {"actors": 0.8, "agreements": 0.58, "metrics": 0.48, "events": 0.55},  # first run 0.647
    "batch-gx": {"actors": 0.8, "agreements": 0.58, "metrics": 0.56, "events": 0.57},  # first run 0.673
    "batch-gy": {"actors": 0.72, "agreements": 0.68, "metrics": 0.58, "events": 0.83},  # first run 0.746
    "batch-gz": {"actors": 0.76, "agreements": 0.52, "metrics": 0.68, "events": 0.64},  # first run 0.693
    "batch-ha": {"actors": 0.76, "agreements": 0.59, "metrics": 0.34, "events": 0.69},  # first run 0.641
    "batch-hb": {"actors": 0.78, "agreements": 0.68, "metrics": 0.46, "events": 0.6},  # first run 0.674
    "batch-hc": {"actors": 0.75, "agreements": 0.71, "metrics": 0.92, "events": 0.71},  # first run 0.818
    # Never developed on: what rules written for other texts have brought it to (0.770), less a margin,
    # so that none of them is lost (docs/extraction.md). Its metrics 0.833 -> 0.796 with the metric model,
    # which lifts every round of unseen text it was judged on (docs/extraction.md, "The metric model").
    "real-heldout": {"actors": 0.82, "agreements": 0.62, "metrics": 0.78, "events": 0.71},  # first run 0.633
}


SYNTHETIC_FLOORS = {
    "seed": SEED_FLOORS,
    "heldout": HELDOUT_FLOORS,
    "fresh": FRESH_FLOORS,
    "batch7": BATCH7_FLOORS,
    "batch8": BATCH8_FLOORS,
}
FLOORS = {**SYNTHETIC_FLOORS, **REAL_FLOORS}


@pytest.fixture(scope="module")
def scores() -> dict[str, dict]:
    """Each set's scores, worked out once for the module."""
    return {name: evaluate(name) for name in FLOORS}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_floors(scores: dict[str, dict], name: str) -> None:
    print("\n" + table(name, scores[name]))
    for kind in KINDS:
        assert scores[name][kind]["f1"] >= FLOORS[name][kind], (kind, scores[name][kind])


# Sentences of the real corpus that gold lists as negatives and the engine still reads: one-country
# figures and plans ("India's Gaganyaan project ... is expected to take place"), never furniture.
# Pinned so that the count can only fall. (Sentence models retrained on 87 sets, December 2026: eight
# sets fell by nine; batch-y and batch-bh rose by one each, a one-country project proposed and an
# agreement read from a sentence whose gold lists it as evidence inside a negative, an embedded tweet.)
REAL_NEGATIVES_READ = {
    "dev": 0,
    "batch-a": 1,
    "batch-b": 2,
    "batch-c": 0,
    "batch-d": 1,
    "batch-f": 0,
    "batch-g": 2,
    "batch-h": 0,
    "batch-i": 0,
    "batch-j": 2,
    "batch-k": 0,
    "batch-l": 10,
    "batch-m": 1,
    "batch-n": 0,
    "batch-o": 1,
    "batch-p": 2,
    "batch-q": 1,
    "batch-r": 1,
    "batch-s": 3,
    "batch-t": 0,
    "batch-u": 2,
    "batch-v": 0,
    "batch-w": 2,  # (the ambassador named in a quotation the reader listed as a negative: see the floors)
    "batch-x": 3,
    "batch-y": 9,
    "batch-z": 1,
    "batch-zz": 1,
    "batch-aa": 4,
    "batch-ab": 0,
    "batch-ac": 1,
    "batch-ad": 2,
    "batch-ae": 4,
    "batch-af": 6,
    "batch-ag": 6,
    "batch-ah": 4,
    "batch-ai": 3,
    "batch-aj": 4,
    "batch-ak": 0,
    "batch-al": 3,
    "batch-am": 0,
    "batch-an": 1,
    "batch-ao": 5,
    "batch-ap": 4,
    "batch-aq": 4,
    "batch-ar": 3,
    "batch-as": 1,
    "batch-at": 2,
    "batch-au": 2,
    "batch-av": 5,
    "batch-aw": 8,
    "batch-ax": 3,
    "batch-ay": 5,
    "batch-az": 4,
    "batch-ba": 6,
    "batch-bb": 6,
    "batch-bc": 1,
    "batch-bd": 4,
    "batch-be": 6,
    "batch-bf": 0,
    "batch-bg": 1,
    "batch-bh": 6,
    "batch-bi": 12,
    "batch-bj": 4,
    "batch-bk": 8,
    "batch-bl": 7,
    "batch-bm": 3,
    "batch-bn": 4,
    "batch-bo": 7,
    "batch-bp": 3,
    "batch-bq": 14,
    "batch-br": 8,
    "batch-bs": 4,
    "batch-bt": 10,
    "batch-bu": 0,
    "batch-bv": 2,
    "batch-bw": 7,
    "batch-bx": 4,
    "batch-by": 3,
    "batch-bz": 1,
    "batch-ca": 3,
    "batch-cb": 4,
    "batch-cc": 3,
    "batch-cd": 5,
    "batch-ce": 1,
    "batch-cf": 2,
    "batch-cg": 3,
    "batch-ch": 1,
    "batch-ci": 7,
    "batch-cj": 1,
    "batch-ck": 2,
    "batch-cl": 6,
    "batch-cm": 1,
    "batch-cn": 0,
    "batch-co": 3,
    "batch-cp": 1,
    "batch-cq": 5,
    "batch-cr": 1,
    "batch-cs": 2,
    "batch-ct": 3,
    "batch-cu": 0,
    "batch-cv": 0,
    "batch-cw": 4,
    "batch-cx": 2,
    "batch-cy": 3,
    "batch-cz": 10,
    "batch-da": 1,
    "batch-db": 0,
    "batch-dc": 7,
    "batch-dd": 1,
    "batch-de": 1,
    "batch-df": 7,
    "batch-dg": 4,
    "batch-dh": 5,
    "batch-di": 2,
    "batch-dj": 8,
    "batch-dk": 1,
    "batch-dl": 10,
    "batch-dm": 7,
    "batch-dn": 4,
    "batch-do": 3,
    "batch-dp": 0,
    "batch-dq": 5,
    "batch-dr": 7,
    "batch-ds": 4,
    "batch-dt": 6,
    "batch-du": 9,
    "batch-dv": 4,
    "batch-dw": 6,
    "batch-dx": 8,
    "batch-dy": 8,
    "batch-dz": 0,
    "batch-ea": 0,
    "batch-eb": 2,
    "batch-ec": 1,
    "batch-ed": 7,
    "batch-ee": 2,
    "batch-ef": 4,
    "batch-eg": 1,
    "batch-eh": 8,
    "batch-ei": 3,
    "batch-ej": 7,
    "batch-ek": 3,
    "batch-el": 2,
    "batch-em": 4,
    "batch-en": 6,
    "batch-eo": 8,
    "batch-ep": 10,
    "batch-eq": 4,
    "batch-er": 0,
    "batch-es": 5,
    "batch-et": 5,
    "batch-eu": 1,
    "batch-ew": 0,
    "batch-ex": 2,
    "batch-ez": 2,
    "batch-fa": 2,
    "batch-fb": 0,
    "batch-fc": 1,
    # one more since an agreement no deal noun names is proposed: "SBI is willing to work with Russian banks
    # ... to open a special rupee vostro account", a plan of one side the readers list as a negative
    "batch-fd": 5,
    "batch-fe": 4,
    "batch-ff": 2,
    "batch-fg": 4,
    "batch-fh": 1,
    "batch-fi": 3,
    "batch-fj": 4,
    "batch-fk": 0,
    "batch-fl": 11,
    "batch-fm": 0,
    "batch-fn": 10,
    "batch-fo": 7,
    "batch-fp": 5,
    "batch-fq": 1,
    "batch-fr": 2,
    "batch-fs": 4,
    "batch-ft": 7,
    "batch-fu": 1,
    "batch-fv": 2,
    "batch-fw": 0,
    "batch-fx": 5,
    "batch-fy": 6,
    "batch-fz": 1,
    "batch-ga": 6,
    "batch-gb": 1,
    "batch-gc": 7,
    "batch-gd": 0,
    "batch-ge": 3,
    "batch-gf": 5,
    "batch-gg": 2,
    "batch-gh": 2,
    "batch-gi": 7,
    "batch-gj": 1,
    "batch-gk": 1,
    "batch-gl": 1,
    "batch-gm": 7,
    "batch-gn": 8,
    "batch-go": 0,
    "batch-gp": 2,
    "batch-gq": 2,
    "batch-gr": 3,
    "batch-gs": 5,
    "batch-gt": 5,
    "batch-gu": 6,
    "batch-gv": 1,
    "batch-gw": 0,
    "batch-gx": 2,
    "batch-gy": 13,
    "batch-gz": 3,
    "batch-ha": 5,
    "batch-hb": 1,
    "batch-hc": 1,
    "real-heldout": 4,
}


@pytest.mark.parametrize("name", sorted(SYNTHETIC_FLOORS))
def test_reads_nothing_from_negatives(scores: dict[str, dict], name: str) -> None:
    assert scores[name]["negatives_hit"] == []


@pytest.mark.parametrize("name", sorted(REAL_FLOORS))
def test_real_negatives_read_only_fall(scores: dict[str, dict], name: str) -> None:
    assert len(scores[name]["negatives_hit"]) <= REAL_NEGATIVES_READ[name], scores[name]["negatives_hit"]


@pytest.mark.parametrize("name", sorted(SYNTHETIC_FLOORS))
def test_title_date_and_pair_match_gold(name: str) -> None:
    for text, gold in load(name):
        reading = extract(text).to_contract(gold["document"])
        for key in ("title", "published", "relationship"):
            assert reading[key] == gold[key], (gold["document"], key, reading[key])


@pytest.mark.parametrize("name", ["batch-p", "batch-u"])
def test_two_blind_readers_agree_well_above_the_goal(name: str) -> None:
    """Batches read twice, blind, from the guideline alone: the gold is consistent enough to
    measure against (docs/extraction.md, "How far two readers agree")."""
    result = agreement(name)
    print("\n" + table(f"{name}, second reading", result))
    assert all(result[kind]["f1"] >= 0.85 for kind in KINDS), {k: result[k]["f1"] for k in KINDS}
