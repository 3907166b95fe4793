"""The learned layer: features on candidates, the metric model file, the training command."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.extraction import extract
from articles.extraction.learned import FORMAT, LinearModel, metric_features, metric_model, read_metrics_again

CORPUS = Path(__file__).resolve().parent / "corpus"
PUBLISHED = dt.date(2025, 3, 1)
TEXT = (
    "India and Russia aim to raise bilateral trade to $100 billion by 2030. "
    "Trade between India and Russia reached $68.7 billion in 2024."
)


def _model(tmp_path: Path, **overrides) -> Path:
    data = {
        "format": FORMAT,
        "version": "test",
        "classes": ["actual", "none", "other", "target"],
        "bias": [0.0, -2.0, 0.0, 0.0],
        # "reached" right before a figure says it happened; a capacity is no figure of the pair.
        "weights": {"L1=reached": [4.0, 0.0, 0.0, 0.0], "S:capacity": [0.0, 8.0, 0.0, 0.0]},
        "threshold": 0.8,
        "drop_threshold": 0.9,
    }
    data.update(overrides)
    path = tmp_path / "model.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_every_figure_read_from_a_clause_carries_the_rule_that_decided_its_kind() -> None:
    metrics = extract(TEXT, published=PUBLISHED).metrics
    cues = {m.reading.figure.text: m.reading.cue for m in metrics}
    assert cues == {"$100 billion": "goal", "$68.7 billion": "measured"}
    target = metrics[0]
    assert target.reading.clause.text in TEXT and "$100 billion" in target.reading.clause.text


def test_features_name_the_cue_the_rules_kind_and_the_words_next_to_the_figure() -> None:
    actual = extract(TEXT, published=PUBLISHED, models=False).metrics[1]
    features = metric_features(actual, PUBLISHED)
    assert {"cue=measured", "rule=actual", "unit=money", "L1=reached", "R1=in", "period=past"} <= set(features)


def test_features_take_the_sentences_lower_case_words_and_no_name_or_number() -> None:
    actual = extract(TEXT, published=PUBLISHED, models=False).metrics[1]
    sentence_words = {name for name in metric_features(actual, PUBLISHED) if name.startswith("S:")}
    # "Trade" opens the sentence and "India", "Russia" are names: a model would learn the corpus's pairs.
    assert sentence_words == {"S:between", "S:and", "S:reached", "S:billion", "S:in"}


def test_a_confident_model_relabels_and_an_unsure_one_leaves_the_rules_kind(tmp_path) -> None:
    metrics = extract(TEXT, published=PUBLISHED, models=False).metrics
    for m in metrics:
        m.kind = "other"  # as if the rules had read both figures wrong
    read_metrics_again(metrics, PUBLISHED, LinearModel.from_file(_model(tmp_path)))
    # Only the figure after "reached" has evidence strong enough (p > 0.8) to move.
    assert [m.kind for m in metrics] == ["other", "actual"]
    unsure = LinearModel.from_file(_model(tmp_path, threshold=0.999))
    for m in metrics:
        m.kind = "other"
    read_metrics_again(metrics, PUBLISHED, unsure)
    assert [m.kind for m in metrics] == ["other", "other"]


def test_a_figure_the_model_reads_as_none_is_dropped_only_past_its_threshold(tmp_path) -> None:
    text = TEXT + " The refinery has a capacity of $20 billion a year, India and Russia said."
    metrics = extract(text, published=PUBLISHED, models=False).metrics
    assert [str(m.value) for m in metrics][-1] == "20000000000"
    kept = read_metrics_again(list(metrics), PUBLISHED, LinearModel.from_file(_model(tmp_path)))
    assert [m.value for m in kept] == [m.value for m in metrics[:-1]]
    never = LinearModel.from_file(_model(tmp_path, drop_threshold=1.01))
    assert len(read_metrics_again(list(metrics), PUBLISHED, never)) == len(metrics)


def test_the_engine_applies_the_shipped_model_and_the_rules_alone_skip_it() -> None:
    model = metric_model()
    assert model is not None and "none" in model.classes  # docs/extraction.md: the metric model
    rules = extract(TEXT, published=PUBLISHED, models=False).metrics
    kept = read_metrics_again(extract(TEXT, published=PUBLISHED, models=False).metrics, PUBLISHED, model)
    engine = extract(TEXT, published=PUBLISHED).metrics
    assert [(m.value, m.kind) for m in engine] == [(m.value, m.kind) for m in kept]
    assert [m.reading.cue for m in rules] == ["goal", "measured"]


def test_a_model_file_of_another_layout_or_unreadable_is_ignored(tmp_path) -> None:
    assert LinearModel.from_file(_model(tmp_path, format=FORMAT + 1)) is None
    assert LinearModel.from_file(tmp_path / "missing.json") is None
    assert LinearModel.from_file(_model(tmp_path, drop_threshold=None)) is None  # a field of the wrong type
    assert LinearModel.from_file(_model(tmp_path, bias=[0.0, 0.0])) is None  # weights that fit no class
    (tmp_path / "list.json").write_text("[2]", encoding="utf-8")
    assert LinearModel.from_file(tmp_path / "list.json") is None
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    assert LinearModel.from_file(tmp_path / "broken.json") is None
    metrics = extract(TEXT, published=PUBLISHED, models=False).metrics
    assert read_metrics_again(metrics, PUBLISHED, None) == metrics


def test_training_compares_with_the_rules_on_left_out_sets_and_writes_a_loadable_model(tmp_path) -> None:
    corpus = tmp_path / "corpus"
    for name in ("batch-f", "batch-g"):
        shutil.copytree(CORPUS / name, corpus / name)
    output = tmp_path / "metric_model.json"
    from io import StringIO

    out = StringIO()
    call_command("train_extraction", corpus=corpus, write=True, output=output, stdout=out)
    assert "left-out sets, metrics F1: the rules" in out.getvalue()
    model = LinearModel.from_file(output)
    assert model is not None and set(model.classes) <= {"actual", "target", "other", "none"}
    saved = json.loads(output.read_text(encoding="utf-8"))
    assert set(saved["trained_on"]) == {"batch-f", "batch-g"}
    assert 0.5 <= saved["threshold"] <= 0.8 and 0.5 <= saved["drop_threshold"] <= 1.01
    probabilities = model.probabilities({"cue=goal": 1.0, "rule=target": 1.0})
    assert abs(sum(probabilities.values()) - 1) < 1e-9


def test_training_refuses_a_folder_without_sets(tmp_path) -> None:
    with pytest.raises(CommandError, match="No sets"):
        call_command("train_extraction", corpus=tmp_path)


def test_training_names_a_gold_file_whose_article_is_missing(tmp_path) -> None:
    for name in ("one", "two"):
        (tmp_path / name / "articles").mkdir(parents=True)
        (tmp_path / name / "gold").mkdir()
        (tmp_path / name / "gold" / "a.json").write_text('{"document": "gone.txt"}', encoding="utf-8")
    with pytest.raises(CommandError, match=r"Cannot read gold .*a\.json"):
        call_command("train_extraction", corpus=tmp_path)
