# model_typing.sh - the model-based typing tests (tests/tui/model_typing.py):
# random edit scripts, with resizes, for every kind of answer, applied to a
# reference model and to the real program; the saved value must be the
# model's.  A fixed set of seeds here; SEED=N replays one, SEEDS="..." runs
# those, and `make soak` runs many.
set -eu
: "${MENTORPACT:?run through make check (MENTORPACT unset)}"
exec python3 "$SRCDIR/tests/tui/model_typing.py"
