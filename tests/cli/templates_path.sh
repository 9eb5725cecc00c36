# templates_path.sh - where templates are found: the source tree, the
# user's config folder and MENTORPACT_TEMPLATE_PATH, later folders winning
# an id; broken files skipped with a note; a new scheme checked together
# with answers for it.
. "$SRCDIR/tests/lib.sh"
unset MENTORPACT_TEMPLATE_PATH

# A copy of emmp under another name, in a folder of its own.
variant() { # folder, new name
	mkdir -p "$1"
	sed "s/^name: East Midlands Mentoring Programme\$/name: $2/" \
		"$SRCDIR/templates/emmp.yaml" >"$1/emmp.yaml"
}

# From the source tree when nothing else claims the id.
run templates show emmp
expect_rc 0 "show from the source tree"
expect_out "emmp: East Midlands Mentoring Programme"

# The user's config folder wins over the source tree.
variant "$XDG_CONFIG_HOME/mentorpact/templates" "EMMP from config"
run templates show emmp
expect_out "emmp: EMMP from config"
run templates list
expect_rc 0 "list with a config folder"
grep -qE "^emmp +EMMP from config .* $XDG_CONFIG_HOME/mentorpact/templates/emmp.yaml\$" "$T/out" ||
	fail "list does not use the config folder's emmp"
expect_out "(this file hides $SRCDIR/templates/emmp.yaml)"

# MENTORPACT_TEMPLATE_PATH comes last, its last folder highest.
variant "$T/a" "EMMP from a"
variant "$T/b" "EMMP from b"
export MENTORPACT_TEMPLATE_PATH="$T/a:$T/b"
run templates show emmp
expect_out "emmp: EMMP from b"
run templates list
grep -qE "^emmp +EMMP from b .* $T/b/emmp.yaml\$" "$T/out" ||
	fail "list does not use the last folder's emmp"
expect_out "(this file hides $T/a/emmp.yaml)"
expect_out "(this file hides $XDG_CONFIG_HOME/mentorpact/templates/emmp.yaml)"
export MENTORPACT_TEMPLATE_PATH="$T/b:$T/a"
run templates show emmp
expect_out "emmp: EMMP from a"

# A broken file claims nothing: the one below it stays in use.
printf 'id: emmp\nname: [\n' >"$T/a/emmp.yaml"
run templates list
expect_rc 0 "list with a broken file"
grep -qE "^emmp +EMMP from b " "$T/out" || fail "a broken file took the id"
expect_err "mentorpact: not used, as it has errors: $T/a/emmp.yaml:3:1: YAML syntax:"
unset MENTORPACT_TEMPLATE_PATH

# A new scheme and answers for it, checked before it is installed.
sed -e 's/^id: emmp$/id: emmp-2025/' "$SRCDIR/templates/emmp.yaml" >"$T/new.yaml"
run templates example emmp
sed 's/^scheme: emmp$/scheme: emmp-2025/' "$T/out" >"$T/new-answers.yaml"
run templates check "$T/new-answers.yaml"
expect_rc 1 "answers for a scheme not yet installed"
expect_err "unknown scheme 'emmp-2025'"
run templates check "$T/new.yaml" "$T/new-answers.yaml"
expect_rc 0 "the new scheme with its answers"
expect_out "$T/new-answers.yaml: valid answers for scheme 'emmp-2025'"
