"""Translate: sentences → English, through a `Translator` backend.

The stage function `translate_articles` is backend-neutral and batch-first (CTranslate2
style): it gathers the sentences of many articles, drops duplicates, leaves sentences
that are not in the source language untouched, splits inputs longer than the model's
limit at clause boundaries (never truncating), and hands one list to the backend, which
sorts by length and batches by a token budget.

`MarianTranslator` is the transformers backend (MarianMTModel + MarianTokenizer), the
default. `toolkit.translate.ctranslate2.CTranslate2Translator` is the optional fast backend
(`pip install .[fast]`). `load_translator` picks one by name; the pipeline calls it.
"""

from __future__ import annotations

import html
import logging
import os
import re
import socket
import warnings
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Optional, Protocol, Sequence
from urllib.parse import urlparse

from toolkit.document import Article, ModelInfo
from toolkit.errors import ModelUnavailableError
from toolkit.lang import profile
from toolkit.lang.guess import guess_language
from toolkit.translate.threads import THREAD_COUNT_ENVS, available_cores, prefer_passive_waiting

log = logging.getLogger(__name__)

ProgressCallback = Callable[[int], None]

FLAG_SPLIT = "split_for_length"
FLAG_LENGTH_LIMIT = "length_limit_reached"
FLAG_NOT_SOURCE = "not_source_language"
FLAG_NO_WORDS = "no_words"


@dataclass(frozen=True)
class TranslationOptions:
    beam: int = 4
    max_batch_tokens: int = 4096  # padded tokens (longest × count) per batch
    max_batch_size: int = 32
    device: str = "auto"  # auto | cpu | cuda | cuda:N
    max_input_tokens: int = 256  # longer inputs are split at clause boundaries
    revision: Optional[str] = None
    backend: str = "transformers"  # transformers | ctranslate2 (see BACKENDS)
    threads: int = 0  # CPU threads for the model; 0 = the cores this process may use
    # CTranslate2 only: "auto" = int8 on CPU, float16 on CUDA (its documented default
    # here, see docs/performance.md); "float32" keeps the model's own precision. The
    # transformers backend never quantizes.
    ct2_compute_type: str = "auto"
    # CTranslate2 on CPU only: batches decoded at once, each worker using threads /
    # workers cores. 0 = auto (one worker per thread, at most 4). Small batches use
    # several cores poorly, so parallel single-threaded workers decode more per second
    # (docs/performance.md); the model weights are shared, not copied.
    ct2_workers: int = 0


@dataclass(frozen=True)
class TranslationOutput:
    text: str
    flags: tuple[str, ...] = ()


class TranslationCache(Protocol):
    """Hook for the sentence-level cache (batch issue): model inputs → outputs.

    Keys are the exact model inputs; an implementation must key its storage by the
    translator's name, revision and options too, since outputs depend on them.
    """

    def lookup(self, translator: "Translator", texts: Sequence[str]) -> dict[str, "TranslationOutput"]: ...

    def store(self, translator: "Translator", outputs: dict[str, "TranslationOutput"]) -> None: ...


class Translator(Protocol):
    """What the stage needs from a backend. Batch in, batch out, order preserved."""

    name: str
    revision: Optional[str]
    options: TranslationOptions

    def count_tokens(self, text: str) -> int: ...

    def translate_batch(self, texts: Sequence[str], progress: Optional[ProgressCallback] = None) -> list[TranslationOutput]: ...


# --- pure helpers -------------------------------------------------------------------

_ENTITY = re.compile(r"&(?:quot|apos|amp|lt|gt|#\d+|#x[0-9a-fA-F]+);")
_SPACES = re.compile(r"\s+")


def normalise_output(text: str) -> str:
    """opus-mt models emit `&quot;`/`&apos;` learnt from web data: turn them back."""
    return _ENTITY.sub(lambda m: html.unescape(m.group()), text).strip()


def model_input(text: str) -> str:
    """The sentence as the model sees it: one line, single spaces."""
    return _SPACES.sub(" ", text).strip()


def split_for_length(text: str, count_tokens: Callable[[str], int], limit: int, clause_openers: Sequence[str] = ()) -> list[str]:
    """Split `text` into pieces of at most `limit` tokens, at the best boundary available.

    Preference: after ; : — or a comma, then before a clause-opening word, then any space
    nearest the middle, then (a run of characters with no space) the middle itself.
    Joining the pieces with single spaces gives back the text (modulo whitespace).
    """
    if count_tokens(text) <= limit or len(text) < 2:
        return [text]
    middle = len(text) // 2
    candidates: list[tuple[int, int]] = []  # (priority, position)
    for m in re.finditer(r"[;:—–]\s", text):
        candidates.append((0, m.end()))
    for m in re.finditer(r",\s", text):
        candidates.append((1, m.end()))
    if clause_openers:
        pattern = r"\s(?=(?:" + "|".join(map(re.escape, clause_openers)) + r")\b)"
        for m in re.finditer(pattern, text, flags=re.I):
            candidates.append((2, m.end()))
    for m in re.finditer(r"\s", text):
        candidates.append((3, m.end()))
    # Only boundaries that leave both halves reasonably sized: a tiny first piece
    # would just move the problem one level down.
    window = [c for c in candidates if len(text) * 0.2 <= c[1] <= len(text) * 0.8]
    pos = min(window, key=lambda c: (c[0], abs(c[1] - middle)))[1] if window else middle
    left, right = text[:pos].strip(), text[pos:].strip()
    if not left or not right:
        left, right = text[:middle], text[middle:]
    return split_for_length(left, count_tokens, limit, clause_openers) + split_for_length(right, count_tokens, limit, clause_openers)


def plan_batches(lengths: Sequence[int], max_batch_tokens: int, max_batch_size: int) -> list[list[int]]:
    """Group indices into batches sorted by length, each within the padded-token budget."""
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    batches: list[list[int]] = []
    current: list[int] = []
    for i in order:
        longest = max([lengths[j] for j in current] + [lengths[i]])
        if current and (longest * (len(current) + 1) > max_batch_tokens or len(current) >= max_batch_size):
            batches.append(current)
            current = []
        current.append(i)
    if current:
        batches.append(current)
    return batches


# --- the stage ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Plan:
    pieces: tuple[str, ...] = ()  # model inputs; empty = pass through
    flags: tuple[str, ...] = ()


def _plan_text(source_language: str, translator: Translator, text: str) -> _Plan:
    if not any(c.isalpha() for c in text):
        return _Plan(flags=(FLAG_NO_WORDS,))
    guessed = guess_language(text, candidates=(source_language, "en") if source_language != "en" else ("en",))
    if guessed is not None and guessed != source_language:
        return _Plan(flags=(FLAG_NOT_SOURCE, f"language:{guessed}"))
    limit = translator.options.max_input_tokens
    pieces = split_for_length(text, translator.count_tokens, limit, profile(source_language).clause_openers)
    flags = (FLAG_SPLIT,) if len(pieces) > 1 else ()
    return _Plan(pieces=tuple(pieces), flags=flags)


def _translate_unique(
    texts: list[str], translator: Translator, progress: Optional[ProgressCallback], cache: Optional[TranslationCache]
) -> list[TranslationOutput]:
    """Translate distinct model inputs, asking the cache first when there is one."""
    if cache is None:
        return translator.translate_batch(texts, progress=progress) if texts else []
    known = cache.lookup(translator, texts)
    missing = [t for t in texts if t not in known]
    fresh = dict(zip(missing, translator.translate_batch(missing, progress=progress))) if missing else {}
    if fresh:
        cache.store(translator, fresh)
    return [known[t] if t in known else fresh[t] for t in texts]


InputFor = Callable[[Article], dict[str, str]]


def translate_articles(
    articles: Sequence[Article],
    translator: Translator,
    progress: Optional[ProgressCallback] = None,
    inputs_for: Optional[InputFor] = None,
    cache: Optional[TranslationCache] = None,
) -> list[Article]:
    """Fill `Sentence.translation` and flags for every sentence of every article.

    `inputs_for(article)` may give the model input of some sentences (by id), e.g. with
    quote marks normalised; the others use `model_input(sentence.text)`.
    """
    plans: list[list[_Plan]] = []
    unique: dict[str, int] = {}
    for article in articles:
        special = inputs_for(article) if inputs_for else {}
        article_plans = [
            _plan_text(article.language, translator, special.get(s.id) or model_input(s.text)) for s in article.sentences
        ]
        # What a reviewer navigates by (the title, who each speaker is) gets its English
        # too, in the same batches as the sentences.
        labels = _navigation_texts(article)
        label_plans = {text: _plan_text(article.language, translator, model_input(text)) for text in labels}
        for plan in article_plans + list(label_plans.values()):
            for piece in plan.pieces:
                unique.setdefault(piece, len(unique))
        plans.append((article_plans, label_plans))
    outputs = _translate_unique(list(unique), translator, progress, cache)

    def english(text: str, plan: _Plan) -> str:
        if not plan.pieces:
            return text
        return " ".join(normalise_output(outputs[unique[p]].text) for p in plan.pieces)

    translated: list[Article] = []
    model = ModelInfo(name=translator.name, revision=translator.revision, beam=translator.options.beam)
    for article, (article_plans, label_plans) in zip(articles, plans):
        labels = {text: english(text, plan) for text, plan in label_plans.items()}
        sentences = []
        for sentence, plan in zip(article.sentences, article_plans):
            if not plan.pieces:
                text, flags = sentence.text, plan.flags
            else:
                results = [outputs[unique[p]] for p in plan.pieces]
                text = " ".join(normalise_output(r.text) for r in results)
                flags = plan.flags + tuple(dict.fromkeys(f for r in results for f in r.flags))
            sentences.append(replace(sentence, translation=text, flags=tuple(dict.fromkeys(sentence.flags + flags))))
        speakers = tuple(replace(sp, description_translation=labels.get(sp.description)) if sp.description else sp
                         for sp in article.speakers)
        translated.append(replace(article, sentences=tuple(sentences), model=model, speakers=speakers,
                                  title_translation=labels.get(article.title) if article.title else None))
    return translated


def _navigation_texts(article: Article) -> list[str]:
    """The article's title and its speakers' descriptions (roles such as "La maire")."""
    texts = [article.title] if article.title else []
    texts += [sp.description for sp in article.speakers if sp.description]
    return list(dict.fromkeys(t for t in texts if t.strip()))


# --- the MarianMT backend -----------------------------------------------------------


def configure_cpu_threads(requested: int = 0) -> int:
    """Set torch's intra-op threads to `requested`, or to the usable cores when 0.

    torch sizes its pool from the machine's core count, which oversubscribes a process
    pinned to fewer cores (containers, taskset) and thrashes. An explicit
    OMP_NUM_THREADS / MKL_NUM_THREADS is the operator's choice and is left alone.
    Other processes on the same cores are answered by the wait policy, not by fewer
    threads (toolkit/translate/threads.py, docs/performance.md *Shared CPUs*).
    """
    prefer_passive_waiting()  # a no-op once torch is loaded; the CLI sets it earlier
    import torch

    if requested <= 0 and any(os.environ.get(name) for name in THREAD_COUNT_ENVS):
        return torch.get_num_threads()
    threads = requested if requested > 0 else available_cores()
    if torch.get_num_threads() != threads:
        torch.set_num_threads(threads)
    return threads


# On a GPU the per-batch cost is nearly flat up to thousands of tokens, so the CPU
# budgets in the config would leave it idle; these floors apply on CUDA only.
CUDA_MIN_BATCH_TOKENS = 16384
CUDA_MIN_BATCH_SIZE = 128


def resolve_device(requested: str) -> str:
    import torch

    if requested == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if requested.startswith("cuda") and not torch.cuda.is_available():
        raise ModelUnavailableError(f"device {requested!r} requested but CUDA is not available on this machine; use --device cpu")
    return requested


def _hub_reachable(timeout: float = 3.0) -> bool:
    """One quick TCP connect to the hub, so an offline run fails in seconds, not minutes
    of huggingface_hub retries."""
    if os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes"):
        return False
    endpoint = urlparse(os.environ.get("HF_ENDPOINT", "https://huggingface.co"))
    host, port = endpoint.hostname or "huggingface.co", endpoint.port or (443 if endpoint.scheme == "https" else 80)
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def _unavailable_message(model: str, detail: str, is_path: bool = False) -> str:
    hub_id = "Helsinki-NLP/opus-mt-fr-en" if is_path else model
    # A local folder the user named is where the weights should go; a hub id goes to
    # the README's folder.
    local_dir = model if is_path else "models/opus-mt-fr-en"
    return (
        f"cannot load the translation model {model!r}: {detail}\n"
        "Provide the weights in one of these ways:\n"
        "  1. On a machine with internet access, download them once:\n"
        f"       hf download {hub_id} --local-dir {local_dir}\n"
        f"     copy the folder here, and run with --model {local_dir}\n"
        "     (or set `model` under [languages.fr] in configs/default.toml).\n"
        "  2. Or point HF_HOME at a Hugging Face cache that already holds the model.\n"
        "`toolkit analyze` runs every stage except translation and needs no model."
    )


# What a MarianMT checkpoint folder holds (as Helsinki-NLP/opus-mt-* ship them), so a
# folder missing some gets a list instead of a transformers error about NoneType.
MARIAN_FILES = ("config.json", "source.spm", "target.spm", "vocab.json")
MARIAN_WEIGHTS = ("*.safetensors", "*.bin")
# Top-level folders that hold models by the README's convention (`models/opus-mt-fr-en`):
# a reference under one of them is a local folder even before the folder exists.
LOCAL_MODEL_ROOTS = ("models",)
_HUB_ID = re.compile(r"[\w.-]+(?:/[\w.-]+)?")


def local_model_path(model: str) -> Optional[Path]:
    """The folder that `model` names, or None when it is a hub id.

    Hub ids are `name` or `org/name`. Anything else is a path: what exists on disk,
    what starts with . / or ~, what has more than one slash or characters a hub id
    cannot hold, and `first/rest` when `first` is a local folder or one of
    LOCAL_MODEL_ROOTS — so a missing `models/opus-mt-fr-en` is reported as a missing
    folder, not looked up on the hub.
    """
    path = Path(model).expanduser()
    if path.exists() or model.startswith((".", "/", "~")) or not _HUB_ID.fullmatch(model):
        return path
    first = model.split("/", 1)[0]
    if "/" in model and (first in LOCAL_MODEL_ROOTS or Path(first).is_dir()):
        return path
    return None


def check_model_folder(model: str, folder: Path) -> None:
    """Raise ModelUnavailableError, naming what is missing, unless `folder` holds a
    MarianMT checkpoint."""
    if not folder.exists():
        raise ModelUnavailableError(_unavailable_message(model, f"model folder {folder} does not exist", is_path=True))
    if not folder.is_dir():
        raise ModelUnavailableError(_unavailable_message(model, f"{folder} is a file, not a model folder", is_path=True))
    missing = [name for name in MARIAN_FILES if not (folder / name).is_file()]
    if not any(next(folder.glob(pattern), None) for pattern in MARIAN_WEIGHTS):
        missing.append("the weights (" + " or ".join(MARIAN_WEIGHTS) + ")")
    if missing:
        raise ModelUnavailableError(
            _unavailable_message(model, f"the model folder {folder} lacks {', '.join(missing)}; it is not a complete MarianMT checkpoint", is_path=True)
        )


@contextmanager
def quiet_hub_progress():
    """Silence the transformers / huggingface_hub progress bars ("Loading weights",
    downloads) while a model loads: they land in cron logs, and the toolkit reports
    its own progress. The previous setting is restored afterwards."""
    from huggingface_hub.utils import are_progress_bars_disabled, disable_progress_bars, enable_progress_bars
    from transformers.utils import logging as hf_logging

    transformers_bars = hf_logging.is_progress_bar_enabled()
    hub_bars = not are_progress_bars_disabled()
    hf_logging.disable_progress_bar()  # both libraries' bars
    try:
        yield
    finally:
        if transformers_bars:
            hf_logging.enable_progress_bar()  # turns the hub's back on too
        if hub_bars == are_progress_bars_disabled():
            (enable_progress_bars if hub_bars else disable_progress_bars)()


def force_eos(scores, rows, eos_id: int):
    """Make </s> the only possible next token for the selected rows (a boolean mask over
    the batch × beam rows of a generation step's scores); returns the scores."""
    import torch

    if rows.any():
        forced = torch.full_like(scores[rows], float("-inf"))
        forced[:, eos_id] = 0.0
        scores[rows] = forced
    return scores


def _per_row_length_cap(caps: Sequence[int], beam: int, eos_id: int):
    """A LogitsProcessor that ends row i with </s> once it has `caps[i]` tokens.

    `generate` only takes one max length per batch; rows are laid out as
    batch × beam, so each cap is repeated `beam` times.
    """
    import torch
    from transformers import LogitsProcessor

    class PerRowLengthCap(LogitsProcessor):
        def __init__(self):
            self.caps = torch.tensor([c for c in caps for _ in range(beam)])

        def __call__(self, input_ids, scores):
            generated = input_ids.shape[-1] - 1  # minus the decoder start token
            return force_eos(scores, generated >= self.caps.to(scores.device) - 1, eos_id)

    return PerRowLengthCap()


class MarianTranslator:
    """transformers MarianMT backend: loads once, translates sorted, token-budgeted batches."""

    def __init__(self, model, tokenizer, name: str, options: TranslationOptions, device: str):
        self.model = model
        self.tokenizer = tokenizer
        self.name = name
        self.revision = options.revision or getattr(model.config, "_commit_hash", None)
        self.options = options
        self.device = device
        self.max_positions = min(
            int(getattr(model.config, "max_position_embeddings", 512)),
            int(getattr(tokenizer, "model_max_length", 512) or 512),
        )
        on_cuda = device.startswith("cuda")
        self.max_batch_tokens = max(options.max_batch_tokens, CUDA_MIN_BATCH_TOKENS) if on_cuda else options.max_batch_tokens
        self.max_batch_size = max(options.max_batch_size, CUDA_MIN_BATCH_SIZE) if on_cuda else options.max_batch_size

    def output_caps(self, inputs: Sequence[Sequence[int]]) -> list[int]:
        """Most output tokens (</s> included) per input: a translation more than twice
        as long as its source is a runaway repetition. Per sentence, so a sentence's
        translation does not depend on which batch it landed in."""
        return [min(self.max_positions, 2 * len(ids) + 10) for ids in inputs]

    def logits_processors(self, caps: Sequence[int]) -> list:
        """Processors passed to `generate`; a subclass may add its own (the benchmark
        forces exact output lengths this way)."""
        return [_per_row_length_cap(caps, self.options.beam, self.tokenizer.eos_token_id)]

    @classmethod
    def load(cls, model: str, options: TranslationOptions = TranslationOptions()) -> "MarianTranslator":
        """Load a MarianMT checkpoint from a local folder or the hub's model id.

        A hub id is first looked up in the local cache; the hub is contacted only if it
        answers, so an offline machine gets `ModelUnavailableError` at once.
        """
        path = local_model_path(model)
        is_path = path is not None
        if is_path:
            check_model_folder(model, path)  # before importing transformers: fails in a second
        # Before transformers imports torch: OpenMP reads its wait policy once, at load.
        prefer_passive_waiting()
        from transformers import MarianMTModel, MarianTokenizer
        from transformers.utils import logging as hf_logging

        source = str(path) if is_path else model
        kwargs = {"revision": options.revision} if options.revision and not is_path else {}
        hf_logging.set_verbosity_error()
        try:
            with warnings.catch_warnings(), quiet_hub_progress():
                warnings.filterwarnings("ignore", message=".*sacremoses.*")
                try:
                    tokenizer = MarianTokenizer.from_pretrained(source, local_files_only=True, **kwargs)
                    network = False
                except (OSError, TypeError, ValueError):
                    # transformers 5 raises TypeError, not OSError, for a hub id that is
                    # missing from the cache under local_files_only.
                    if is_path:
                        raise
                    if not _hub_reachable():
                        raise ModelUnavailableError(
                            _unavailable_message(model, "it is not in the local Hugging Face cache and the hub is unreachable from this machine")
                        ) from None
                    tokenizer = MarianTokenizer.from_pretrained(model, **kwargs)
                    network = True
                marian = MarianMTModel.from_pretrained(source, local_files_only=not network, **kwargs)
        except ModelUnavailableError:
            raise
        except (OSError, ValueError, TypeError, ImportError) as exc:
            detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise ModelUnavailableError(_unavailable_message(model, detail, is_path=is_path)) from exc
        device = resolve_device(options.device)
        if device.startswith("cuda"):
            # fp16 halves memory traffic and uses tensor cores; Marian models were
            # trained in fp16-safe ranges, so outputs match fp32 to near-ties.
            marian.half()
        else:
            configure_cpu_threads(options.threads)
        marian.to(device)
        marian.eval()
        return cls(marian, tokenizer, name=model, options=options, device=device)

    def count_tokens(self, text: str) -> int:
        return len(self.tokenizer(text, add_special_tokens=True)["input_ids"])

    def translate_batch(self, texts: Sequence[str], progress: Optional[ProgressCallback] = None) -> list[TranslationOutput]:
        import torch

        limit = min(self.options.max_input_tokens, self.max_positions)
        encoded = [self.tokenizer(t, add_special_tokens=True)["input_ids"] for t in texts]
        too_long = [i for i, ids in enumerate(encoded) if len(ids) > self.max_positions]
        if too_long:
            # The stage splits long inputs first; reaching here is a caller's bug, and
            # silently truncating would drop text, so refuse loudly.
            raise ValueError(f"{len(too_long)} inputs exceed the model's {self.max_positions}-token limit; split them first (limit {limit})")
        results: list[Optional[TranslationOutput]] = [None] * len(texts)
        pad_id = self.tokenizer.pad_token_id
        for batch in plan_batches([len(ids) for ids in encoded], self.max_batch_tokens, self.max_batch_size):
            longest = max(len(encoded[i]) for i in batch)
            input_ids = torch.full((len(batch), longest), pad_id, dtype=torch.long)
            attention = torch.zeros((len(batch), longest), dtype=torch.long)
            for row, i in enumerate(batch):
                ids = encoded[i]
                input_ids[row, : len(ids)] = torch.tensor(ids)
                attention[row, : len(ids)] = 1
            # Reaching a cap is reported (FLAG_LENGTH_LIMIT), not hidden.
            caps = self.output_caps([encoded[i] for i in batch])
            with torch.inference_mode():
                generated = self.model.generate(
                    input_ids=input_ids.to(self.device),
                    attention_mask=attention.to(self.device),
                    num_beams=self.options.beam,
                    max_new_tokens=max(caps),
                    logits_processor=self.logits_processors(caps),
                )
            eos = self.tokenizer.eos_token_id
            for row, i in enumerate(batch):
                seq = generated[row].tolist()
                body = seq[1:]  # after the decoder start token
                hit_limit = eos not in body or body.index(eos) + 1 >= caps[row]
                text = normalise_output(self.tokenizer.decode(seq, skip_special_tokens=True))
                results[i] = TranslationOutput(text=text, flags=(FLAG_LENGTH_LIMIT,) if hit_limit else ())
            if progress is not None:
                progress(len(batch))
        return [r for r in results if r is not None]


# --- choosing a backend -------------------------------------------------------------

BACKENDS = ("transformers", "ctranslate2")


def load_translator(model: str, options: TranslationOptions = TranslationOptions(), backend: Optional[str] = None) -> Translator:
    """Load the translation backend named by `backend` (default: `options.backend`).

    "transformers" is MarianTranslator; "ctranslate2" is the optional fast backend,
    imported only when asked for, so the default install never needs it.
    """
    from toolkit.errors import ConfigError

    name = backend or options.backend
    if name != options.backend:
        options = replace(options, backend=name)
    if name == "transformers":
        return MarianTranslator.load(model, options)
    if name == "ctranslate2":
        from toolkit.translate.ctranslate2 import CTranslate2Translator

        return CTranslate2Translator.load(model, options)
    raise ConfigError(f"unknown translation backend {name!r}; choose one of {', '.join(BACKENDS)}")
