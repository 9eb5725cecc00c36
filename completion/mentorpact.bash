# bash completion for mentorpact -*- shell-script -*-
#
# Installed as /usr/share/bash-completion/completions/mentorpact.
#
# The commands, their options, their subcommands and the values an option
# lists (--format table|csv|json) are read from `mentorpact --help` the
# first time they are needed, so that a command or option added to the
# program completes without a change here.  Only values the help does not
# spell out are listed below, in _mentorpact_values.
#
# Template ids come from `mentorpact templates list`.  Agreement ids come
# from the store only when it can be opened without asking: a
# --passphrase-file on the command line (or $MENTORPACT_PASSPHRASE_FILE)
# that is readable.  Completion never prompts for a passphrase: the
# program runs with standard input from /dev/null and only ever reads
# the passphrase from that file.

# Values of options whose help shows only a placeholder (list --status S).
_mentorpact_values() {
	case $1 in
	--status) echo "draft ready signed active ended" ;;
	--sort) echo "changed id scheme mentor mentee status review" ;;
	--by) echo "mentor mentee both administrator" ;;
	--as) echo "mentor mentee" ;;
	esac
}

# The help text, once per shell (per program path).
_mentorpact_help() {
	if [[ ${_mentorpact_help_of-} != "$1" ]]; then
		_mentorpact_help_text=$("$1" --help 2>/dev/null </dev/null)
		_mentorpact_help_of=$1
	fi
}

# The usage of one command (its lines in the help, joined), or nothing.
_mentorpact_usage() {
	local line in=0 out=
	while IFS= read -r line; do
		if [[ $line == "  $1" || $line == "  $1 "* ]]; then
			in=1
			out=${line#  }
		elif ((in)) && [[ $line == "    "[!\ ]* ]]; then
			out+=" ${line#    }"
		elif ((in)); then
			break
		fi
	done <<<"$_mentorpact_help_text"
	printf '%s\n' "$out"
}

_mentorpact_commands() {
	local line
	while IFS= read -r line; do
		[[ $line =~ ^\ \ ([a-z][a-z-]*) ]] && echo "${BASH_REMATCH[1]}"
	done <<<"$_mentorpact_help_text"
}

# The global options, from the "usage: mentorpact [...]" lines.
_mentorpact_globals() {
	local line
	while IFS= read -r line; do
		[[ $line == commands:* ]] && break
		grep -o -- '--[a-z][a-z-]*' <<<"$line"
	done <<<"$_mentorpact_help_text"
	echo --help --version
}

# What a usage says after an option: "a|b|c" for a list of values, or
# the placeholder (FILE, S, ...), or nothing for a flag.
_mentorpact_option_arg() {
	local usage=" $1" opt=$2 rest
	[[ $usage == *[\ \[]"$opt "* ]] || return
	rest=${usage#*[\ \[]"$opt "}
	rest=${rest%%[] ]*}
	[[ $rest == -* || $rest == \[* ]] && return
	printf '%s\n' "$rest"
}

# Subcommands: the lowercase words of a usage that are neither the
# command, an option nor an option's value ("templates list|show ID").
_mentorpact_subcommands() {
	local cmd=$1 w part skip=0
	for w in ${2//[][]/ }; do
		if ((skip)); then
			skip=0
			continue
		fi
		if [[ $w == --* ]]; then
			[[ $(_mentorpact_option_arg "$2" "$w") ]] && skip=1
			continue
		fi
		for part in ${w//|/ }; do
			[[ $part =~ ^[a-z][a-z-]*$ && $part != "$cmd" ]] &&
				echo "$part"
		done
	done | sort -u
}

_mentorpact_templates() {
	"$1" templates list 2>/dev/null </dev/null |
		awk 'NR > 1 && $1 ~ /^[a-z][a-z0-9-]*$/ { print $1 }'
}

# Agreement ids, only from a store opened through a passphrase file.
_mentorpact_ids() {
	local prog=$1 store=$2 pass=$3
	[[ -n $pass && -r $pass && -f $pass ]] || return
	local args=(--passphrase-file "$pass")
	[[ -n $store ]] && args+=(--store "$store")
	"$prog" "${args[@]}" list --format csv 2>/dev/null </dev/null |
		awk -F'"' 'NR > 1 { print $2 }'
}

_mentorpact() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev=
	local prog=${COMP_WORDS[0]} cmd= store= pass=${MENTORPACT_PASSPHRASE_FILE-}
	local i w nargs=0 usage arg
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
	COMPREPLY=()
	# Tilde and relative paths as typed; fall back to the one on PATH.
	[[ $prog == */* ]] && prog=${prog/#\~/$HOME}
	_mentorpact_help "$prog"
	[[ -n $_mentorpact_help_text ]] || return

	# The command and the global options' values typed so far.
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		--store | --passphrase-file | --signing-passphrase-file)
			((i + 1 < COMP_CWORD)) || break
			[[ $w == --store ]] && store=${COMP_WORDS[i + 1]}
			[[ $w == --passphrase-file ]] && pass=${COMP_WORDS[i + 1]}
			((i++))
			;;
		--store=*) store=${w#*=} ;;
		--passphrase-file=*) pass=${w#*=} ;;
		-*) ;;
		*)
			if [[ -z $cmd ]]; then
				cmd=$w
			else
				((nargs++))
			fi
			;;
		esac
	done
	store=${store/#\~/$HOME}
	pass=${pass/#\~/$HOME}

	# The value of a global option: a file.
	case $prev in
	--store | --passphrase-file | --signing-passphrase-file)
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -f -- "$cur"))
		return
		;;
	esac

	if [[ -z $cmd ]]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "$(_mentorpact_globals)" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$(_mentorpact_commands)" -- "$cur"))
		fi
		return
	fi
	usage=$(_mentorpact_usage "$cmd")

	# The value of one of the command's options.
	if [[ $prev == --* ]]; then
		arg=$(_mentorpact_option_arg "$usage" "$prev")
		if [[ $arg == *"|"* ]]; then
			COMPREPLY=($(compgen -W "${arg//|/ }" -- "$cur"))
			return
		fi
		case $arg in
		'') ;;
		FILE* | DIR | DEST)
			compopt -o filenames 2>/dev/null
			COMPREPLY=($(compgen -f -- "$cur"))
			return
			;;
		ID)
			COMPREPLY=($(compgen -W "$(_mentorpact_templates "$prog")" -- "$cur"))
			return
			;;
		*)
			COMPREPLY=($(compgen -W "$(_mentorpact_values "$prev")" -- "$cur"))
			return
			;;
		esac
	fi

	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(grep -o -- '--[a-z][a-z-]*' <<<"$usage" | sort -u) $(_mentorpact_globals)" -- "$cur"))
		return
	fi

	# Positional arguments.
	local subs
	subs=$(_mentorpact_subcommands "$cmd" "$usage")
	if [[ -n $subs ]] && ((nargs == 0)); then
		COMPREPLY=($(compgen -W "$subs" -- "$cur"))
		return
	fi
	case $cmd in
	templates)
		case ${COMP_WORDS[COMP_CWORD - nargs]} in
		show | example)
			COMPREPLY=($(compgen -W "$(_mentorpact_templates "$prog")" -- "$cur"))
			;;
		check)
			compopt -o filenames 2>/dev/null
			COMPREPLY=($(compgen -f -- "$cur"))
			;;
		esac
		return
		;;
	esac
	# The usage's placeholder for this argument: "show ID", "backup DEST".
	local words=(${usage//[][|]/ }) k=0
	arg=
	for w in "${words[@]:1}"; do
		[[ $w == -* ]] && break
		[[ $w =~ ^[A-Z]+$ ]] || continue
		if ((k == nargs)); then
			arg=$w
			break
		fi
		((k++))
	done
	case $arg in
	ID) COMPREPLY=($(compgen -W "$(_mentorpact_ids "$prog" "$store" "$pass")" -- "$cur")) ;;
	FILE | DEST | DIR)
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -f -- "$cur"))
		;;
	esac
}
complete -F _mentorpact mentorpact
