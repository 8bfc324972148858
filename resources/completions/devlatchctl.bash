# SPDX-License-Identifier: MIT
# bash completion for devlatchctl: commands, options, and the device names DEV accepts right
# now (devlatchctl list --names), quoted where they hold spaces.

_devlatchctl()
{
    local cur prev words cword
    if declare -F _init_completion >/dev/null; then
        _init_completion -n : || return
    else
        cur=${COMP_WORDS[COMP_CWORD]}
        prev=${COMP_WORDS[COMP_CWORD - 1]}
        words=("${COMP_WORDS[@]}")
        cword=$COMP_CWORD
    fi

    local i command= scope=()
    for ((i = 1; i < cword; i++)); do
        case ${words[i]} in
            --)
                # CMD and its arguments: complete them as a command line of their own.
                if declare -F _command_offset >/dev/null; then
                    _command_offset $((i + 1))
                fi
                return
                ;;
            --scope) scope=(--scope "${words[i + 1]}"); ((i++)) ;;
            --scope=*) scope=("${words[i]}") ;;
            list | status | who | claim) [[ -z $command ]] && command=${words[i]} ;;
        esac
    done

    case $prev in
        --scope) COMPREPLY=($(compgen -W "machine user lab" -- "$cur")); return ;;
        -w | --wait | -E | --conflict-exit-code | --note | --max-hold | --reason) return ;;
        --on-lost) COMPREPLY=($(compgen -W "warn kill" -- "$cur")); return ;;
        --any) COMPREPLY=($(compgen -W "kind=serial kind=probe kind=camera kind=instrument kind=resource" -- "$cur")); return ;;
    esac

    if [[ -z $command ]]; then
        COMPREPLY=($(compgen -W "list status who claim lab --scope --help --version" -- "$cur"))
        return
    fi
    if [[ $cur == -* ]]; then
        local options="--help --version --scope"
        case $command in
            list) options+=" --json --names" ;;
            status | who) options+=" --json" ;;
            claim) options+=" --wait --nonblock --conflict-exit-code --any --note --hold --release-on-exit --max-hold --on-lost --" ;;
            lab) options+=" --json --reason" ;;
        esac
        COMPREPLY=($(compgen -W "$options" -- "$cur"))
        return
    fi
    [[ $command == list ]] && return
    if [[ $command == lab ]]; then
        COMPREPLY=($(compgen -W "status publish steal maintenance audit" -- "$cur"))
        return
    fi

    local name quoted
    COMPREPLY=()
    while IFS= read -r name; do
        printf -v quoted '%q' "$name"
        [[ $quoted == "$cur"* ]] && COMPREPLY+=("$quoted")
    done < <(devlatchctl "${scope[@]}" list --names 2>/dev/null)
    if declare -F __ltrim_colon_completions >/dev/null; then
        __ltrim_colon_completions "$cur"
    fi
}
complete -F _devlatchctl devlatchctl
