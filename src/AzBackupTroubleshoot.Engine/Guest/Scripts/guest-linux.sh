#!/bin/sh
# AzBackupTroubleshoot in-guest checks for Linux, sent through Run Command (RunShellScript).
# Read-only: it changes nothing in the guest. POSIX sh (dash and bash).
# Output: "AZBT-GUEST 1 linux", then one "key=value" line per fact, then "AZBT-END <fact count>".
# Run Command returns only the last 4096 bytes, so the output stays far below that; a missing
# header or end line tells the reader that it was cut.
# Every file read is under $AZBT_GUEST_ROOT (default /) and every command is found through PATH,
# so the script can be run against a fake guest.

R="${AZBT_GUEST_ROOT:-}"
R="${R%/}"
N=0

# One fact: no line breaks, at most 120 bytes of value.
say() {
    v=$(printf '%s' "$2" | tr '\r\n\t' '   ' | cut -c1-120)
    printf '%s=%s\n' "$1" "$v"
    N=$((N + 1))
}

has() { command -v "$1" >/dev/null 2>&1; }

# Last value of a key=value setting in a file, without comments, quotes or surrounding blanks.
setting() {
    k=$(printf '%s' "$1" | sed 's/\./\\./g')
    sed -n "s/^[[:space:]]*$k[[:space:]]*=[[:space:]]*//p" "$2" 2>/dev/null | sed -n '$p' |
        sed 's/[[:space:]]*#.*$//; s/^["'\'']//; s/["'\'']$//; s/[[:space:]]*$//'
}

printf 'AZBT-GUEST 1 linux\n'

# Guest agent: process, services, version.
procs=""
if has ps; then
    procs=$(ps -e -o args= 2>/dev/null)
    # No list at all (a ps without -o, say) proves nothing about the agent.
    if [ -z "$procs" ]; then say agent.proc na
    elif printf '%s\n' "$procs" | grep -q -E '(^|[/ ])waagent( |$)|WALinuxAgent|walinuxagent'; then say agent.proc 1
    else say agent.proc 0; fi
else
    say agent.proc na
fi
if has systemctl; then
    for s in walinuxagent waagent; do
        e=$(systemctl is-enabled "$s" 2>/dev/null)
        [ -n "$e" ] || continue
        a=$(systemctl is-active "$s" 2>/dev/null)
        say agent.svc "$s|$a|$e"
    done
fi
if has waagent; then
    out=$(waagent --version 2>&1 | grep -E 'WALinuxAgent-|Goal state agent' | head -n 2)
    while IFS= read -r l; do
        [ -n "$l" ] && say waagent.version "$l"
    done <<EOT
$out
EOT
else
    say waagent.version missing
fi

# /etc/waagent.conf
conf="$R/etc/waagent.conf"
if [ -r "$conf" ]; then
    say conf.file 1
    for k in Extensions.Enabled AutoUpdate.Enabled Provisioning.Agent HttpProxy.Host HttpProxy.Port; do
        v=$(setting "$k" "$conf")
        [ -n "$v" ] && say "conf.$k" "$v"
    done
else
    say conf.file 0
fi

# WireServer on 80 and 32526: any HTTP answer means the port is reachable.
wire() {
    if has curl; then
        curl -s -o /dev/null -m 5 "http://168.63.129.16:$1/?comp=versions" >/dev/null 2>&1
        rc=$?
        case $rc in
            0|22|52|56) echo "1|curl" ;;
            6|7|28) echo "0|curl rc=$rc" ;;
            *) echo "na|curl rc=$rc" ;;
        esac
    elif has wget; then
        wget -q -T 5 -t 1 -O /dev/null "http://168.63.129.16:$1/?comp=versions" >/dev/null 2>&1
        rc=$?
        case $rc in
            0|8) echo "1|wget" ;;
            4) echo "0|wget rc=$rc" ;;
            *) echo "na|wget rc=$rc" ;;
        esac
    else
        echo "na|no curl or wget"
    fi
}
say wire.80 "$(wire 80)"
say wire.32526 "$(wire 32526)"

# DHCP: a client running, and what the network configuration asks for (first files found).
clients=""
for c in dhclient dhcpcd systemd-networkd NetworkManager wickedd-dhcp4 udhcpc; do
    if printf '%s\n' "$procs" | grep -q -E "(^|/)$c( |$)"; then clients="$clients${clients:+,}$c"; fi
done
say dhcp.client "${clients:-none}"
dc=0
for f in "$R"/etc/netplan/*.yaml; do
    [ -r "$f" ] || continue
    dc=$((dc + 1))
    [ $dc -le 3 ] || continue
    if grep -q -E 'dhcp4:[[:space:]]*(false|no)' "$f"; then say dhcp.config "${f#"$R"}|static"
    elif grep -q -E 'dhcp4:[[:space:]]*(true|yes)' "$f"; then say dhcp.config "${f#"$R"}|dhcp"; fi
done
for f in "$R"/etc/sysconfig/network-scripts/ifcfg-eth0 "$R"/etc/sysconfig/network/ifcfg-eth0; do
    [ -r "$f" ] || continue
    v=$(setting BOOTPROTO "$f")
    case $v in
        dhcp*) say dhcp.config "${f#"$R"}|dhcp" ;;
        static|none) say dhcp.config "${f#"$R"}|static" ;;
        *) say dhcp.config "${f#"$R"}|$v" ;;
    esac
done
f="$R/etc/network/interfaces"
if [ -r "$f" ]; then
    v=$(sed -n 's/^[[:space:]]*iface[[:space:]]\{1,\}eth0[[:space:]]\{1,\}inet[[:space:]]\{1,\}\([a-z]*\).*/\1/p' "$f" | sed -n '1p')
    [ -n "$v" ] && say dhcp.config "/etc/network/interfaces|$v"
fi

# Proxy: /etc/environment and the agent's own proxy (HttpProxy.* above).
f="$R/etc/environment"
if [ -r "$f" ]; then
    for k in http_proxy https_proxy no_proxy HTTP_PROXY HTTPS_PROXY NO_PROXY; do
        v=$(setting "$k" "$f")
        # Credentials in a proxy URL stay in the guest.
        [ -n "$v" ] && say proxy.env "$k|$(printf '%s' "$v" | sed 's#//[^/@]*@#//***@#')"
    done
fi

# Mounted file systems: ext state from tune2fs, and mount points listed twice.
mounts="$R/proc/mounts"
if [ -r "$mounts" ]; then
    i=0
    while read -r dev mnt typ rest; do
        case $typ in ext2|ext3|ext4) ;; *) continue ;; esac
        i=$((i + 1))
        [ $i -le 8 ] || continue
        if has tune2fs; then
            st=$(tune2fs -l "$dev" 2>&1 | grep -i '^Filesystem state:' | sed -n '1s/[[:space:]]\{1,\}/ /gp')
            [ -n "$st" ] || st="no state line"
        else
            st="tune2fs missing"
        fi
        say fs "$mnt|$typ|$st"
    done < "$mounts"
    [ $i -gt 8 ] && say fs.more "$((i - 8))"
    dups=$(while read -r dev mnt typ rest; do
        case $typ in ext2|ext3|ext4|xfs|btrfs|reiserfs|jfs) echo "$mnt" ;; esac
    done < "$mounts" | sort | uniq -d | head -n 5)
    if [ -n "$dups" ]; then
        while IFS= read -r d; do say fs.dup "$d"; done <<EOT
$dups
EOT
    fi
else
    say fs na
fi

# SELinux mode.
if has getenforce; then
    say selinux "$(getenforce 2>/dev/null | sed -n '1p')"
elif [ -r "$R/etc/selinux/config" ]; then
    say selinux.config "$(setting SELINUX "$R/etc/selinux/config")"
else
    say selinux absent
fi

# Free space where the agent and the extension write.
if has df; then
    dfout=$(df -P -k 2>/dev/null | awk 'NR > 1 && ($6 == "/" || $6 == "/var" || $6 == "/var/lib/waagent") { print $6 "|" $4 "|" $2 }')
    if [ -n "$dfout" ]; then
        while IFS= read -r l; do say disk "$l"; done <<EOT
$dfout
EOT
    else
        say disk na
    fi
else
    say disk na
fi

# The backup extension: folders (the last three in name order) and the status of the latest sequence number.
total=0
for d in "$R"/var/lib/waagent/Microsoft.Azure.RecoveryServices.VMSnapshotLinux-*; do
    [ -d "$d" ] && total=$((total + 1))
done
found=0
for d in "$R"/var/lib/waagent/Microsoft.Azure.RecoveryServices.VMSnapshotLinux-*; do
    [ -d "$d" ] || continue
    found=$((found + 1))
    [ $found -gt $((total - 3)) ] || continue
    ver=${d##*VMSnapshotLinux-}
    best=-1
    for s in "$d"/status/*.status; do
        [ -r "$s" ] || continue
        n=${s##*/}
        n=${n%.status}
        case $n in ''|*[!0-9]*) continue ;; esac
        [ "$n" -gt "$best" ] && best=$n
    done
    if [ "$best" -ge 0 ]; then
        st=$(grep -o '"status"[[:space:]]*:[[:space:]]*"[A-Za-z]*"' "$d/status/$best.status" 2>/dev/null | sed -n '1s/.*"\([A-Za-z]*\)"$/\1/p')
        say snapext "$ver|${st:-unreadable}|$best"
    else
        say snapext "$ver|none|"
    fi
done
[ $found -eq 0 ] && say snapext none

printf 'AZBT-END %s\n' "$N"
