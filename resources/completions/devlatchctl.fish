# SPDX-License-Identifier: MIT
# fish completion for devlatchctl: commands, options, and the device names DEV accepts right
# now (devlatchctl list --names).

function __devlatchctl_devices
    devlatchctl list --names 2>/dev/null
end

set -l commands list status who claim lab
complete -c devlatchctl -f
complete -c devlatchctl -n "not __fish_seen_subcommand_from $commands" -a list -d "Devices, their nodes and who holds them"
complete -c devlatchctl -n "not __fish_seen_subcommand_from $commands" -a status -d "Is DEV free?"
complete -c devlatchctl -n "not __fish_seen_subcommand_from $commands" -a who -d "Who holds DEV and who waits"
complete -c devlatchctl -n "not __fish_seen_subcommand_from $commands" -a claim -d "Run CMD while holding DEV"
complete -c devlatchctl -s h -l help -d "Show help"
complete -c devlatchctl -s V -l version -d "Show the version"
complete -c devlatchctl -n "not __fish_seen_subcommand_from $commands" -a lab -d "The lab cluster and admin actions"
complete -c devlatchctl -n "__fish_seen_subcommand_from lab" -a "status publish steal maintenance audit"
complete -c devlatchctl -n "__fish_seen_subcommand_from lab" -l reason -x -d "Why (steal, maintenance)"
complete -c devlatchctl -n "__fish_seen_subcommand_from claim" -l max-hold -x -d "Lab: release after DURATION"
complete -c devlatchctl -n "__fish_seen_subcommand_from claim" -l on-lost -x -a "warn kill" -d "Lab: CMD when the claim is lost"
complete -c devlatchctl -l scope -x -a "machine user lab" -d "Lock scope"
complete -c devlatchctl -n "__fish_seen_subcommand_from list status who" -l json -d "Print JSON"
complete -c devlatchctl -n "__fish_seen_subcommand_from list" -l names -d "Print only the names DEV accepts"
complete -c devlatchctl -n "__fish_seen_subcommand_from status who claim" -a "(__devlatchctl_devices)" -d Device
complete -c devlatchctl -n "__fish_seen_subcommand_from claim" -s w -l wait -x -d "Wait until DEV is free [SECONDS]"
complete -c devlatchctl -n "__fish_seen_subcommand_from claim" -s n -l nonblock -d "Fail at once when DEV is busy"
complete -c devlatchctl -n "__fish_seen_subcommand_from claim" -s E -l conflict-exit-code -x -d "Exit code when busy"
complete -c devlatchctl -n "__fish_seen_subcommand_from claim" -l any -x -a "kind=serial kind=probe kind=camera kind=instrument kind=resource" -d "First free device that matches"
complete -c devlatchctl -n "__fish_seen_subcommand_from claim" -l note -x -d "A note shown to others"
complete -c devlatchctl -n "__fish_seen_subcommand_from claim" -l hold -d "Hold DEV until SIGINT or SIGTERM"
complete -c devlatchctl -n "__fish_seen_subcommand_from claim" -l release-on-exit -d "Release DEV as soon as CMD exits"
